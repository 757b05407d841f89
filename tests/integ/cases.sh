# Integration cases, sourced by tests/integ/run.sh. One line a case:
#   case_ NAME MACHINE CMDLINE [-e must-match]... [-x must-not-match]... [-t timeout-s]

# --- Bochs: VT-x present -------------------------------------------------
case_ bochs-vmx-discovery bochs "asi=on" \
    -e "hv: ASI hypervisor .* starting" \
    -e "firmware BIOS" \
    -e "mm: page tables: text RX, rodata RO, data RW\+NX" \
    -e "tsc: 3500\.000 MHz \(CPUID" \
    -e "vmx: VMCS revision 0x2b" \
    -e "vmx: .*ept=yes" -e "vmx: .*vpid=yes" -e "vmx: .*unrestricted-guest=yes" \
    -e "vmx: .*preemption-timer=yes" -e "cpu: pcid=yes invpcid=yes" \
    -e "vmx: VT-x ready" \
    -e "powering off \(ACPI S5"

case_ bochs-tigerlake bochs "asi=on" -c tigerlake \
    -e "vmx: VMCS revision 0x4," -e "vmx: .*monitor-trap-flag=yes" -e "vmx: VT-x ready"

# Deliberate exceptions: the dump names vector, error code, registers and
# the faulting function; then the machine stops cleanly.
case_ fault-ud bochs "test=fault-ud" \
    -e "FATAL: exception #UD invalid opcode \(vector 6\), error code 0x0" \
    -e "RIP ffffffff802[0-9a-f]+ <test_fault_ud\+0x" -e "RAX [0-9a-f]{16} RBX" -e "CR3 " \
    -e "stopping the machine" -x "VT-x ready"
case_ fault-pf bochs "test=fault-pf" \
    -e "FATAL: exception #PF page fault \(vector 14\), error code 0x0" \
    -e "CR2 ffffffff70000000" -e "<test_fault_pf\+0x" \
    -e "page not present on read in supervisor mode" -e "called from .*<(selftest_fault|hv_main|start64_high)\+0x" \
    -x "VT-x ready"
case_ fault-gp bochs "test=fault-gp" \
    -e "FATAL: exception #GP general protection \(vector 13\)" -e "<test_fault_gp\+0x" -x "VT-x ready"
case_ fault-de bochs "test=fault-de" \
    -e "FATAL: exception #DE divide error \(vector 0\)" -e "<test_fault_de\+0x" -x "VT-x ready"
case_ fault-df bochs "test=fault-df" \
    -e "FATAL: exception #DF double fault \(vector 8\)" -e "<test_fault_stack\+0x" -x "VT-x ready"

# Bad command line: named, defaults kept, boot goes on.
case_ bad-cmdline bochs "asi=maybe frobnicate loglvl=9" \
    -e "warning: cmdline: asi=maybe is not on or off; keeping asi=on" \
    -e "warning: cmdline: unknown option 'frobnicate'" \
    -e "warning: cmdline: loglvl=9" \
    -e "options asi=on " -e "vmx: VT-x ready"
case_ asi-off-verbose bochs "asi=off verbose" -e "options asi=off asi_flush=none loglvl=3"

# --- QEMU TCG (AMD SVM with nested paging, -cpu EPYC,+svm,+npt): every boot path reaches the
# SVM backend; with no VMs given, the clean stop. A CPU with neither VT-x nor SVM, or SVM without
# nested paging, stops with a line that says so and what to use instead.
SVMUP="svm: EFER.SVME set; VMCB per vCPU"
case_ qemu-bios-svm qemu-bios "" -e "firmware BIOS" -e "cpu: vendor AuthenticAMD" -e "$SVMUP" \
    -e "no VM to run; stopping" -e "powering off \(ACPI S5"
case_ qemu-ovmf-svm qemu-ovmf "" -e "firmware UEFI" -e "mm: memory map" -e "$SVMUP" \
    -e "powering off \(ACPI S5"
case_ qemu-ipxe-bios-svm qemu-ipxe-bios "" -e "firmware BIOS" -e "$SVMUP"
case_ qemu-ipxe-efi-svm qemu-ipxe-efi "" -e "firmware UEFI" -e "$SVMUP" -t 180
case_ qemu-novirt qemu-bios "" -c qemu64,-svm -e "firmware BIOS" \
    -e "neither VT-x nor AMD SVM available: CPUID.1:ECX.VMX\[bit 5\] = 0 and CPUID.80000001H:ECX.SVM\[bit 2\] = 0 on this AuthenticAMD CPU \(use a CPU with VT-x or AMD-V, QEMU with -cpu EPYC,\+svm,\+npt" \
    -e "powering off \(ACPI S5" -x "svm: revision"
case_ qemu-svm-no-npt qemu-bios "" -c qemu64 \
    -e "AMD SVM without nested paging \(CPUID.8000000AH:EDX.NP = 0\): guests need NPT \(QEMU: -cpu EPYC,\+svm,\+npt\); stopping"
# A multiboot v1 loader (QEMU -kernel) gets a clear refusal, not a crash.
case_ qemu-kernel-mb1-refused qemu-kernel "" \
    -e "not started by a multiboot2 loader: EAX=0x2badb002" -e "multiboot v1 magic" -x "VT-x" -x "svm:"

