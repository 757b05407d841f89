#!/usr/bin/env python3
"""Boot the hypervisor with a Linux VM in Bochs, COM1 on a TCP socket, and
drive the guest shell like a person at the serial console: wait for the
banner, type commands, check the answers, power off, check that the
hypervisor printed the VM's exit statistics.

usage: linux_session.py --kernel K --initrd F --version V [--append S]
                        [--memory MiB] [--timeout S] --log FILE
Prints PASS/FAIL lines and exits 0 when every check passed."""
import argparse, os, re, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("--kernel", required=True)
ap.add_argument("--initrd", required=True)
ap.add_argument("--version", required=True)
ap.add_argument("--append", default="console=ttyS0 quiet cryptomgr.notests")   # as config/linux.cfg
ap.add_argument("--memory", type=int, default=256)
ap.add_argument("--timeout", type=int, default=900)
ap.add_argument("--log", required=True)
ap.add_argument("--asi", default="on")
ap.add_argument("--vcpus", type=int, default=1, help="the guest's vCPUs (xl.cfg vcpus =)")
ap.add_argument("--host-cpus", type=int, default=1, help="CPUs of the emulated machine")
ap.add_argument("--console-keys", action="store_true", help="also switch the console to the hypervisor (Ctrl-A x3) and try its keys")
ap.add_argument("--second-vm", action="store_true", help="a heartbeat VM beside Linux, to pause, restart and destroy")
ap.add_argument("--spin-vm", action="store_true", help="a VM that spins (interrupts on) beside Linux; destroyed at the end")
ap.add_argument("--disks", action="store_true", help="attach build/linux/data.img (rw) and ro.img (ro) as virtio-blk disks; mount, checksum, write")
ap.add_argument("--net", action="store_true", help="a second Linux VM (peer) on bridge br0 with Linux: ping, a TCP transfer, checksums")
ap.add_argument("--hvctl", action="store_true", help="Linux is the control VM (control = 1) beside a tiny VM: every hvctl command against it")
ap.add_argument("--emulator", default="bochs", choices=["bochs", "qemu"], help="bochs (VMX) or qemu (TCG, AMD SVM)")
ap.add_argument("--iso", help="boot this ISO (its default menu entry) instead of building one")
a = ap.parse_args()

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
work = tempfile.mkdtemp(prefix="hvlinux.")
cfg = os.path.join(work, "linux.cfg")
kname, iname = os.path.basename(a.kernel), os.path.basename(a.initrd)
with open(cfg, "w") as f:
    f.write(f'name = "linux"\nmemory = {a.memory}\nvcpus = {a.vcpus}\nkernel = "{kname}"\nramdisk = "{iname}"\n'
            f'extra = "{a.append}"\n')
mods = [cfg, a.kernel, a.initrd]
peer_mem = 0
if a.net:
    with open(cfg, "a") as f:
        f.write("vif = [ 'mac=00:16:3e:00:00:01, bridge=br0' ]\n")
    peer = os.path.join(work, "peer.cfg")
    peer_mem = 128
    with open(peer, "w") as f:
        f.write(f'name = "peer"\nmemory = {peer_mem}\nkernel = "{kname}"\nramdisk = "{iname}"\n'
                f'extra = "{a.append} hvnet=169.254.0.2/16 hvsink=5000"\n'
                "vif = [ 'mac=00:16:3e:00:00:02, bridge=br0' ]\non_poweroff = \"destroy\"\n")
    mods.append(peer)
if a.disks:
    ldir = os.path.dirname(os.path.abspath(a.initrd))
    with open(cfg, "a") as f:
        f.write("disk = [ 'format=raw, vdev=xvda, access=rw, target=data.img',\n"
                "         'format=raw, vdev=xvdb, access=ro, target=ro.img' ]\n")
    mods += [os.path.join(ldir, "data.img"), os.path.join(ldir, "ro.img")]
if a.second_vm:
    beat = os.path.join(work, "beat.cfg")
    with open(beat, "w") as f:
        f.write('name = "beat"\nmemory = 16\nkernel = "heartbeat.elf"\nextra = "beats=1000000"\n')
    later = os.path.join(work, "later.cfg")       # built at boot, started from the console
    with open(later, "w") as f:
        f.write('name = "later"\nmemory = 16\nkernel = "heartbeat.elf"\nextra = "beats=20"\nautostart = 0\n')
    mods += [beat, later, os.path.join(root, "build/guests/heartbeat.elf")]
