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
    -e "page not present on read in supervisor mode" -e "called from .*<(selftest_fault|hv_main)\+0x" \
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

# --- QEMU TCG: no VT-x, every boot path reaches the clean stop -----------
NOVMX="VT-x not available: CPUID.1:ECX.VMX\[bit 5\] = 0"
case_ qemu-bios-novmx qemu-bios "" -e "firmware BIOS" -e "$NOVMX" -e "powering off \(ACPI S5"
case_ qemu-ovmf-novmx qemu-ovmf "" -e "firmware UEFI" -e "mm: memory map" -e "$NOVMX" \
    -e "powering off \(ACPI S5"
case_ qemu-ipxe-bios-novmx qemu-ipxe-bios "" -e "firmware BIOS" -e "$NOVMX"
case_ qemu-ipxe-efi-novmx qemu-ipxe-efi "" -e "firmware UEFI" -e "$NOVMX" -t 180
# A multiboot v1 loader (QEMU -kernel) gets a clear refusal, not a crash.
case_ qemu-kernel-mb1-refused qemu-kernel "" \
    -e "not started by a multiboot2 loader: EAX=0x2badb002" -e "multiboot v1 magic" -x "VT-x"