# --- Guests (tests/guests) through tools/hvrun, as QEMU -kernel would run them
for g in cpuid msr pio acpi mmio lapic exc hypercall; do
    case_ guest-$g hvrun "--kernel build/guests/$g.elf --memory 32" -s 1 \
        -e "\[$g\] RESULT PASS" -x "\[$g\] FAIL" -e "hv: vm $g ended \(exit code 1\): debug-exit"
done
# architectural behaviour (tests/guests/arch.c): RF on #GP, single-step over an exit, watchpoints,
# unassigned GPAs read all ones (said once), pc-testdev ports and IRQ lines (hvrun gives testdev = 1)
case_ guest-arch hvrun "--kernel build/guests/arch.elf --memory 32 --verbose" -s 1 \
    -e "\[arch\] RESULT PASS" -x "\[arch\] FAIL" \
    -e "vm arch: read from guest-physical 0xd0000000, where there is no RAM and no device .*reads all ones" \
    -x "vm arch: write to guest-physical"
# hvrun --verbose streams the hypervisor's lines to the very last (statistics, power-off)
case_ hvrun-verbose hvrun "--kernel build/guests/cpuid.elf --memory 16 --verbose" -s 1 \
    -o "^\[?PASS|^PASS" -o "hv: vm cpuid exit statistics" -o "hv: powering off" \
    -o "hvrun: vm cpuid ended \(exit code 1\)"
case_ guest-hypercall-console hvrun "--kernel build/guests/hypercall.elf --memory 16" -s 1 \
    -e "\[hypercall\] hello from the console hypercall"
case_ hvrun-append hvrun "--kernel build/guests/pio.elf --memory 16 --append 'quiet=1 x'" -s 1 \
    -e "cmdline 'pio.elf quiet=1 x'" -e "PASS fwcfg-cmdline: 'quiet=1 x'"

# --- Hostile guests next to a healthy one: each ends alone, clearly ------
V=tests/integ/vms
G=build/guests
case_ hostile-vms bochs "watchdog=50" -t 180 \
    -m $V/healthy.cfg -m $G/cpuid.elf \
    -m $V/h_triple.cfg -m $G/h_triple.elf \
    -m $V/h_spin.cfg -m $G/h_spin.elf \
    -m $V/h_mmio_unmapped.cfg -m $G/h_mmio_unmapped.elf \
    -m $V/h_mmio_bad.cfg -m $G/h_mmio_bad.elf \
    -m $V/h_ptwrite.cfg -m $G/h_ptwrite.elf \
    -m $V/badimage.cfg -m $V/not-a-kernel.bin \
    -m $V/badsyntax.cfg -m $V/missing.cfg \
    -e "vm config badsyntax.cfg:2: unknown key 'memroy' \(did you mean 'memory'\?\); VM not started" \
    -e "vm missing \(missing.cfg\): kernel 'no-such-module.elf' is not among the boot modules; VM not started" \
    -e "vm badimage \(badimage.cfg\): kernel 'not-a-kernel.bin': no multiboot v1 header .*; VM not started" \
    -e "vm triple ended \(exit code -1\): triple fault" \
    -e "vm spin ended \(exit code -1\): watchdog: no exit for 50 ms with interrupts disabled" \
    -e "vm mmio-unmapped ended \(exit code -1\): access to unmapped guest-physical address 0xd0000000" \
    -e "vm mmio-bad ended \(exit code -1\): cannot emulate MMIO at 0xfee00080 .*not a MOV/STOS form" \
    -e "\[ptwrite\] through the mapping: LAPIC version 0x50014" \
    -e "vm ptwrite ended \(exit code -1\): (cannot emulate MMIO at 0xfee00030 by RIP 0x400000|triple fault)" \
    -e "\[healthy\] RESULT PASS" -e "vm healthy ended \(exit code 1\)" \
    -e "all VMs have ended"

# --- virtio-blk against a hostile driver (tests/guests/h_virtio.c), a healthy VM beside it; the
# disks hold sector patterns (byte i of sector s = (s + i) & 0xff). Configs that name absent or
# shared-writable images are refused with the reason.
python3 -c "import sys; sys.stdout.buffer.write(bytes((s + i) & 0xff for s in range(128) for i in range(512)))" > $G/hdisk.img
cp $G/hdisk.img $G/hdisk-ro.img
case_ virtio-hostile bochs "asi=on test=asi-audit" -t 240 \
    -m $V/healthy.cfg -m $G/cpuid.elf -m $V/h_virtio.cfg -m $G/h_virtio.elf -m $G/hdisk.img -m $G/hdisk-ro.img \
    -m $V/disk_missing.cfg -m $V/disk_shared.cfg \
    -e "vm hvirtio: disk xvda: 'hdisk.img', 64 KiB, read-write, as virtio-blk 00:02.0" \
    -e "vm hvirtio: disk xvdb: 'hdisk-ro.img', 64 KiB, read-only, as virtio-blk 00:03.0" \
    -e "vm diskmissing \(disk_missing.cfg\): disk xvda: target 'nothere.img' is not among the boot modules; VM not started" \
    -e "vm diskshared \(disk_shared.cfg\): disk xvdc: image 'hdisk.img' is already vm hvirtio's disk xvda; only read-only images may be shared; VM not started" \
    -e "\[hvirtio\] RESULT PASS: 30 checks, 0 failed" -x "\[hvirtio\] FAIL" \
    -e "vm hvirtio: vif 0: mac 00:16:3e:[0-9a-f:]+ on bridge 'hostile', as virtio-net 00:04.0" \
    -e "vm hvirtio: virtio-net 00:04.0: transmit header asks for segmentation or checksum offload \(not offered\); device needs reset" \
    -e "\[hvirtio\] PASS net-good-frame-sent" \
    -e "vm hvirtio: virtio-blk 00:02.0: queue notification before DRIVER_OK; device needs reset" \
    -e "vm hvirtio: virtio-blk 00:02.0: queue size is not a power of two up to 256; device needs reset" \
    -e "vm hvirtio: virtio-blk 00:02.0: descriptor chain loops \(longer than the queue\); device needs reset" \
    -e "vm hvirtio: virtio-blk 00:02.0: buffer outside the VM's RAM; device needs reset" \
    -e "\[healthy\] RESULT PASS" -e "asi-audit: after the run: PASS" -e "vm hvirtio asi: on, 0 asi_exits"

