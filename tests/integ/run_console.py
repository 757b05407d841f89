"""`make run` as a person uses it: tools/run.sh on a terminal (a pty), the
default ISO in QEMU with SVM; Ctrl-A three times must reach the hypervisor
through QEMU's stdio mux (its escape is Ctrl-\\, neither Ctrl-A nor Ctrl-]), the
debug keys answer, hvctl works from the Linux shell (its console left with Ctrl-]),
and poweroff ends the machine."""
import argparse, os, pty, re, select, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--log", required=True)
ap.add_argument("--timeout", type=int, default=300)
a = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
env = dict(os.environ, EMULATOR=os.environ.get("RUN_EMULATOR", "qemu"), TIMEOUT=str(a.timeout))
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    os.execvpe("tools/run.sh", ["tools/run.sh", "build/hv.iso"], env)
log = open(a.log, "wb")
buf = b""
results = []


def until(pat, t):
    global buf
    end = time.time() + t
    while time.time() < end:
        m = re.search(pat, buf, re.S)
        if m:
            return m
        r, _, _ = select.select([fd], [], [], 0.5)
        if r:
            try:
                d = os.read(fd, 65536)
            except OSError:
                break
            log.write(d)
            log.flush()
            buf += d
    return re.search(pat, buf, re.S)


def step(send, pat, name, t=30):
    global buf
    buf = b""
    os.write(fd, send)
    m = until(pat, t)
    results.append(bool(m))
    print(f"{'PASS' if m else 'FAIL'} {name}", flush=True)


m = until(rb"\[linux\] ASI guest: Linux \S+ is up", a.timeout)
results.append(bool(m))
print(f"{'PASS' if m else 'FAIL'} make-run-boots-to-shell", flush=True)
if m:
    time.sleep(1)
    step(b"\x01\x01\x01", rb"hv: console input: vm tiny", "ctrl-a-through-qemu-to-tiny")
    step(b"\x01\x01\x01", rb"hv: console input: the hypervisor", "ctrl-a-to-hypervisor")
    step(b"q", rb"hv: 0: vm linux: running.*hv: 1: vm tiny: running", "key-q-two-vms")
    step(b"\x01\x01\x01", rb"hv: console input: vm linux", "ctrl-a-back-to-linux")
    step(b"hvctl list\r", rb"\[linux\] tiny +\d+ +16 +1 +running", "hvctl-list-from-make-run")
    # hvctl's console inside the console: Ctrl-] must pass QEMU's mux to hvctl
    step(b"hvctl console tiny\r", rb"hvctl: console of vm tiny", "hvctl-console-opens")
    step(b"hi-tiny\r", rb"tiny: you typed 'hi-tiny'", "hvctl-console-typed-line-answered")
    step(b"\x1d", rb"hvctl: left the console of vm tiny", "hvctl-console-ctrl-bracket-leaves")
    step(b"poweroff\r", rb"hv: powering off", "poweroff-ends-the-machine", 120)
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
print(f"{sum(results)} of {len(results)} checks passed")
sys.exit(0 if all(results) else 1)
