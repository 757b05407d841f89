#!/bin/bash
# make bench: run guest-tools/exitbench under the hypervisor (QEMU+KVM with
# nested VT-x where /dev/kvm has VMX, else Bochs) and write
# build/bench/exitbench.{txt,csv,json,md,svg} (OUT= another directory).
# Env: SAMPLES (per round and exit type, default 200), ROUNDS (even, default 4),
#      EMULATOR (bochs|qemu-kvm), TIMEOUT (s, default 900), HV_OPTS (hypervisor options, e.g. rsb_fill=none),
#      HOST_CPUS (CPUs of the emulated machine, default 1), BENCH_IO (0: no I/O rows), IO_ROUNDS (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-build/bench}
mkdir -p "$out"
samples=${SAMPLES:-200} rounds=${ROUNDS:-4}
log=$out/serial.log
emu_args=()
[ -n "${EMULATOR:-}" ] && emu_args=(--emulator "$EMULATOR")
echo "bench: exitbench, $samples samples x $rounds rounds per exit type (ASI off/on interleaved)"
# run_exitbench NAME HVRUN-ARGS...: one run into $out/NAME.out
run_exitbench() {
    local name=$1
    shift
    set +e
    tools/hvrun --kernel build/guest-tools/exitbench.elf --memory 16 --timeout "${TIMEOUT:-900}" --set asi_guest_control=1 \
        --hv "${HV_OPTS:-}" --log "$out/$name.log" "${emu_args[@]}" "$@" |
        tee "$out/$name.out" | grep --line-buffered '^exitbench: \(machine\|round\)' | sed 's/^/bench: /'
    local rc=${PIPESTATUS[0]}
    set -e
    [ $rc = 1 ] || { echo "bench: exitbench did not finish cleanly (hvrun status $rc); log: $out/$name.log" >&2; exit 1; }
    grep -q '^exitbench: done' "$out/$name.out" || { echo "bench: no results in $out/$name.out" >&2; exit 1; }
}
run_exitbench guest --host-cpus "${HOST_CPUS:-1}" --append "samples=$samples rounds=$rounds"
cp "$out/guest.log" "$log"
# the rows between two vCPUs on two CPUs: a VM with vcpus = 2 on a 2-CPU machine
echo "bench: exitbench xcpu=1 (2 vCPUs on 2 CPUs)"
run_exitbench guest-xcpu --host-cpus 2 --vcpus 2 --append "samples=$samples rounds=$rounds xcpu=1"
# the human tables: everything between the header line and the CSV
for f in guest guest-xcpu; do
    sed -n '/^exitbench: machine/,/^CSVHEAD/p' "$out/$f.out" | grep -v '^CSVHEAD\|^exitbench: round'
done > "$out/exitbench.txt"
machine=$(sed -n 's/^MACHINE,//p' "$out/guest.out")
{
    echo "exit,variant,samples,mean,min,median,p99,max,asi_exits_per_1000"
    sed -n 's/^CSV,//p' "$out/guest.out" "$out/guest-xcpu.out"
} > "$out/exitbench.csv"
# JSON, the summary table and the chart (gnuplot); make bench also rewrites
# the measured block of docs/bench.md and the README (BENCH_DOCS=0: not)
docs=()
[ "${BENCH_DOCS:-0}" = 1 ] && docs=(--docs docs/bench.md --docs README.md)
python3 tools/benchreport.py report "$out/exitbench.csv" "$out" --machine "$machine${EMULATOR:+ ($EMULATOR)}" \
    --samples "$samples samples x $rounds rounds per exit type" "${docs[@]}" >/dev/null
sed -n '/^### summary/,/^$/p' "$out/exitbench.txt"
echo "bench: wrote $out/exitbench.txt, .csv, .json, .md, .svg (machine: $machine)"
# the I/O rows: fio on virtio-blk, TCP and ping over virtio-net, two Linux VMs in Bochs
# (BENCH_IO=0 skips them; they need make linux and scripts/benchdisk.sh)
if [ "${BENCH_IO:-1}" = 1 ]; then
    [ -f build/linux/bench.img ] || scripts/benchdisk.sh
    iodocs=()
    [ "${BENCH_DOCS:-0}" = 1 ] && iodocs=(--docs docs/bench.md --docs README.md)
    echo "bench: I/O (fio on virtio-blk, TCP and ping over virtio-net), ${IO_ROUNDS:-2} rounds ASI off/on"
    python3 tools/iobench.py "$out" --rounds "${IO_ROUNDS:-2}" "${iodocs[@]}"
fi