# hvrun --disk (like QEMU's -drive file=..,if=virtio; ",ro" read-only) and several VMs from
# their own xl.cfg files (modules next to each), every console line tagged with its VM
case_ hvrun-disk hvrun "--kernel build/guests/h_virtio.elf --memory 8 --disk $G/hdisk.img --disk $G/hdisk-ro.img,ro" -s 1 \
    -o "^PASS read-two-sectors" -o "^PASS read-only-write-ioerr" -o "^RESULT PASS: 26 checks, 0 failed"
rm -rf build/integ-pair && mkdir -p build/integ-pair && cp $G/cpuid.elf $G/heartbeat.elf build/integ-pair/
printf 'name = "one"\nmemory = 8\nkernel = "cpuid.elf"\n' > build/integ-pair/one.cfg
printf 'name = "two"\nmemory = 8\nkernel = "heartbeat.elf"\nextra = "beats=3"\n' > build/integ-pair/two.cfg
case_ hvrun-configs hvrun "--config build/integ-pair/one.cfg --config build/integ-pair/two.cfg" -s 1 \
    -o "^\[one\] RESULT PASS" -o "^\[two\] PASS heartbeat: 3 beats" -o "^\[two\] RESULT PASS"

# --- Several CPUs (docs/smp.md; -n: CPUs of the emulated machine) ---------
case_ smp-4cpus bochs "test=ipi-flush" -n 4 \
    -m $V/healthy.cfg -m $G/cpuid.elf -m $V/pin1.cfg -m $V/pin_absent.cfg -m $V/ap_idle.cfg \
    -e "smp: 4 CPUs online \(APIC IDs 0,1,2,3\)" \
    -e "smp: test ipi-flush: 3 CPUs asked, 3 flushes done and acknowledged" \
    -e "vm healthy: runs on CPU 0$" -e "vm pinned: runs on CPU 1 \(cpus = \"1\"\)" \
    -e "vm nowhere: cpus = \"5-6\" names no online CPU \(online: 0-3\); it runs on any" \
    -e "vm nowhere: runs on CPU 2 \(cpus" \
    -e "\[healthy\] RESULT PASS" -e "\[pinned\] RESULT PASS" -e "\[nowhere\] RESULT PASS" \
    -e "\[apidle\] RESULT PASS" -e "vm apidle ended \(exit code 1\)" -e "vCPU 1: ran on CPU none, 0 ms, 0 exits" \
    -e "all VMs have ended"
case_ smp-maxcpus bochs "maxcpus=2" -n 4 -m $V/healthy.cfg -m $G/cpuid.elf \
    -e "smp: 2 CPUs online \(APIC IDs 0,1\)" -e "smp: 2 more CPUs left offline by maxcpus=2" \
    -e "\[healthy\] RESULT PASS"
# a CPU that never answers INIT-SIPI-SIPI (test=ap-silent: CPU 1 halts at once) is named and skipped
case_ smp-ap-silent bochs "test=ap-silent" -n 2 -m $V/healthy.cfg -m $G/cpuid.elf \
    -e "smp: CPU with APIC ID 1 did not answer INIT-SIPI-SIPI; left offline" \
    -e "smp: 1 CPU online \(APIC IDs 0\)" -e "\[healthy\] RESULT PASS"
case_ smp-one-cpu bochs "" -m $V/healthy.cfg -m $G/cpuid.elf \
    -e "smp: 1 CPU online \(APIC IDs 0\)" -e "\[healthy\] RESULT PASS" -x "runs on CPU"
case_ smp-fault-ap bochs "test=fault-ap" -n 2 -m $V/healthy.cfg -m $G/cpuid.elf \
    -e "FATAL: exception #UD invalid opcode \(vector 6\), error code 0x0 on CPU 1" \
    -e "RIP [0-9a-f]+ <ap_main\+" -x "all VMs have ended"
# a guest with two vCPUs on one CPU: it starts its AP (INIT-SIPI-SIPI), IPIs both ways
# (physical, logical, all-but-self), an NMI through the ICR, INIT/SIPI to absent IDs, a flood
case_ smp-guest-2vcpus bochs "" -m $V/smp2.cfg -m $G/smp.elf \
    -e "\[smp\] RESULT PASS: 12 checks, 0 failed" \
    -e "vCPU 0: ran on CPU 0, [0-9]+ ms, [1-9][0-9]* exits, 0 migrations" \
    -e "vCPU 1: ran on CPU 0, [0-9]+ ms, [1-9][0-9]* exits, 0 migrations" \
    -e "hv: vm smp asi: on, 0 asi_exits"
