"""The hypervisor's serial console in Bochs (VMX) or QEMU TCG (SVM), driven
as a person at the serial line would: the emulator's COM1 connects to a local socket; output is
logged, kept, and matched against expectations; typed commands come back
between markers, one VM's tagged lines. Used by tests/integ/linux_session.py
and tools/iobench.py."""
import os, re, socket, subprocess, time


def qemu_svm_cmd(hostcpus, megs):
    """QEMU TCG with AMD SVM and nested paging, as tools/hvrun --emulator qemu runs it."""
    accel = "tcg,thread=multi" if hostcpus > 1 and not os.environ.get("QEMU_ICOUNT") else "tcg"
    icount = ["-icount", "shift=0,sleep=off"] if os.environ.get("QEMU_ICOUNT") else []
    return ["qemu-system-x86_64", "-accel", accel] + icount + [
        "-cpu", os.environ.get("QEMU_CPU", "EPYC,+svm,+npt"), "-smp", str(hostcpus), "-m", str(megs + 64),
        "-display", "none", "-monitor", "none", "-no-reboot"]


class Console:
    def __init__(self, root, iso, megs, timeout, hostcpus, logpath, bochslog, accept_s=60, emulator="bochs"):
        srv = socket.socket()
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        env = dict(os.environ, SERIALMODE="socket-client", MEGS=str(megs), HOSTCPUS=str(hostcpus))
        self.start = time.time()
        if emulator == "qemu":      # TCG with AMD SVM (docs/svm.md); QEMU connects to the socket
            cmd = ["timeout", str(timeout)] + qemu_svm_cmd(hostcpus, megs) + [
                "-cdrom", iso, "-serial", f"tcp:127.0.0.1:{srv.getsockname()[1]}"]
        else:
            cmd = [os.path.join(root, "tools/bochs.sh"), iso, f"localhost:{srv.getsockname()[1]}", str(timeout),
                   bochslog]
        self.bochs = subprocess.Popen(cmd, cwd=root, env=env,
                                      stderr=subprocess.DEVNULL if emulator == "qemu" else None)
        srv.settimeout(accept_s)
        self.conn, _ = srv.accept()
        self.conn.settimeout(1)
        self.log = open(logpath, "w", errors="replace", buffering=1)
        self.buf = ""       # output since the last reset (callers clear it)
        self.all = ""       # everything so far

    def pump(self, until, timeout):
        """Read output until the regex `until` matches self.buf; the match, or None."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = re.search(until, self.buf, re.S)
            if m:
                return m
            try:
                data = self.conn.recv(65536)
            except socket.timeout:
                if self.bochs.poll() is not None:
                    break
                continue
            if not data:
                break
            text = data.decode("utf-8", "replace").replace("\r", "")
            self.log.write(text)
            self.buf += text
            self.all += text
        return re.search(until, self.buf, re.S)

    def send(self, data):
        self.conn.sendall(data)

    def run(self, cmd, vm, timeout):
        """Type a command into VM's shell; its output (VM's lines, untagged), or None."""
        self.buf = ""
        self.send(f"echo @@B; {cmd}; echo @@E\n".encode())
        m = self.pump(rf"\n\[{vm}\] @@B\n(.*?)\[{vm}\] @@E\n", timeout)
        if not m:
            return None
        tag = f"[{vm}] "
        return "\n".join(l[len(tag):] for l in m.group(1).splitlines() if l.startswith(tag))

    def close(self):
        try:
            self.bochs.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.bochs.kill()
        self.log.close()
