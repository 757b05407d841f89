#!/bin/bash
# Boot the hypervisor ISO with its console on this terminal, input included.
# The emulator, in order: QEMU+KVM with nested VT-x or nested SVM where /dev/kvm
# offers it (tools/pick-emulator.sh says why not when it does not), else QEMU's
# TCG with AMD SVM and nested paging (any x86 machine); EMULATOR=bochs: Bochs with VT-x.
# Usage: tools/run.sh ISO   (env EMULATOR=qemu-kvm|qemu|bochs, TIMEOUT=s, MEGS=,
#        HOST_CPUS=N: CPUs of the emulated machine, default 1)
set -u
iso=$1
here=$(dirname "$0")
emu=$("$here/pick-emulator.sh")
cpus=${HOST_CPUS:-1}
# console on stdio; with a terminal on both sides QEMU's mux and socat's raw mode. Their escape
# is Ctrl-\ (QEMU -echr 28: Ctrl-\ x quits; socat: Ctrl-\ leaves): Ctrl-A three times is the
# hypervisor's console switch and Ctrl-] leaves hvctl's console in the control VM, so both
# must reach the guest as typed
term() { [ -t 0 ] && [ -t 1 ]; }
case $emu in
qemu-kvm)
    hostcpu=host,+vmx; grep -qw svm /proc/cpuinfo && hostcpu=host,+svm
    echo "run: QEMU + KVM with nested virtualization (-cpu $hostcpu; console below; Ctrl-\\ x quits QEMU)"
    exec timeout "${TIMEOUT:-86400}" qemu-system-x86_64 -enable-kvm -cpu "$hostcpu" -smp "$cpus" -m "${MEGS:-1024}" \
        -cdrom "$iso" -display none -serial mon:stdio -echr 28 -monitor none -no-reboot ;;
qemu)
    acc=tcg; [ "$cpus" -gt 1 ] && acc=tcg,thread=multi
    echo "run: QEMU TCG with AMD SVM and nested paging (-cpu EPYC,+svm,+npt: the SVM backend; Ctrl-\\ x quits QEMU)"
    echo "run: the console follows (typing goes to the first VM; Ctrl-A three times: the next VM, then the hypervisor's keys); it ends when the hypervisor powers off"
    exec timeout "${TIMEOUT:-86400}" qemu-system-x86_64 -accel $acc -cpu EPYC,+svm,+npt -smp "$cpus" -m "${MEGS:-1024}" \
        -cdrom "$iso" -display none -serial mon:stdio -echr 28 -monitor none -no-reboot 2> >(grep -v "TCG doesn't support" >&2) ;;
bochs)
    echo "run: Bochs with a VMX CPU model (EMULATOR=bochs)"
    echo "run: the console follows (typing goes to the first VM); it ends when the hypervisor powers off"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # Bochs connects its COM1 to socat, which joins it to this terminal.
    ( sleep 1; HOSTCPUS=$cpus MEGS=${MEGS:-512} SERIALMODE=socket-client "$here/bochs.sh" "$iso" "localhost:$port" \
        "${TIMEOUT:-86400}" build/bochs-run.log ) &
    if term; then  # a raw terminal needs one on both sides (make run | tee: plain)
        socat STDIO,raw,echo=0,escape=0x1c "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr"
        echo; echo "run: console closed (Ctrl-\\ leaves early)"
    else
        socat STDIO "TCP-LISTEN:$port,bind=127.0.0.1,reuseaddr"
    fi
    wait ;;
*) echo "run: unknown EMULATOR=$emu (qemu-kvm, qemu or bochs)" >&2; exit 2 ;;
esac
