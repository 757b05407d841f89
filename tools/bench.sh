#!/bin/bash
# make bench: run guest-tools/exitbench under the hypervisor (Bochs with VT-x:
# its TSC counts instructions; EMULATOR= another) and write
# build/bench/exitbench.{txt,csv,json,md,svg} (OUT= another directory); then the
# same under the SVM backend in QEMU with -icount (instructions again):
# build/bench/svm/, and the VMX/SVM comparison table (BENCH_SVM=0: not).
# Env: SAMPLES (per round and exit type, default 200), ROUNDS (even, default 4),
#      EMULATOR (bochs|qemu|qemu-kvm; qemu: the SVM backend with -icount), TIMEOUT (s, default 900), HV_OPTS (hypervisor options, e.g. rsb_fill=none),
#      HOST_CPUS (CPUs of the emulated machine, default 1), BENCH_IO (0: no I/O rows), IO_ROUNDS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-build/bench}
mkdir -p "$out"
samples=${SAMPLES:-200} rounds=${ROUNDS:-4}
log=$out/serial.log
emu_args=(--emulator "${EMULATOR:-bochs}")
xcpu=1
if [ "${EMULATOR:-bochs}" = qemu ]; then    # make bench EMULATOR=qemu: the SVM backend, TSC = instructions
    emu_args+=(--icount)
    xcpu=0                                  # the two-CPU rows hang under -icount (docs/svm.md)
fi
echo "bench: exitbench, $samples samples x $rounds rounds per exit type (ASI off/on interleaved)"
# run_exitbench DIR NAME HVRUN-ARGS...: one run into DIR/NAME.out
run_exitbench() {
    local dir=$1 name=$2
    shift 2
    set +e
    tools/hvrun --kernel build/guest-tools/exitbench.elf --memory 16 --timeout "${TIMEOUT:-900}" --set asi_guest_control=1 \
        --hv "${HV_OPTS:-}" --log "$dir/$name.log" "${emu_args[@]}" "$@" |
        tee "$dir/$name.out" | grep --line-buffered '^exitbench: \(machine\|round\)' | sed 's/^/bench: /'
    local rc=${PIPESTATUS[0]}
    set -e
    [ $rc = 1 ] || { echo "bench: exitbench did not finish cleanly (hvrun status $rc); log: $dir/$name.log" >&2; exit 1; }
    grep -q '^exitbench: done' "$dir/$name.out" || { echo "bench: no results in $dir/$name.out" >&2; exit 1; }
}
# exit_tables DIR [XCPU]: every exit type on one CPU, then (XCPU=1, the default) the rows
# between two vCPUs on two CPUs (a VM with vcpus = 2 on a 2-CPU machine); DIR/exitbench.txt, .csv
exit_tables() {
    local dir=$1 xcpu=${2:-1} runs=(guest)
    mkdir -p "$dir"
    run_exitbench "$dir" guest --host-cpus "${HOST_CPUS:-1}" --append "samples=$samples rounds=$rounds"
    if [ "$xcpu" = 1 ]; then
        echo "bench: exitbench xcpu=1 (2 vCPUs on 2 CPUs)"
        run_exitbench "$dir" guest-xcpu --host-cpus 2 --vcpus 2 --append "samples=$samples rounds=$rounds xcpu=1"
        runs+=(guest-xcpu)
    fi
    # the human tables: everything between the header line and the CSV
    for f in "${runs[@]}"; do
        sed -n '/^exitbench: machine/,/^CSVHEAD/p' "$dir/$f.out" | grep -v '^CSVHEAD\|^exitbench: round'
    done > "$dir/exitbench.txt"
    {
        echo "exit,variant,samples,mean,min,median,p99,max,asi_exits_per_1000"
        for f in "${runs[@]}"; do sed -n 's/^CSV,//p' "$dir/$f.out"; done
    } > "$dir/exitbench.csv"
}
exit_tables "$out" $xcpu
cp "$out/guest.log" "$log"
machine=$(sed -n 's/^MACHINE,//p' "$out/guest.out")
# JSON, the summary table and the chart (gnuplot); make bench also rewrites
# the measured block of docs/bench.md and the README (BENCH_DOCS=0: not)
docs=()
[ "${BENCH_DOCS:-0}" = 1 ] && docs=(--docs docs/bench.md --docs README.md)
python3 tools/benchreport.py report "$out/exitbench.csv" "$out" --machine "$machine${EMULATOR:+ ($EMULATOR)}" \
    --samples "$samples samples x $rounds rounds per exit type" "${docs[@]}" >/dev/null
sed -n '/^### summary/,/^$/p' "$out/exitbench.txt"
echo "bench: wrote $out/exitbench.txt, .csv, .json, .md, .svg (machine: $machine)"
# the SVM backend: the same tables in QEMU's TCG (-cpu EPYC,+svm,+npt) with -icount, whose TSC
# counts instructions as Bochs' does; the VMX/SVM table goes to docs/svm.md and the README
if [ "${BENCH_SVM:-1}" = 1 ] && [ "${EMULATOR:-bochs}" = bochs ]; then
    echo "bench: the SVM backend: exitbench in QEMU TCG with AMD SVM, -icount shift=0 (TSC = instructions)"
    emu_args=(--emulator qemu --icount)
    exit_tables "$out/svm" 0         # one CPU: -icount runs the CPUs round-robin (the xcpu rows hang there, docs/svm.md)
    svmdocs=()
    [ "${BENCH_DOCS:-0}" = 1 ] && svmdocs=(--docs docs/svm.md --docs docs/bench.md --docs README.md)
    python3 tools/benchreport.py compare "$out/exitbench.csv" "$out/svm/exitbench.csv" \
        --machine "$(sed -n 's/^MACHINE,//p' "$out/svm/guest.out")" "${svmdocs[@]}" | tee "$out/svm/compare.md"
fi
# the I/O rows: fio on virtio-blk, TCP and ping over virtio-net, two Linux VMs in Bochs
# (BENCH_IO=0 skips them; they need make linux and scripts/benchdisk.sh)
if [ "${BENCH_IO:-1}" = 1 ]; then
    [ -f build/linux/bench.img ] || scripts/benchdisk.sh
    iodocs=()
    [ "${BENCH_DOCS:-0}" = 1 ] && iodocs=(--docs docs/bench.md --docs README.md)
    echo "bench: I/O (fio on virtio-blk, TCP and ping over virtio-net), ${IO_ROUNDS:-2} rounds ASI off/on"
    python3 tools/iobench.py "$out" --rounds "${IO_ROUNDS:-2}" "${iodocs[@]}"
fi