# the same guest with its vCPUs on two CPUs at once: every IPI crosses CPUs (a kick)
case_ smp-guest-2vcpus-2cpus bochs "" -n 2 -m $V/smp2.cfg -m $G/smp.elf \
    -e "vm smp: vCPUs 0-1 run on CPUs 0,1" \
    -e "\[smp\] RESULT PASS: 12 checks, 0 failed" \
    -e "vCPU 0: ran on CPU 0, [0-9]+ ms, [1-9][0-9]* exits, 0 migrations" \
    -e "vCPU 1: ran on CPU 1, [0-9]+ ms, [1-9][0-9]* exits, 0 migrations" \
    -e "hv: vm smp asi: on, 0 asi_exits"
# the hostile guests again, spread over two CPUs that run at once
case_ hostile-vms-2cpus bochs "watchdog=50" -n 2 -t 180 \
    -m $V/healthy.cfg -m $G/cpuid.elf \
    -m $V/h_triple.cfg -m $G/h_triple.elf \
    -m $V/h_spin.cfg -m $G/h_spin.elf \
    -m $V/h_mmio_unmapped.cfg -m $G/h_mmio_unmapped.elf \
    -m $V/h_ptwrite.cfg -m $G/h_ptwrite.elf \
    -e "smp: 2 CPUs online" -e "vm spin: runs on CPU 0" -e "vm mmio-unmapped: runs on CPU 1" \
    -e "vm triple ended \(exit code -1\): triple fault" \
    -e "vm spin ended \(exit code -1\): watchdog: no exit for 50 ms with interrupts disabled" \
    -e "vm mmio-unmapped ended \(exit code -1\): access to unmapped guest-physical address 0xd0000000" \
    -e "\[healthy\] RESULT PASS" -e "vm healthy ended \(exit code 1\)" \
    -e "all VMs have ended"

# --- ASI (docs/asi.md) ---------------------------------------------------
case_ asi-audit bochs "test=asi-audit" \
    -m $V/healthy.cfg -m $G/cpuid.elf -m $V/probe.cfg -m $G/asiprobe.elf \
    -e "asi-audit: vm healthy restricted space" -e "asi-audit: vm probe restricted space" \
    -e "asi-audit:   hypervisor text +[1-9][0-9]* pages" -e "asi-audit:   own VM state +[1-9][0-9]* pages" \
    -e "asi-audit:   physmap +0 pages  \(must be 0\)" -e "asi-audit:   other VM state +0 pages" \
    -e "asi-audit:   guest memory +0 pages" -e "asi-audit:   hypervisor data \(sensitive\) +0 pages" \
    -e "asi-audit: vm healthy on CPU 0: PASS" -e "asi-audit: vm probe on CPU 0: PASS" \
    -e "asi-audit:   own CPU's private area +[1-9][0-9]* pages" \
    -e "asi-audit:   another CPU's private area +0 pages" \
    -e "asi-audit: PASS: no restricted space maps anything sensitive" -x "VIOLATION"
# two VMs on two CPUs at once: every (VM, CPU) root audited after the run
case_ asi-audit-2cpus bochs "test=asi-audit" -n 2 \
    -m $V/healthy.cfg -m $G/cpuid.elf -m $V/probe.cfg -m $G/asiprobe.elf \
    -e "vm healthy: runs on CPU 0" -e "vm probe: runs on CPU 1" \
    -e "asi-audit: vm probe on CPU 1: PASS" -e "asi-audit: vm healthy on CPU 0: PASS" \
    -e "asi-audit:   another CPU's private area +0 pages" \
    -e "asi-audit: after the run: PASS: no restricted space maps anything sensitive" -x "VIOLATION"
case_ asi-probe bochs "test=asi-probe asi=on" \
    -m $V/probe.cfg -m $G/asiprobe.elf -m $V/healthy.cfg -m $G/cpuid.elf \
    -e "asi-probe: vm probe read another VM's RAM at ffff888[0-9a-f]+: restricted space maps it: no; asi_exits 0 -> 1 \(asi=on\)" \
    -e "\[probe\] probe: 1 asi_exits" -e "\[probe\] probe again: 1 asi_exits" \
    -e "asi_exit x2: page fault in probe_read[.a-z0-9]* touching physmap"
# two CPUs: the probe VM's exit looks at the window address while the other CPU copies the
# copier VM's page through its window there
case_ asi-probe-xcpu bochs "test=asi-probe-xcpu asi=on" -n 2 \
    -m $V/probe.cfg -m $G/asiprobe.elf -m $V/ephcopy.cfg -m $G/ephcopy.elf \
    -e "vm probe: runs on CPU 0" -e "vm copier: runs on CPU 1" \
    -e "asi-probe: CPU 1's ephmap window [0-9] holds vm copier's page [0-9a-f]+ while vm probe's exit on CPU 0 looks at the same address: its restricted space maps (its own CPU's window, not that page|nothing there)" \
    -e "\[probe\] probe: 1 asi_exits" -e "\[copier\] RESULT PASS" -x "THAT PAGE"
case_ asi-probe-off bochs "test=asi-probe asi=off" \
    -m $V/probe.cfg -m $G/asiprobe.elf -m $V/healthy.cfg -m $G/cpuid.elf \
    -e "restricted space maps it: no; asi_exits 0 -> 0 \(asi=off\)" -e "\[probe\] probe: 0 asi_exits"
for asi in on off; do
    case_ asi-zero-$asi hvrun "--kernel build/guests/asizero.elf --memory 16 --asi $asi" -s 1 -t 240 \
        -e "\[asizero\] RESULT PASS" -x "\[asizero\] FAIL" \
        -e "vm asizero asi: $asi, 0 asi_exits in [0-9]+ exits \(0 per 1000\)"
