#!/bin/bash
# Which emulator boots the hypervisor here, for make run and tools/hvrun: prints
# qemu-kvm (QEMU+KVM with nested VT-x or nested SVM), qemu (QEMU's TCG with AMD SVM
# and nested paging: any x86 machine) or nothing usable; says on stderr why
# nested KVM is not used when /dev/kvm exists but cannot run this hypervisor.
# EMULATOR (or the caller's choice) overrides: bochs | qemu | qemu-kvm.
set -u
if [ -n "${EMULATOR:-}" ]; then echo "$EMULATOR"; exit 0; fi
why=
param() { cat "/sys/module/$1/parameters/$2" 2>/dev/null || echo "?"; }
on() { case $1 in Y|y|1) return 0 ;; *) return 1 ;; esac; }
if [ ! -e /dev/kvm ]; then
    why="no /dev/kvm"
elif [ ! -w /dev/kvm ]; then
    why="/dev/kvm is not writable by $(id -un) (add yourself to group $(stat -c %G /dev/kvm))"
elif grep -qw vmx /proc/cpuinfo; then
    n=$(param kvm_intel nested) e=$(param kvm_intel ept)
    if ! on "$n"; then why="kvm_intel's nested=$n: nested VT-x is off (modprobe -r kvm_intel && modprobe kvm_intel nested=1)"
    elif ! on "$e"; then why="kvm_intel's ept=$e: nested guests need EPT (modprobe kvm_intel ept=1)"
    else echo qemu-kvm; exit 0; fi
elif grep -qw svm /proc/cpuinfo; then
    n=$(param kvm_amd nested) p=$(param kvm_amd npt)
    if ! on "$n"; then why="kvm_amd's nested=$n: nested SVM is off (modprobe -r kvm_amd && modprobe kvm_amd nested=1)"
    elif ! on "$p"; then why="kvm_amd's npt=$p: nested guests need nested paging (modprobe kvm_amd npt=1)"
    else echo qemu-kvm; exit 0; fi
else
    why="/dev/kvm without VT-x or SVM in /proc/cpuinfo"
fi
echo "emulator: nested KVM not usable ($why); QEMU's TCG with AMD SVM instead (EMULATOR=bochs: Bochs with VT-x)" >&2
echo qemu
