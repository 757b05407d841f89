#!/bin/bash
# Boot the hypervisor ISO with its console on this terminal, input included:
# QEMU+KVM with nested VT-x where /dev/kvm offers VMX, otherwise Bochs.
# Usage: tools/run.sh ISO   (env EMULATOR=bochs|qemu-kvm to choose, TIMEOUT=s, MEGS=,
#        HOST_CPUS=N: CPUs of the emulated machine, default 1)
set -u
iso=$1
emu=${EMULATOR:-}
if [ -z "$emu" ]; then
    if [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then emu=qemu-kvm; else emu=bochs; fi
fi
case $emu in
qemu-kvm)
    echo "run: QEMU + KVM with nested VT-x (console below; Ctrl-A X quits QEMU)"
    exec qemu-system-x86_64 -enable-kvm -cpu host,+vmx -smp "${HOST_CPUS:-1}" -m 1024 -cdrom "$iso" -nographic \
        -serial mon:stdio -no-reboot ;;
bochs)
    echo "run: no usable VT-x here (/dev/kvm with VMX): booting in Bochs with a VMX CPU model"
    echo "run: the console follows (typing goes to the first VM); it ends when the hypervisor powers off"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    here=$(dirname "$0")
    # Bochs connects its COM1 to socat, which joins it to this terminal.
    ( sleep 1; HOSTCPUS=${HOST_CPUS:-1} MEGS=${MEGS:-512} SERIALMODE=socket-client "$here/bochs.sh" "$iso" "localhost:$port" \
        "${TIMEOUT:-86400}" build/bochs-run.log ) &
    if [ -t 0 ] && [ -t 1 ]; then  # a raw terminal needs one on both sides (make run | tee: plain)
        socat STDIO,raw,echo=0,escape=0x1d "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr"
        echo; echo "run: console closed (Ctrl-] leaves early)"
    else
        socat STDIO "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr"
    fi
    wait ;;
*) echo "run: unknown EMULATOR=$emu (bochs or qemu-kvm)" >&2; exit 2 ;;
esac