done
# the same with two vCPUs on a two-CPU machine (its AP never started; smp-guest-2vcpus has IPIs)
case_ asi-zero-2vcpus hvrun "--kernel build/guests/asizero.elf --memory 16 --vcpus 2 --host-cpus 2" -s 1 -t 240 \
    -e "smp: 2 CPUs online" -e "\[asizero\] RESULT PASS" -x "\[asizero\] FAIL" \
    -e "vm asizero asi: on, 0 asi_exits in [0-9]+ exits \(0 per 1000\)" -e "vCPU 1: ran on CPU none"
# every guest suite again with ASI off
for g in cpuid msr pio acpi mmio lapic exc hypercall; do
    case_ guest-$g-asi-off hvrun "--kernel build/guests/$g.elf --memory 32 --asi off" -s 1 \
        -e "\[$g\] RESULT PASS" -x "\[$g\] FAIL" -e "vm $g asi: off"
done

# --- Exit benchmark (issue #5): tables complete and well formed, asi_exits 0; no timing asserted
EB=()
for x in cpuid vmcall pio-in pio-out rdmsr wrmsr mmio-read mmio-write cr0-wp hlt-ipi lapic-timer; do
    EB+=(-e "### $x: " -e "\| $x \| [0-9]+ \| [0-9]+ \| [+-][0-9]+\.[0-9]% \| 0 \| 0 \| [0-9]+ \| [0-9]+ \|")
    EB+=(-e "CSV,$x,asi-off,20,[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]+,0$" -e "CSV,$x,asi-on,20,[0-9]+,[0-9]+,[0-9]+,[0-9]+,[0-9]+,0$")
done
case_ exitbench hvrun "--kernel build/guest-tools/exitbench.elf --memory 16 --set asi_guest_control=1 --append 'samples=20 rounds=2'" -s 1 \
    -e "exitbench: machine \".+\", clock tsc, 20 samples x 2 rounds" -e "### summary" \
    -e "\| asi-off \| 20 \| [0-9]+ \| [0-9]+ \| [0-9]+ \|  \|" -e "\| asi-on \| 20 \| [0-9]+ \| [0-9]+ \| [0-9]+ \| [+-][0-9.]+% \|" \
    "${EB[@]}" -e "exitbench: done"

# the rows between two vCPUs on two CPUs (a kick each way; the halted one polls, no IPI needed)
XB=()
for x in ipi-xcpu wake-xcpu; do
    XB+=(-e "\| $x \| [0-9]+ \| [0-9]+ \| [+-][0-9]+\.[0-9]% \| 0 \| 0 \| [0-9]+ \| [0-9]+ \|")
done
case_ exitbench-xcpu hvrun "--kernel build/guest-tools/exitbench.elf --memory 16 --vcpus 2 --host-cpus 2 --set asi_guest_control=1 --append 'samples=20 rounds=2 xcpu=1'" -s 1 \
    -e "vm exitbench: vCPUs 0-1 run on CPUs 0,1" "${XB[@]}" -e "exitbench: done" \
    -e "vCPU 1: ran on CPU 1, [0-9]+ ms, [1-9][0-9]* exits"

