#!/bin/bash
# Boot the hypervisor ISO with its console on this terminal:
# QEMU+KVM with nested VT-x where /dev/kvm offers VMX, otherwise Bochs.
# Usage: tools/run.sh ISO   (env EMULATOR=bochs|qemu-kvm to choose, TIMEOUT=s)
set -u
iso=$1
emu=${EMULATOR:-}
if [ -z "$emu" ]; then
    if [ -w /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then emu=qemu-kvm; else emu=bochs; fi
fi
case $emu in
qemu-kvm)
    echo "run: QEMU + KVM with nested VT-x (console below; the hypervisor powers off when done)"
    exec qemu-system-x86_64 -enable-kvm -cpu host,+vmx -m 1024 -cdrom "$iso" -nographic \
        -serial mon:stdio -no-reboot ;;
bochs)
    echo "run: no usable VT-x here (/dev/kvm with VMX): booting in Bochs with a VMX CPU model"
    echo "run: console below; the run ends when the hypervisor powers off"
    serial=$(mktemp); trap 'rm -f "$serial"; kill $tailpid 2>/dev/null' EXIT
    tail -f "$serial" & tailpid=$!
    "$(dirname "$0")/bochs.sh" "$iso" "$serial" "${TIMEOUT:-600}" build/bochs-run.log
    sleep 0.3 ;;
*) echo "run: unknown EMULATOR=$emu (bochs or qemu-kvm)" >&2; exit 2 ;;
esac
