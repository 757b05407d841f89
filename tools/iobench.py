#!/usr/bin/env python3
"""make bench, I/O part: Debian's fio on a virtio-blk disk and TCP/ping over
virtio-net between two Linux VMs, ASI off and on in interleaved rounds in one
run (console key A switches a VM's ASI), in Bochs (its TSC counts
instructions: guest time is path length). Per row: the guest's figure, and
with ASI on the asi_exits per 1000 device requests, ephmap maps per request
and VM exits per request (the hypervisor's own counters, read over the
console: key e, and hvstat in the guest).

usage: iobench.py OUT_DIR [--rounds N] [--docs FILE]... [--timeout S]
Writes OUT_DIR/iobench.csv and iobench.md; --docs rewrites the block between
<!-- iobench:begin --> and <!-- iobench:end --> in each FILE."""
import argparse, datetime, os, re, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--rounds", type=int, default=2)
ap.add_argument("--docs", action="append", default=[])
ap.add_argument("--timeout", type=int, default=3600)
a = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
L = os.path.join(root, "build/linux")
work = tempfile.mkdtemp(prefix="iobench.")
APPEND = "console=ttyS0 quiet cryptomgr.notests"
with open(os.path.join(work, "io.cfg"), "w") as f:
    f.write('name = "io"\nmemory = 256\nkernel = "vmlinux"\nramdisk = "initrd.img"\n'
            f'extra = "{APPEND}"\n'
            "disk = [ 'format=raw, vdev=xvda, access=rw, target=bench.img' ]\n"
            "vif = [ 'mac=00:16:3e:00:00:01, bridge=br0' ]\n")
with open(os.path.join(work, "peer.cfg"), "w") as f:
    f.write('name = "peer"\nmemory = 128\nkernel = "vmlinux"\nramdisk = "initrd.img"\n'
            f'extra = "{APPEND} hvnet=169.254.0.2/16 hvsource=5001"\n'
            "vif = [ 'mac=00:16:3e:00:00:02, bridge=br0' ]\n")
mods = [os.path.join(work, "io.cfg"), os.path.join(work, "peer.cfg"), os.path.join(L, "vmlinux"),
        os.path.join(L, "initrd.img"), os.path.join(L, "bench.img")]
iso = os.path.join(work, "hv.iso")
subprocess.run([os.path.join(root, "tools/mkiso.sh"), iso, "asi=on"] + mods, cwd=root, check=True)

megs = 256 + 128 + sum(os.path.getsize(m) for m in mods) // (1 << 20) + 128
os.makedirs(a.out, exist_ok=True)
sys.path.insert(0, os.path.join(root, "tools"))
from hvconsole import Console
con = Console(root, iso, megs, a.timeout, 1, os.path.join(a.out, "iobench.log"), os.path.join(work, "bochs.log"),
              accept_s=120)
pump = con.pump


def die(why):
    print(f"iobench: {why} (log: {a.out}/iobench.log)", file=sys.stderr)
    con.bochs.kill()
    sys.exit(1)


def run(cmd, timeout=1800):
    """Type a command into the io VM's shell; its output."""
    out = con.run(cmd, "io", timeout)
    return out if out is not None else die(f"no answer to '{cmd[:60]}'")


def hv(keys, want, timeout=60):
    """Keys for the hypervisor (the input goes io -> peer -> hypervisor -> io)."""
    con.buf = ""
    con.send(b"\x01\x01\x01")
    pump(r"console input: vm peer", 30) or die("Ctrl-A did not move the input to peer")
    con.send(b"\x01\x01\x01")
    pump(r"console input: the hypervisor", 30) or die("Ctrl-A did not reach the hypervisor")
    con.buf = ""
    con.send(keys)
    m = pump(want, timeout) or die(f"no '{want}' after keys {keys!r}")
    text = con.buf
    con.send(b"\x01\x01\x01")
    pump(r"console input: vm io", 30) or die("Ctrl-A did not move the input back to io")
    return m, text