# --- Linux (issue #6): Debian's stock kernel (PVH vmlinux), busybox shell, typed commands
if [ -f build/linux/vmlinux ]; then
    case_ linux-pvh-shell linux-session \
        "--kernel build/linux/vmlinux --initrd build/linux/initrd.img --version $(cat build/linux/version) --console-keys --second-vm --disks" -t 900 \
        -e "hv: vm linux: 256 MiB .* PVH kernel 'vmlinux'" -e "ASI guest: Linux .* is up" \
        -e "hv: vm linux: disk xvda: 'data.img', 16384 KiB, read-write, as virtio-blk 00:02.0 \(writes stay in RAM: gone at power-off\)" \
        -e "hv: vm linux: disk xvdb: 'ro.img', 4096 KiB, read-only, as virtio-blk 00:03.0" \
        -e "hv: vm linux ended \(exit code 0\): ACPI power-off" -e "hv: vm linux asi: on, 0 asi_exits"
    # two Linux VMs on one bridge (virtio-net, the hypervisor's switch): ping, 2 MiB over TCP with equal
    # checksums, 0 asi_exits; the destroyed peer's port goes with it
    case_ linux-net linux-session \
        "--kernel build/linux/vmlinux --initrd build/linux/initrd.img --version $(cat build/linux/version) --net" -t 900 \
        -e "hv: vm linux: vif 0: mac 00:16:3e:00:00:01 on bridge 'br0', as virtio-net 00:02.0" \
        -e "hv: vm peer: vif 0: mac 00:16:3e:00:00:02 on bridge 'br0'" \
        -e "hv: vm peer asi: on, 0 asi_exits" -e "hv: vm linux asi: on, 0 asi_exits" \
        -e "hv: vm peer: vif 0 on bridge 'br0': [0-9]+ frames sent, [0-9]+ received"
    # the same kernel as Debian ships it: bzImage through the Linux boot protocol (the guest decompresses),
    # sharing its one CPU with a VM that spins with interrupts on: the shell still answers
    case_ linux-bzimage-shell linux-session \
        "--kernel build/linux/vmlinuz --initrd build/linux/initrd.img --version $(cat build/linux/version) --spin-vm" -t 1200 \
        -e "hv: vm linux: 256 MiB .* bzImage \(boot protocol 2.x, 32-bit entry\) kernel 'vmlinuz'" \
        -e "ASI guest: Linux .* is up" -e "hv: vm linux ended \(exit code 0\): ACPI power-off" \
        -e "\[spin\] alive [0-9]+" -e "hv: vm spin ended \(exit code -1\): destroyed from the console"
    # two vCPUs on two CPUs at once: Linux brings up its AP, runs a process on each, in parallel
    case_ linux-smp-shell linux-session \
        "--kernel build/linux/vmlinux --initrd build/linux/initrd.img --version $(cat build/linux/version) --vcpus 2 --host-cpus 2" -t 1200 \
        -e "ASI guest: Linux .* is up" -e "vm linux: vCPUs 0-1 run on CPUs 0,1" \
        -e "vCPU 0: ran on CPU 0, " -e "vCPU 1: ran on CPU 1, " -e "hv: vm linux asi: on, 0 asi_exits"
    # four vCPUs time-shared on two CPUs: it boots, its shell answers, each vCPU works
    case_ linux-smp4-shell linux-session \
        "--kernel build/linux/vmlinux --initrd build/linux/initrd.img --version $(cat build/linux/version) --vcpus 4 --host-cpus 2" -t 1500 \
        -e "ASI guest: Linux .* is up" -e "vm linux: vCPUs 0-3 run on CPUs 0,1,0,1" \
        -e "vCPU 3: ran on CPU [0-9,-]+, [0-9]+ ms, [1-9][0-9]* exits" -e "hv: vm linux asi: on, 0 asi_exits"
    # bad Linux inputs: a truncated bzImage, an initrd that does not fit; the healthy VM runs
    head -c 1048576 build/linux/vmlinuz > build/linux/vmlinuz.trunc
    case_ linux-bad-inputs bochs "asi=on" -t 240 \
        -m $V/truncated.cfg -m build/linux/vmlinuz.trunc -m $V/tinylinux.cfg -m build/linux/vmlinuz \
        -m build/linux/initrd.img -m $V/healthy.cfg -m $G/cpuid.elf \
        -e "vm truncated \(truncated.cfg\): kernel 'vmlinuz.trunc': bzImage truncated: the protected-mode kernel needs [0-9]+ bytes, [0-9]+ present; VM not started" \
        -e "vm tinylinux \(tinylinux.cfg\): kernel 'vmlinuz': initrd \([0-9]+ bytes\) does not fit in the VM's 81 MiB" \
        -e "\[healthy\] RESULT PASS"
    # the default ISO (make iso / make run): its first menu entry boots config/linux.cfg
    # (Linux is the control VM beside the tiny VM: every hvctl command against it)
    case_ default-iso-linux linux-session \
        "--iso build/hv.iso --kernel build/linux/vmlinux --initrd build/linux/initrd.img --version $(cat build/linux/version) --hvctl" -t 900 \
        -e "boot: module 0: 'linux.cfg'" -e "vm linux: the control VM" -e "ASI guest: Linux .* is up" \
        -e "\[tiny\] tiny: up" -e "hv: vm linux ended \(exit code 0\)" \
        -e "hv: vm tiny ended \(exit code -1\): the control VM linux ended" -e "asi_exit x[0-9]+: control hypercall in hc_control"
fi

# --- at most one control VM: the second is refused with the first one's name
case_ control-vm-at-most-one bochs "asi=on" -m $V/ctl_a.cfg -m $V/ctl_b.cfg -m $G/cpuid.elf \
    -e "vm ctla: the control VM: it may list, pause, destroy and create the others" \
    -e "vm ctlb \(ctl_b.cfg\): control = 1, but vm ctla \(ctl_a.cfg\) is the control VM already: there is at most one; VM not started" \
    -e "\[ctla\] RESULT PASS"

# --- on_reboot = "restart", CMOS NVRAM across it, the RTC's real time
case_ vm-reboot-restart bochs "asi=on" -m $V/reboot.cfg -m $G/reboot.elf \
    -e "\[reboot\] first boot: resetting through the i8042" \
    -e "hv: vm reboot restarting \(on_reboot = restart\): reset through the i8042 controller" \
    -e "\[reboot\] second boot: CMOS NVRAM kept across the restart" \
    -e "\[reboot\] PASS rtc-real-time: 20[0-9]{2}-" -e "vm reboot ended \(exit code 1\)"