if a.hvctl and not a.iso:                    # the default ISO has both already (config/)
    with open(cfg, "a") as f:
        f.write("control = 1\n")
    mods += [os.path.join(root, "config/tiny.cfg"), os.path.join(root, "build/guest-tools/tiny.elf")]
if a.spin_vm:
    spin = os.path.join(work, "spin.cfg")
    with open(spin, "w") as f:
        f.write('name = "spin"\nmemory = 16\nkernel = "heartbeat.elf"\nextra = "beats=100000000 spin=1"\n')
    mods += [spin, os.path.join(root, "build/guests/heartbeat.elf")]
iso = os.path.join(work, "hv.iso")
if a.iso:
    iso = os.path.abspath(a.iso)
else:
    subprocess.run([os.path.join(root, "tools/mkiso.sh"), iso, f"asi={a.asi}"] + mods, cwd=root, check=True)

megs = a.memory + peer_mem + sum(os.path.getsize(m) for m in mods) // (1 << 20) + 96
sys.path.insert(0, os.path.join(root, "tools"))
from hvconsole import Console
con = Console(root, iso, megs, a.timeout, a.host_cpus, a.log, os.path.join(work, "bochs.log"), emulator=a.emulator)
start = con.start
results = []
pump = con.pump

def run(cmd, timeout=120):
    """Type a command into Linux's shell; return its output (between markers)."""
    return con.run(cmd, "linux", timeout)