def devices():
    """The hypervisor's per-device counters (key e): {(vm, kind): (requests, maps)}."""
    _, text = hv(b"e", r"hv: vm peer: virtio-net [^\n]*faults\n")
    d = {}
    for vm, kind, req, maps in re.findall(r"hv: vm (\w+): (virtio-\w+) \S+: (\d+) requests, \d+ interrupts, "
                                          r"(\d+) ephmap maps", text):
        d[(vm, kind)] = (int(req), int(maps))
    return d


def exits():
    """The io VM's exits and asi_exits so far (hvstat's total row)."""
    m = re.search(r"total\s+(\d+)\s+\d+\s+(\d+)", run("hvstat | grep total"))
    return (int(m.group(1)), int(m.group(2))) if m else die("no hvstat total")


pump(r"\[io\] ASI guest: Linux", 1800) or die("the io VM did not boot")
pump(r"\[peer\] ASI guest: Linux", 1800) or die("the peer VM did not boot")
time.sleep(2)
run("mkdir -p /mnt && mount /dev/vda /mnt && ip addr add 169.254.0.1/16 dev eth0 && ip link set eth0 up; "
    "mkfifo /tmp/.idle; exec 3<>/tmp/.idle; ping -c 1 169.254.0.2 >/dev/null; echo ok")
FIO = ("/mnt/fio/ld.so --library-path /mnt/fio/lib /mnt/fio/fio --name=x --filename=/mnt/fio.dat --size=16m "
       "--direct=1 --output-format=terse --terse-version=3 ")
ROWS = [  # name, unit, command, parser -> value, device
    ("fio 4k randread qd1", "IOPS", FIO + "--rw=randread --bs=4k --iodepth=1 --ioengine=psync --norandommap --number_ios=20000 --io_size=80m", 7, "virtio-blk"),
    ("fio 4k randread qd32", "IOPS", FIO + "--rw=randread --bs=4k --iodepth=32 --ioengine=libaio --norandommap --number_ios=20000 --io_size=80m", 7, "virtio-blk"),
    ("fio 1M seqread", "MB/s", FIO + "--rw=read --bs=1m --iodepth=4 --ioengine=libaio --io_size=128m", 6, "virtio-blk"),
    ("fio 4k randwrite qd1", "IOPS", FIO + "--rw=randwrite --bs=4k --iodepth=1 --ioengine=psync --norandommap --number_ios=20000 --io_size=80m", 48, "virtio-blk"),
    ("tcp stream 16 MiB", "MB/s", "t0=$(cut -d' ' -f1 /proc/uptime); nc 169.254.0.2 5001 <&3 | wc -c; "
     "echo T $t0 $(cut -d' ' -f1 /proc/uptime)", "tcp", "virtio-net"),
    ("ping round trip, lower is better", "us", "ping -c 20 -i 0.05 169.254.0.2 | tail -1", "ping", "virtio-net"),
]


def value(out, how):
    if how == "tcp":
        m = re.search(r"(\d+)\nT ([0-9.]+) ([0-9.]+)", out)
        if not m or int(m.group(1)) != 16 << 20:
            die(f"tcp stream: {out!r}")
        return (16 << 20) / 1e6 / max(float(m.group(3)) - float(m.group(2)), 0.01)
    if how == "ping":
        m = re.search(r"= [0-9.]+/([0-9.]+)/", out)
        return float(m.group(1)) * 1000 if m else die(f"ping: {out!r}")
    # the console splits lines longer than 159 characters: join them back, take fio's terse record
    joined = "".join(out.splitlines())
    rec = joined[joined.find("3;fio-"):] if "3;fio-" in joined else ""
    f = rec.split(";")
    if len(f) < 50:
        die(f"fio: {out[-300:]!r}")
    v = float(f[how])
    return v * 1024 / 1e6 if how in (6, 47) else v   # KiB/s -> MB/s