# --- Security regressions (docs/security.md): one guest per hole, a healthy VM beside them.
# test=asi-residue: afterwards every restricted space is searched for the other VMs' secrets.
case_ security-regressions bochs "test=asi-residue" -t 240 \
    -m $V/healthy.cfg -m $G/cpuid.elf \
    -m $V/sec_hcpriv.cfg -m $V/sec_hcpriv_ctl.cfg -m $G/sec_hcpriv.elf \
    -m $V/sec_ephmap.cfg -m $G/sec_ephmap.elf \
    -m $V/sec_residue_a.cfg -m $V/sec_residue_b.cfg -m $G/sec_residue.elf \
    -m $V/sec_regs.cfg -m $G/sec_regs.elf -m $V/sec_misc.cfg -m $G/sec_misc.elf \
    -e "\[hcpriv\] RESULT PASS" -e "\[hcpriv-ctl\] RESULT PASS" -e "\[hcpriv\] PASS ring3-asi-set-eperm" \
    -e "\[hcpriv\] PASS ring0-asi-set-eperm" -e "\[hcpriv\] PASS ring3-control-calls-eacces: 9 of 9" -e "\[hcpriv\] PASS ring0-control-calls-eacces: 9 of 9" -e "\[hcpriv-ctl\] PASS ring0-asi-set-allowed" \
    -e "vm hcpriv asi: on" -x "ring 3 must not print this" -x "by the control VM" \
    -e "\[ephmap\] PASS console-write-past-ram-efault: 192 of 192" -e "\[ephmap\] PASS mmio-fetch-crossing-past-ram: 50 of 50" -e "\[ephmap\] RESULT-SO-FAR" \
    -e "vm ephmap ended \(exit code -1\): (cannot emulate MMIO at 0xfee00030 by RIP 0x400000: instruction bytes not readable|access to unmapped guest-physical address 0x1800000)" \
    -e "\[resa\] RESULT PASS" -e "\[resb\] RESULT PASS" \
    -e "asi-residue: vm resa: [1-9][0-9]* shared pages scanned, PASS: no other VM's secret; its own secret in its own state: seen" \
    -e "asi-residue: vm resb: [1-9][0-9]* shared pages scanned, PASS: no other VM's secret; its own secret in its own state: seen" \
    -e "asi-residue: PASS" \
    -e "\[regs\] RESULT PASS" -e "\[misc\] RESULT PASS" -e "\[misc\] PASS initial-mxcsr: 0x1f80" \
    -e "\[healthy\] RESULT PASS" -e "vm healthy ended \(exit code 1\)" \
    -e "vm regs: 8 MiB of guest RAM scrubbed and freed" -x "VIOLATION" -x "\] FAIL"

# --- The exit-fuzzing guest (make fuzz-guest): >= 10^5 VM exits over 4 seeds, a heartbeat VM beside it,
# every seed ending in a contained VM end, the ASI audit before and after.
case_ fuzz-guest fuzz-guest "SEED=1 SEEDS=4 EXITS=40000 MIN_EXITS=100000" -t 300 \
    -e "\[fuzz\] fuzz: seeds 4 \(from 1\), exiting instructions 160000, .* anomalies 0" -e "\[heartbeat\] RESULT PASS" \
    -e "asi-audit: after the run: PASS" -x "\[fuzz\] ANOMALY"

# --- The SVM backend (docs/svm.md): the same suites in QEMU TCG with AMD SVM and nested paging
# (-q: -cpu EPYC,+svm,+npt; hvrun --emulator qemu). QEMU has no next-RIP save, decode assists,
# PCID or x2APIC, and flushes its whole TLB at every VMRUN and #VMEXIT: Bochs stays the machine
# for TLB correctness, QEMU is the fast one.
case_ svm-discovery bochs "asi=on" -q -m $V/healthy.cfg -m $G/cpuid.elf \
    -e "cpu: vendor AuthenticAMD" -e "svm: revision 1, 16 ASIDs, nested paging yes, next-RIP save no" \
    -e "svm: no next-RIP save: instruction lengths come from the exit kind" \
    -e "arch: [1-9][0-9]* backend call sites switched to SVM" -e "$SVMUP" \
    -e "asi: .*no PCID\+INVPCID on this CPU: every switch flushes the TLB" \
    -e "\[healthy\] RESULT PASS" -e "hv: vm healthy asi: on, 0 asi_exits" -x "vmx:"
for g in cpuid msr pio acpi mmio lapic exc hypercall arch fpu; do
    ic=; [ $g = lapic ] && ic=--icount
    case_ svm-guest-$g hvrun "--kernel build/guests/$g.elf --memory 32 $ic" -q -s 1 \
        -e "\[$g\] RESULT PASS" -x "\[$g\] FAIL" -e "hv: vm $g ended \(exit code 1\): debug-exit" \
        -e "vm $g asi: on, 0 asi_exits"
done
# lapic with --icount: the TSC counts instructions there, as in Bochs (without it, QEMU's TSC is
# wall time and the guest's 200000-tick LAPIC timer can expire during one emulated MMIO exit)
# the SVM instructions, EFER.SVME and the SVM MSRs from a guest: #UD and #GP, a healthy VM beside it
case_ svm-hostile bochs "watchdog=50" -q -t 180 \
    -m $V/healthy.cfg -m $G/cpuid.elf -m $V/h_svm.cfg -m $G/h_svm.elf \
    -m $V/h_triple.cfg -m $G/h_triple.elf -m $V/h_spin.cfg -m $G/h_spin.elf \
    -m $V/h_mmio_unmapped.cfg -m $G/h_mmio_unmapped.elf -m $V/h_ptwrite.cfg -m $G/h_ptwrite.elf \
    -e "\[hsvm\] RESULT PASS: 16 checks, 0 failed" -x "\[hsvm\] FAIL" \
    -e "vm triple ended \(exit code -1\): triple fault" \
    -e "vm spin ended \(exit code -1\): watchdog: no exit for 50 ms with interrupts disabled" \
    -e "vm mmio-unmapped ended \(exit code -1\): access to unmapped guest-physical address 0xd0000000" \
    -e "\[healthy\] RESULT PASS" -e "vm healthy ended \(exit code 1\)" -e "all VMs have ended"
case_ svm-asi-audit bochs "test=asi-audit" -q -n 2 \
    -m $V/healthy.cfg -m $G/cpuid.elf -m $V/probe.cfg -m $G/asiprobe.elf \
    -e "asi-audit: vm healthy on CPU 0: PASS" -e "asi-audit: vm probe on CPU 1: PASS" \
    -e "asi-audit:   physmap +0 pages  \(must be 0\)" -e "asi-audit:   other VM state +0 pages" \
    -e "asi-audit: after the run: PASS: no restricted space maps anything sensitive" -x "VIOLATION"