def check(ok, name, detail=""):
    results.append(ok)
    print(f"{'PASS' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)

def hvctl_checks():
    """From the control VM (Linux, as root): every hvctl command against the tiny VM."""
    out = run("hvctl list")
    print(out)
    check(out is not None and re.search(r"\nlinux +\d+ +256 +1 +running .*\(control\)", "\n" + out) is not None
          and re.search(r"\ntiny +\d+ +16 +1 +running ", "\n" + out) is not None, "hvctl-list", "")
    out = run("HVCTL_TOKEN_FILE=/dev/null hvctl list; echo rc=$?")
    check(out is not None and "-1 (EPERM" in out and "rc=1" in out, "hvctl-without-token-refused",
          (out or "").strip().splitlines()[-2] if out and len(out.strip().splitlines()) > 1 else repr(out))
    out = run("hvctl pause linux; echo rc=$?")
    check(out is not None and "EINVAL" in out and "rc=1" in out, "hvctl-not-on-itself", "")
    out = run("hvctl nosuch tiny; hvctl pause nosuch; echo rc=$?")
    check(out is not None and "usage: hvctl" in out and "no VM named 'nosuch'" in out, "hvctl-bad-input", "")
    out = run("hvctl info tiny")
    check(out is not None and "state: running" in out and "config: tiny.cfg" in out, "hvctl-info", "")
    out = run("hvctl stats tiny")
    print(out)
    check(out is not None and re.search(r"\ntotal +[1-9]\d* ", "\n" + out) is not None, "hvctl-stats", "")
    # its console both ways: a line typed through the control VM, the tiny VM's answer read back
    out = run("(echo hello-from-control; sleep 3) | hvctl console tiny", timeout=300)
    check(out is not None and "tiny: you typed 'hello-from-control'" in out, "hvctl-console",
          (out or "").strip().splitlines()[-1] if out and out.strip() else repr(out))
    out = run("hvctl pause tiny && hvctl info tiny | grep -E 'state|uptime'; sleep 2; hvctl info tiny | grep uptime")
    ups = re.findall(r"uptime: ([0-9.]+) s", out or "")
    check(out is not None and "state: paused" in out and len(ups) == 2 and ups[0] == ups[1], "hvctl-pause-uptime-stops",
          f"uptime {ups}")
    check("hv: vm tiny paused (by the control VM linux)" in con.all, "hvctl-pause-on-console", "")
    out = run("hvctl unpause tiny && sleep 1 && hvctl info tiny | grep -E 'state|uptime'")
    check(out is not None and "state: running" in out, "hvctl-unpause", "")
    con.buf = ""
    out = run("hvctl restart tiny")
    m = pump(r"\[tiny\] tiny: up", 120)
    check(out is not None and "done" in out and bool(m), "hvctl-restart", "")
    con.buf = ""
    out = run("hvctl destroy tiny; sleep 1; hvctl list | grep tiny")
    m = pump(r"hv: vm tiny: 16 MiB of guest RAM scrubbed and freed", 120)
    check(out is not None and "destroyed" in out and "hv: vm tiny ended (exit code -1): destroyed by the control VM linux"
          in con.all and bool(m), "hvctl-destroy", "")
    con.buf = ""
    out = run("hvctl create tiny.cfg; hvctl list | grep tiny", timeout=300)
    m = pump(r"\[tiny\] tiny: up", 120)
    check(out is not None and "running (id" in out and "hv: vm tiny: built again from tiny.cfg" in con.all and bool(m),
          "hvctl-create-again", (out or "").strip())
    out = run("hvctl create tiny; echo rc=$?")
    check(out is not None and "EEXIST" in out, "hvctl-create-running-refused", "")
    if a.second_vm:         # later (autostart = 0): off, or destroyed after the console keys ran it
        con.buf = ""
        out = run("hvctl create later", timeout=300)
        m = pump(r"\[later\] alive 20\n", 120)
        check(out is not None and ("running (id" in out or "it ran (id" in out) and bool(m), "hvctl-create-autostart-0-vm",
              (out or "").strip())
    out = run("hvctl top -n 2 -d 1", timeout=300)
    print(out)
    check(out is not None and out.count("hvctl top:") == 2 and len(re.findall(r"\ntiny +running +\d+", "\n" + out)) == 2,
          "hvctl-top", "")
    # the control calls left the restricted space, counted with their own reason
    switch_input("the hypervisor")
    for k in (b"q", b"a"):
        con.buf = ""
        con.send(k)
        time.sleep(3)
        pump(r"hv: vm tiny asi|hv: \d+: vm tiny", 30)
        print(con.buf)
    check("control hypercall in hc_control" in con.buf, "asi-exit-reason-control-hypercall", "")
    check(re.search(r"hv: vm linux asi: on, \d+ asi_exits in \d+ exits .* [1-9]\d* ephmap maps", con.buf) is not None,
          "debug-key-a-ephmap-maps", "")
    switch_input("vm linux")

def switch_input(to):
    """Ctrl-A three times until the console input is `to` ("the hypervisor", "vm NAME")."""
    for _ in range(10):
        con.buf = ""
        con.send(b"\x01\x01\x01")
        m = pump(r"hv: console input: ([^(\n]*) \(", 60)
        if not m or m.group(1).strip() == to:
            return bool(m)
    return False

m = pump(r"\[linux\] ASI guest: Linux (\S+) is up", a.timeout)
boot_s = time.time() - start
emu_name = "QEMU/SVM" if a.emulator == "qemu" else "Bochs"
check(bool(m), "boot-to-shell", f"{boot_s:.0f} s wall from {emu_name} start (not a timing assertion)")
if m:
    time.sleep(1)
    out = run("uname -r")
    check(out is not None and out.strip() == a.version, "uname-r", repr(out))
    # the typed line echoes back a character at a time: the console shows it as one tagged line
    whole = con.all
    check(re.search(r"\n\[linux\] [^\n]*echo @@B; uname -r; echo @@E\n", whole) is not None,
          "typed-line-echoed-whole", "")
    out = run("grep -c hypervisor /proc/cpuinfo")
    check(out is not None and out.strip().isdigit() and int(out.strip()) >= 1, "cpuinfo-hypervisor-flag", repr(out))
    out = run("dmesg | grep -c 'x86/fpu: Supporting XSAVE'")
    check(out is not None and out.strip().isdigit() and int(out.strip()) >= 1, "dmesg-readable", repr(out))
    def key(k, want, name, timeout=60):
        if k:               # nothing typed: what followed the last key counts (QEMU is quick)
            con.buf = ""
            con.send(k)
        m = pump(want, timeout)
        check(bool(m), name, m.group(0).splitlines()[-1] if m else "")
        return m
    if a.spin_vm:
        # the shell answers while the spinning VM shares the CPU, which keeps spinning meanwhile
        before = con.all.count("[spin] alive")
        t0 = time.time()
        out = run("echo still-answering")
        after = con.all.count("[spin] alive")
        check(out is not None and out.strip() == "still-answering" and after > before,
              "shell-answers-beside-spinning-vm", f"{time.time() - t0:.0f} s wall; the spinner beat {after - before} x 10 meanwhile")
    if a.console_keys:
        # Ctrl-A three times: the next VM, then the hypervisor; its keys; three more: back to Linux
        if a.second_vm:
            key(b"\x01\x01\x01", r"hv: console input: vm beat", "ctrl-a-to-second-vm")
            key(b"\x01\x01\x01", r"hv: console input: vm later", "ctrl-a-to-third-vm")
        if a.hvctl and not a.iso:
            key(b"\x01\x01\x01", r"hv: console input: vm tiny", "ctrl-a-to-tiny-vm")
        key(b"\x01\x01\x01", r"hv: console input: the hypervisor", "ctrl-a-to-hypervisor")
        key(b"h", r"hv: keys: h this help", "debug-key-h")
        key(b"q", r"hv: 0: vm linux: running, 1 vCPU on CPU 0, 256 MiB, up \d+\.\d+ s, \d+ exits, 0 asi_exits",
            "debug-key-q")
        key(b"e", r"hv: vm linux exit statistics: \d+ exits", "debug-key-e")
        key(b"a", r"hv: vm linux asi: on, 0 asi_exits", "debug-key-a")
        key(b"m", r"hv: memory: \d+ MiB free.*\n.*vm linux: 256 MiB of guest RAM", "debug-key-m")
        key(b"x", r"hv: no key 'x'", "debug-key-unknown")
        if a.second_vm:
            key(b"A1", r"hv: vm beat: ASI off \(from the console\)", "asi-off-key")
            key(b"", r"\[beat\] alive \d+", "beats-with-asi-off")
            key(b"A1", r"hv: vm beat: ASI on \(from the console\)", "asi-on-key")
            key(b"p1", r"hv: vm beat paused", "pause")
            m = key(b"q", r"hv: 1: vm beat: paused[^\n]*up (\d+\.\d+) s", "paused-in-list")
            up1 = m.group(1) if m else None
            con.buf = ""
            time.sleep(5)
            m = key(b"q", r"hv: 1: vm beat: paused[^\n]*up (\d+\.\d+) s", "paused-uptime-stops")
            check(m is not None and m.group(1) == up1 and "[beat] alive" not in con.buf, "paused-vm-does-not-run",
                  f"uptime {up1} then {m.group(1) if m else None}")
            key(b"p1", r"hv: vm beat unpaused", "unpause")
            key(b"", r"\[beat\] alive \d+", "unpaused-vm-runs")
            key(b"r1", r"hv: vm beat restarting: restarted from the console", "restart")
            key(b"", r"\[beat\] alive 10\n", "restarted-vm-boots-again")
            key(b"d1", r"hv: vm beat ended \(exit code -1\): destroyed from the console", "destroy")
            key(b"", r"hv: vm beat: 16 MiB of guest RAM scrubbed and freed", "destroyed-vm-memory-freed")
            key(b"q", r"hv: 0: vm linux: running[^\n]*\n.*hv: 1: vm beat: destroyed[^\n]*\n.*hv: 2: vm later: off",
                "linux-unaffected")
            # a destroyed VM is built again from its config module: new memory, a new id
            key(b"s1", r"hv: vm beat: built again from beat.cfg", "start-destroyed-vm-builds-it-again")
            key(b"", r"\[beat\] alive 10\n", "rebuilt-vm-runs")
            key(b"d1", r"hv: vm beat ended \(exit code -1\): destroyed from the console", "destroy-rebuilt-vm")
            key(b"s2", r"hv: vm later starting", "start-vm-marked-autostart-0")
            key(b"", r"\[later\] alive 20\n", "started-vm-runs")
            key(b"", r"hv: vm later ended \(exit code \d+\)", "started-vm-ends")
        key(b"\x01\x01\x01", r"hv: console input: vm linux", "ctrl-a-back-to-vm")
        out = run("echo typed-after-switch")
        check(out is not None and out.strip() == "typed-after-switch", "input-reaches-vm-again", repr(out))
    # guest time from the kernel's start to /init (its log has the line even with quiet)
    out = run("dmesg | grep 'Run /init'")
    m2 = re.search(r"\[\s*([0-9.]+)\] Run /init", out or "")
    if m2:
        t = float(m2.group(1))
        print(f"INFO boot-to-init: {t:.3f} s guest time (kernel start to /init)")
        # a spinning VM or the booting peer takes the CPU too; QEMU's guest time is wall time, Bochs' counts instructions
        if a.vcpus == 1 and not a.spin_vm and not a.net and a.emulator == "bochs":
            check(t <= 0.45, "boot-to-init-under-0.45s", f"{t:.3f} s")
    else:
        check(False, "boot-to-init-under-0.45s", repr(out))
    out = run("dmesg | grep 'Hypervisor detected'; true")
    print(f"INFO dmesg 'Hypervisor detected': {out.strip() if out else '(none: Linux names only hypervisors it knows)'}")
    if a.vcpus > 1:
        out = run("nproc")
        check(out is not None and out.strip() == str(a.vcpus), "nproc", repr(out))
        # one busy process on CPU 0 alone, then one pinned to each CPU at once (guest
        # time from /proc/uptime); then every CPU shows user time in /proc/stat
        loop = "sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done'"
        out = run("t0=$(cut -d' ' -f1 /proc/uptime); taskset -c 0 %s; t1=$(cut -d' ' -f1 /proc/uptime); "
                  "for c in $(seq 0 %d); do taskset -c $c %s & done; wait; t2=$(cut -d' ' -f1 /proc/uptime); "
                  "echo \"times $t0 $t1 $t2\"; grep '^cpu[0-9]' /proc/stat" % (loop, a.vcpus - 1, loop), timeout=900)
        print(out)
        m3 = re.search(r"times ([0-9.]+) ([0-9.]+) ([0-9.]+)", out or "")
        if m3:
            one, each = float(m3.group(2)) - float(m3.group(1)), float(m3.group(3)) - float(m3.group(2))
            print(f"INFO busy loop: {one:.2f} s alone on vCPU 0, {each:.2f} s with one on each of {a.vcpus} vCPUs "
                  f"({a.host_cpus} host CPU{'s' if a.host_cpus > 1 else ''})")
            if a.host_cpus >= a.vcpus:       # truly in parallel: all of them in about the time of one
                check(one > 0 and each < 1.5 * one, "vcpus-run-in-parallel", f"{one:.2f} s vs {each:.2f} s")
        else:
            check(False, "vcpus-run-in-parallel", repr(out))
        rows = [l.split() for l in (out or "").splitlines() if l.startswith("cpu")]
        busy = [r[0] for r in rows if len(r) > 2 and int(r[1]) > 0]
        check(len(rows) == a.vcpus and len(busy) == a.vcpus, "proc-stat-time-on-each-cpu", ", ".join(busy))
    if a.disks:
        # the unmodified kernel found both disks on the virtual PCI bus by itself
        print(run("dmesg | grep -iE 'pci|virtio|vd[ab]' | head -60"))
        out = run("lspci")
        print(out)
        check(out is not None and len(re.findall(r"Class 018000: 1af4:1042 \(virtio-pci\)", out)) == 2,
              "lspci-two-virtio-blk", "")
        out = run("echo $(cat /sys/block/vda/size /sys/block/vdb/size /sys/block/vdb/ro /sys/block/vda/serial)")
        check(out is not None and out.split() == ["32768", "8192", "1", "xvda"], "disk-sizes-ro-and-id", repr(out))
        want = open(os.path.join(os.path.dirname(os.path.abspath(a.initrd)), "data.md5")).read().split()[0]
        out = run("mkdir -p /mnt /ro; mount /dev/vda /mnt && md5sum /mnt/data.bin")
        print(f"INFO {out.strip() if out else out}")
        check(out is not None and want in out, "mount-and-checksum", f"want {want}")
        # write 512 KiB, drop the page cache, read it back from the device
        out = run("dd if=/dev/urandom of=/mnt/new.bin bs=64k count=8 2>/dev/null; md5sum /mnt/new.bin; "
                  "umount /mnt; echo 3 > /proc/sys/vm/drop_caches; mount /dev/vda /mnt && md5sum /mnt/new.bin; umount /mnt")
        sums = re.findall(r"([0-9a-f]{32})  /mnt/new.bin", out or "")
        check(len(sums) == 2 and sums[0] == sums[1], "write-and-read-back", ", ".join(sums))
        out = run("mount -o ro /dev/vdb /ro && cat /ro/README; dd if=/dev/zero of=/dev/vdb bs=512 count=1 2>&1; "
                  "echo dd=$?")
        print(f"INFO {out}")
        check(out is not None and "read-only disk" in out and "dd=1" in out, "read-only-disk-refuses-writes", "")
    if a.net:
        # the peer VM configured itself (hvnet=, hvsink=); Linux gets its address by hand
        if "[peer] ASI guest: Linux" not in con.all:
            pump(r"\[peer\] ASI guest: Linux", 600)
        out = run("lspci | grep 0200; ip addr add 169.254.0.1/16 dev eth0 && ip link set eth0 up && "
                  "ip -o link show eth0")
        print(f"INFO {out}")
        check(out is not None and "1af4:1041 (virtio-pci)" in out and "00:16:3e:00:00:01" in out,
              "virtio-net-found", "")
        out = run("ping -c 5 -i 0.2 169.254.0.2", timeout=300)
        print(f"INFO {out}")
        check(out is not None and " 0% packet loss" in out, "ping-peer", "")
        # 2 MiB over TCP to the peer's receiver; both ends' checksums must agree
        out = run("dd if=/dev/urandom of=/tmp/x bs=64k count=32 2>/dev/null; md5sum < /tmp/x; "
                  "nc 169.254.0.2 5000 < /tmp/x; echo sent", timeout=600)
        mine = re.search(r"([0-9a-f]{32})", out or "")
        m3 = pump(r"\[peer\] RECV ([0-9a-f]{32}) (\d+)\n", 300)
        if not (m3 and mine and m3.group(1) == mine.group(1)) and os.environ.get("NETDEBUG"):
            con.send(b"\x01\x01\x01")
            pump(r"console input: vm peer", 30)
            print(con.run("ps; ls -la /tmp; cat /proc/net/tcp; cat /proc/net/dev", "peer", 120))
            con.send(b"\x01\x01\x01\x01\x01\x01")
            pump(r"console input: vm linux", 30)
        check(bool(mine and m3 and m3.group(1) == mine.group(1) and m3.group(2) == "2097152"), "tcp-2mib-checksums-equal",
              f"sent {mine.group(1) if mine else None}, received {m3.group(1) + ' ' + m3.group(2) if m3 else None}")
    out = run("hvstat")
    ok = out is not None and "total" in out
    check(ok, "hvstat", "")
    if out:
        print(out)
        rows = {l[:20].strip(): l.split() for l in out.splitlines() if len(l.split()) >= 4}
        common = ["CPUID", "I/O", "RDMSR", "WRMSR", "HLT", "EPT violation", "VMCALL"]
        bad = [r for r in common if r in rows and rows[r][-1] != "0"]
        check(not bad, "hvstat-asi-exits-zero-on-common-paths", ", ".join(bad) or "all 0")
    if a.hvctl:
        hvctl_checks()
    if a.net:                             # the peer serves forever: destroy it (its port goes too)
        key(b"\x01\x01\x01", r"hv: console input: vm peer", "ctrl-a-to-peer")
        key(b"\x01\x01\x01", r"hv: console input: the hypervisor", "ctrl-a-to-hypervisor")
        key(b"d1", r"hv: vm peer ended \(exit code -1\): destroyed from the console", "destroy-peer")
        key(b"\x01\x01\x01", r"hv: console input: vm linux", "ctrl-a-back-to-linux")
        out = run("ping -c 1 -W 1 169.254.0.2; echo ping=$?", timeout=120)
        check(out is not None and "ping=1" in out, "destroyed-peer-unreachable", "")
    if a.spin_vm:                         # the spinner never ends by itself: destroy it
        key(b"\x01\x01\x01", r"hv: console input: vm spin", "ctrl-a-to-spin-vm")
        key(b"\x01\x01\x01", r"hv: console input: the hypervisor", "ctrl-a-to-hypervisor")
        key(b"d1", r"hv: vm spin ended \(exit code -1\): destroyed from the console", "destroy-spinning-vm")
        key(b"\x01\x01\x01", r"hv: console input: vm linux", "ctrl-a-back-to-linux")
    con.buf = ""
    con.send(b"poweroff\n")           # plain: init (PID 1) traps the signal busybox sends
    if a.hvctl:                       # the control VM ends: the other VMs with it, then the machine
        m = pump(r"hv: vm tiny ended \(exit code -1\): the control VM linux ended", 300)
        check(bool(m), "control-vm-poweroff-ends-the-others")
    m = pump(r"hv: vm linux ended \(exit code 0\): ACPI power-off", 300)
    check(bool(m), "poweroff-ends-vm")
    m = pump(r"hv: vm linux exit statistics: \d+ exits", 60)
    check(bool(m), "exit-statistics-printed")
    if pump(r"hv: vm linux asi: [^\n]*\n", 60):
        for line in re.findall(r"hv:   vCPU \d+: ran on [^\n]*|hv: vm linux asi: [^\n]*", con.buf):
            print(f"INFO {line}")
    pump(r"hv: powering off", 60)
con.close()
print(f"{sum(results)} of {len(results)} checks passed")
sys.exit(0 if results and all(results) else 1)