# warm-up, not measured: fio's 62 libraries and its engines into the page cache, ARP
for name, unit, cmd, how, kind in ROWS:
    if cmd.startswith(FIO):
        run(re.sub(r"--(number_ios|io_size)=\S+", "--number_ios=32", cmd))
run("ping -c 2 169.254.0.2 >/dev/null; true")
asi = {"io": True, "peer": True}
results = {}   # (row, variant) -> list of (value, asi_per_1000, maps_per_req, exits_per_req)
for rnd in range(a.rounds):
    for variant in ("off", "on"):
        want = variant == "on"
        for i, vm in enumerate(("io", "peer")):
            if asi[vm] != want:
                hv(f"A{i}".encode(), rf"hv: vm {vm}: ASI {variant}")
                asi[vm] = want
        for name, unit, cmd, how, kind in ROWS:
            d0, e0 = devices(), exits()
            out = run(cmd)
            d1, e1 = devices(), exits()
            req = d1[("io", kind)][0] - d0[("io", kind)][0]
            maps = d1[("io", kind)][1] - d0[("io", kind)][1]
            # exits and asi_exits by the io VM, minus the two hvstat calls' own
            n_exits, n_asi = e1[0] - e0[0], e1[1] - e0[1]
            v = value(out, how)
            results.setdefault((name, variant), []).append(
                (v, 1000 * n_asi / max(req, 1), maps / max(req, 1), n_exits / max(req, 1)))
            print(f"iobench: round {rnd + 1} asi-{variant}: {name}: {v:.1f} {unit}, {req} requests, "
                  f"{maps / max(req, 1):.1f} ephmap maps and {n_exits / max(req, 1):.1f} exits per request, "
                  f"{n_asi} asi_exits", flush=True)
hv(b"d1", r"hv: vm peer ended")
run("umount /mnt; true")
con.buf = ""
con.send(b"poweroff\n")
pump(r"hv: powering off", 600)
con.close()


def mean(xs):
    return sum(xs) / len(xs)


lines = ["workload,unit,variant,rounds,mean,asi_exits_per_1000_requests,ephmap_maps_per_request,exits_per_request"]
md = [f"I/O in Bochs (guest time: instructions), {a.rounds} rounds, ASI off/on interleaved; measured "
      f"{datetime.date.today()} by `make bench` (tools/iobench.py).", "",
      "| workload | asi-off | asi-on | delta | asi_exits/1000 req on | ephmap maps/req on | exits/req on |",
      "|---|---|---|---|---|---|---|"]
for name, unit, *_ in ROWS:
    off, on = results[(name, "off")], results[(name, "on")]
    for var, r in (("off", off), ("on", on)):
        lines.append(f"{name},{unit},asi-{var},{len(r)},{mean([x[0] for x in r]):.1f},"
                     f"{mean([x[1] for x in r]):.2f},{mean([x[2] for x in r]):.2f},{mean([x[3] for x in r]):.2f}")
    mo, mn = mean([x[0] for x in off]), mean([x[0] for x in on])
    md.append(f"| {name} ({unit}) | {mo:.1f} | {mn:.1f} | {100 * (mn - mo) / mo:+.1f}% | "
              f"{mean([x[1] for x in on]):.1f} | {mean([x[2] for x in on]):.1f} | {mean([x[3] for x in on]):.1f} |")
open(os.path.join(a.out, "iobench.csv"), "w").write("\n".join(lines) + "\n")
open(os.path.join(a.out, "iobench.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
for doc in a.docs:
    text = open(doc).read()
    new = re.sub(r"(<!-- iobench:begin -->\n).*?(<!-- iobench:end -->)", lambda m: m.group(1) + "\n".join(md) + "\n" + m.group(2),
                 text, flags=re.S)
    if new != text:
        open(doc, "w").write(new)