case_ svm-asi-probe bochs "test=asi-probe asi=on" -q \
    -m $V/probe.cfg -m $G/asiprobe.elf -m $V/healthy.cfg -m $G/cpuid.elf \
    -e "asi-probe: vm probe read another VM's RAM at ffff888[0-9a-f]+: restricted space maps it: no; asi_exits 0 -> 1 \(asi=on\)" \
    -e "\[probe\] probe: 1 asi_exits"
for asi in on off; do
    case_ svm-asi-zero-$asi hvrun "--kernel build/guests/asizero.elf --memory 16 --asi $asi" -q -s 1 -t 240 \
        -e "\[asizero\] RESULT PASS" -x "\[asizero\] FAIL" \
        -e "vm asizero asi: $asi, 0 asi_exits in [0-9]+ exits \(0 per 1000\)"
done
case_ svm-smp-guest-2vcpus-2cpus bochs "" -q -n 2 -m $V/smp2.cfg -m $G/smp.elf \
    -e "vm smp: vCPUs 0-1 run on CPUs 0,1" -e "\[smp\] RESULT PASS: 12 checks, 0 failed" \
    -e "hv: vm smp asi: on, 0 asi_exits"
case_ svm-security-regressions bochs "test=asi-residue" -q -t 240 \
    -m $V/healthy.cfg -m $G/cpuid.elf \
    -m $V/sec_hcpriv.cfg -m $V/sec_hcpriv_ctl.cfg -m $G/sec_hcpriv.elf \
    -m $V/sec_residue_a.cfg -m $V/sec_residue_b.cfg -m $G/sec_residue.elf \
    -m $V/sec_regs.cfg -m $G/sec_regs.elf -m $V/sec_misc.cfg -m $G/sec_misc.elf \
    -e "\[hcpriv\] RESULT PASS" -e "\[hcpriv-ctl\] RESULT PASS" -e "\[resa\] RESULT PASS" -e "\[resb\] RESULT PASS" \
    -e "asi-residue: PASS" -e "\[regs\] RESULT PASS" -e "\[misc\] RESULT PASS" -e "\[healthy\] RESULT PASS" \
    -x "VIOLATION" -x "\] FAIL"
case_ svm-exitbench hvrun "--kernel build/guest-tools/exitbench.elf --memory 16 --set asi_guest_control=1 --append 'samples=20 rounds=2'" -q -s 1 \
    -e "exitbench: machine \"AMD EPYC.*\", clock tsc, 20 samples x 2 rounds" "${EB[@]}" -e "exitbench: done"
if [ -f build/linux/vmlinux ]; then
    case_ svm-linux-pvh-shell linux-session \
        "--kernel build/linux/vmlinux --initrd build/linux/initrd.img --version $(cat build/linux/version) --disks" -q -t 300 \
        -e "svm: EFER.SVME set" -e "ASI guest: Linux .* is up" \
        -e "hv: vm linux ended \(exit code 0\): ACPI power-off" -e "hv: vm linux asi: on, 0 asi_exits"
    case_ svm-linux-bzimage-shell linux-session \
        "--kernel build/linux/vmlinuz --initrd build/linux/initrd.img --version $(cat build/linux/version)" -q -t 300 \
        -e "bzImage \(boot protocol 2.x, 32-bit entry\) kernel 'vmlinuz'" -e "ASI guest: Linux .* is up" \
        -e "hv: vm linux ended \(exit code 0\): ACPI power-off" -e "hv: vm linux asi: on, 0 asi_exits"
    # what make run boots where there is no usable VT-x: the default ISO in QEMU with SVM, to the shell
    case_ svm-default-iso-linux linux-session \
        "--iso build/hv.iso --kernel build/linux/vmlinux --initrd build/linux/initrd.img --version $(cat build/linux/version) --hvctl" -q -t 300 \
        -e "boot: module 0: 'linux.cfg'" -e "svm: EFER.SVME set" -e "ASI guest: Linux .* is up" -e "hv: vm linux ended \(exit code 0\)" \
        -e "hv: vm tiny ended \(exit code -1\): the control VM linux ended"
    # four VMs: Linux as the control VM (hvctl against tiny), the console keys on beat and later
    # make run itself (tools/run.sh on a terminal): Ctrl-A must pass QEMU's stdio mux
    case_ make-run-console run-console "" -t 300 -e "boot: module 0: 'linux.cfg'" -e "hv: vm tiny ended"
    case_ svm-linux-control linux-session \
        "--kernel build/linux/vmlinux --initrd build/linux/initrd.img --version $(cat build/linux/version) --hvctl --second-vm --console-keys" -q -t 400 \
        -e "vm linux: the control VM" -e "hv: vm tiny: built again from tiny.cfg" -e "hv: vm beat: built again from beat.cfg" \
        -e "hv: vm tiny ended \(exit code -1\): the control VM linux ended"
    case_ svm-linux-smp-shell linux-session \
        "--kernel build/linux/vmlinux --initrd build/linux/initrd.img --version $(cat build/linux/version) --vcpus 2 --host-cpus 2" -q -t 300 \
        -e "ASI guest: Linux .* is up" -e "vm linux: vCPUs 0-1 run on CPUs 0,1" -e "hv: vm linux asi: on, 0 asi_exits"
fi
