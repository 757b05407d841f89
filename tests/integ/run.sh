#!/bin/bash
# Integration tests: boot the real image in Bochs (VT-x) or QEMU TCG (boot
# paths, no VT-x) and judge each run by its serial console.
# Usage: tests/integ/run.sh [NAME-GLOB]   (default: every case in cases.sh)
# Prints PASS/FAIL per case and "integration tests: N passed, N failed".
# A failed case keeps its serial log (and Bochs log) in build/integ/NAME/.
set -u
cd "$(dirname "$0")/../.."
only=${1:-*}
export HVRUN_EMULATOR=bochs     # hvrun cases run the VMX backend in Bochs unless -q says QEMU/SVM
out=build/integ
mkdir -p "$out"
pass=0 fail=0 failed=()

# case NAME MACHINE CMDLINE [-e REGEX]... [-x REGEX]... [-t TIMEOUT] [-c CPUMODEL]
#       [-m MODULE]... [-s STATUS] [-d] [-n HOSTCPUS]
# MACHINE: bochs | qemu-bios | qemu-ovmf | qemu-ipxe-bios | qemu-ipxe-efi | qemu-kernel
#          | hvrun (CMDLINE = tools/hvrun arguments; -s = its expected exit status)
#          | linux-session (CMDLINE = tests/integ/linux_session.py arguments: a shell session)
#          | fuzz-guest (CMDLINE = tools/fuzz-guest.sh settings: SEED=.. SEEDS=.. EXITS=..)
#          | run-console (make run's tools/run.sh on a pty, the default ISO in QEMU/SVM)
# -m: boot modules (VM configs, kernels) for a bochs case; default: none
# -d: boot the default ISO (build/hv.iso, as make iso built it) instead
# -c: the Bochs CPU model (bochs cases) or the QEMU one (qemu-* cases; default EPYC,+svm,+npt)
# -n: CPUs of the emulated machine (Bochs and hvrun cases; default 1)
# -q: run a bochs, hvrun or linux-session case in QEMU TCG with AMD SVM instead (the SVM backend)
# -e: must appear in the serial log, -x: must not; -o: must appear in the command's own output. Every run must also
# reach the hypervisor's clean stop ("hv: powering off") before the timeout,
# and print no "FATAL" unless a -e asks for it.
case_() {
    local name=$1 machine=$2 cmdline=$3
    shift 3
    [[ $name == $only ]] || return 0
    local expect=() forbid=() outexp=() tmo=120 cpu=corei7_skylake_x mods=() status= defiso=0 hostcpus=1 svm=0
    while [ $# -gt 0 ]; do
        case $1 in
        -e) expect+=("$2"); shift 2 ;;
        -x) forbid+=("$2"); shift 2 ;;
        -o) outexp+=("$2"); shift 2 ;;
        -t) tmo=$2; shift 2 ;;
        -c) cpu=$2; shift 2 ;;
        -m) mods+=("$2"); shift 2 ;;
        -s) status=$2; shift 2 ;;
        -d) defiso=1; shift ;;
        -n) hostcpus=$2; shift 2 ;;
        -q) svm=1; shift ;;
        *) echo "cases.sh: bad argument '$1' in case $name" >&2; exit 2 ;;
        esac
    done
    local d=$out/$name
    rm -rf "$d"; mkdir -p "$d"
    local serial=$d/serial.log start=$SECONDS rc=0
    : > "$serial"
    case $machine in
    bochs|qemu-bios|qemu-ovmf)
        if [ $defiso = 1 ]; then cp build/hv.iso "$d/hv.iso"; else
        HV_NO_MODULES=1 tools/mkiso.sh "$d/hv.iso" "$cmdline" "${mods[@]}" || { echo "FAIL $name: ISO build failed"; fail=$((fail+1)); failed+=("$name"); return; }; fi ;;
    qemu-ipxe-*)
        HV_MODULES= tools/mknetboot.sh "$d/net" "$cmdline" >/dev/null ;;
    esac
    local qcpu=EPYC,+svm,+npt       # AMD SVM with nested paging; -c names another QEMU CPU model
    [[ $machine == qemu-* ]] && [ "$cpu" != corei7_skylake_x ] && qcpu=$cpu
    local q=(qemu-system-x86_64 -nographic -monitor none -no-reboot -m 256 -serial "file:$serial" -cpu "$qcpu")
    local ovmf=(-M q35 -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd
                -drive "if=pflash,format=raw,file=$d/vars.fd")
    case $machine in
    bochs) if [ $svm = 1 ]; then
            local acc=tcg; [ "$hostcpus" -gt 1 ] && acc=tcg,thread=multi
            timeout "$tmo" qemu-system-x86_64 -accel $acc -cpu EPYC,+svm,+npt -smp "$hostcpus" -m 512 -display none \
                -monitor none -no-reboot -serial "file:$serial" -cdrom "$d/hv.iso" 2>"$d/qemu.err" || rc=$?
        else
            HOSTCPUS=$hostcpus CPUMODEL=$cpu tools/bochs.sh "$d/hv.iso" "$serial" "$tmo" "$d/bochs.log" || rc=$?
        fi ;;
    qemu-bios) timeout "$tmo" "${q[@]}" -cdrom "$d/hv.iso" 2>>"$d/qemu.err" || rc=$? ;;
    qemu-ovmf) cp /usr/share/OVMF/OVMF_VARS_4M.fd "$d/vars.fd"
        timeout "$tmo" "${q[@]}" "${ovmf[@]}" -cdrom "$d/hv.iso" 2>>"$d/qemu.err" || rc=$? ;;
    qemu-ipxe-bios) timeout "$tmo" "${q[@]}" -boot n \
        -netdev "user,id=n0,tftp=$d/net,bootfile=hv.ipxe" -device virtio-net-pci,netdev=n0 2>>"$d/qemu.err" || rc=$? ;;
    qemu-ipxe-efi) cp /usr/share/OVMF/OVMF_VARS_4M.fd "$d/vars.fd"
        timeout "$tmo" "${q[@]}" "${ovmf[@]}" -boot n -netdev "user,id=n0,tftp=$d/net,bootfile=hv.ipxe" \
        -device virtio-net-pci,netdev=n0,romfile=/usr/lib/ipxe/qemu/efi-virtio.rom 2>>"$d/qemu.err" || rc=$? ;;
    qemu-kernel) timeout "$tmo" "${q[@]}" -kernel build/hv.elf -append "$cmdline" 2>>"$d/qemu.err" || rc=$? ;;
    hvrun) [ $svm = 1 ] && cmdline="--emulator qemu $cmdline"
        eval "HOSTCPUS=$hostcpus tools/hvrun --log \"\$serial\" --timeout $tmo $cmdline" > "$d/stdout" 2>&1 || rc=$?
        if [ -n "$status" ] && [ "$rc" != "$status" ]; then
            local st_why="hvrun exit status $rc, expected $status"
        fi
        [ "$rc" = 124 ] || rc=0 ;;
    run-console) python3 tests/integ/run_console.py --log "$serial" --timeout $tmo > "$d/stdout" 2>&1 ||
            local st_why="session checks failed: $(grep '^FAIL' "$d/stdout" | tr '\n' ' ')"
        sed 's/^/     | /' "$d/stdout" ;;
    linux-session) [ $svm = 1 ] && cmdline="--emulator qemu $cmdline"
        eval "python3 tests/integ/linux_session.py --log \"\$serial\" --timeout $tmo $cmdline" \
            > "$d/stdout" 2>&1 || local st_why="session checks failed: $(grep '^FAIL' "$d/stdout" | tr '\n' ' ')"
        sed 's/^/     | /' "$d/stdout" ;;
    fuzz-guest) eval "LOG=\"\$serial\" TIMEOUT=$tmo $cmdline tools/fuzz-guest.sh" > "$d/stdout" 2>&1 ||
            local st_why="$(grep 'FAIL' "$d/stdout" | head -1)"
        sed 's/^/     | /' "$d/stdout" ;;
    *) echo "cases.sh: unknown machine $machine" >&2; exit 2 ;;
    esac
    local log
    log=$(tr -d '\r' < "$serial")
    local why="${st_why:-}"
    [ "$rc" = 124 ] && why="timed out after ${tmo}s"
    grep -q "hv: powering off" <<<"$log" || why="${why:+$why; }no clean stop ('hv: powering off' missing)"
    local wants_fatal=0
    for e in "${expect[@]}"; do
        grep -Eq -- "$e" <<<"$log" || why="${why:+$why; }missing /$e/"
        [[ $e == *FATAL* ]] && wants_fatal=1
    done
    for o in "${outexp[@]}"; do     # in what the command printed (hvrun's stdout and stderr)
        tr -d '\r' < "$d/stdout" | grep -Eq -- "$o" || why="${why:+$why; }output lacks /$o/"
    done
    for x in "${forbid[@]}"; do
        grep -Eq -- "$x" <<<"$log" && why="${why:+$why; }found forbidden /$x/"
    done
    [ $wants_fatal = 0 ] && grep -q "FATAL" <<<"$log" && why="${why:+$why; }unexpected FATAL"
    if [ -z "$why" ]; then
        echo "PASS $name ($machine$([ $svm = 1 ] && echo ', QEMU/SVM'), $((SECONDS - start))s)"
        pass=$((pass + 1))
        rm -f "$d/hv.iso" "$d/vars.fd"; rm -rf "$d/net"
    else
        echo "FAIL $name ($machine, $((SECONDS - start))s): $why"
        echo "     log kept: $serial"; grep -a "hv:" <<<"$log" | tail -8 | sed 's/^/     | /'
        fail=$((fail + 1)); failed+=("$name")
    fi
}

source tests/integ/cases.sh

[ $fail -gt 0 ] && echo "failed: ${failed[*]}"
echo "integration tests: $pass passed, $fail failed"
[ $fail -eq 0 ]
