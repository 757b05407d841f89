#!/bin/bash
# The exit path's guard, for both backends: a short exitbench run in Bochs (VMX) and
# one in QEMU with -icount (SVM); both TSCs count instructions, so every exit type's
# ASI-on mean is an exact path length. Fails when one exceeds its baseline
# (bench/baseline.json, bench/baseline-svm.json) by more than 2%, or the SVM CPUID or
# VMMCALL round trip exceeds 200 instructions. After a deliberate change of the path,
# `make bench-baseline` records the new ones.
cd "$(dirname "$0")/.."
out=build/bench-guard
mkdir -p "$out/svm"
fail() {
    sed 's/^/     | /' "$2" | tail -20
    echo "FAIL $1: exitbench did not finish"
    echo "bench guard: 0 passed, 1 failed"
    exit 1
}
OUT=$out SAMPLES=20 ROUNDS=2 EMULATOR=bochs BENCH_DOCS=0 BENCH_IO=0 BENCH_SVM=0 tools/bench.sh > "$out/run.log" 2>&1 ||
    fail bench-run "$out/run.log"
QEMU_ICOUNT=1 tools/hvrun --emulator qemu --kernel build/guest-tools/exitbench.elf --memory 16 --timeout 300 \
    --set asi_guest_control=1 --append "samples=20 rounds=2" --log "$out/svm/guest.log" > "$out/svm/guest.out" 2>&1
{ echo "exit,variant,samples,mean,min,median,p99,max,asi_exits_per_1000"; sed -n 's/^CSV,//p' "$out/svm/guest.out"; } \
    > "$out/svm/exitbench.csv"
grep -q '^exitbench: done' "$out/svm/guest.out" || fail bench-svm-run "$out/svm/guest.out"
python3 tools/benchreport.py check "$out/exitbench.csv" bench/baseline.json --tolerance 2 > "$out/vmx.txt"
python3 tools/benchreport.py check "$out/svm/exitbench.csv" bench/baseline-svm.json --tolerance 2 --label bench-svm \
    > "$out/svm.txt"
grep -h '^PASS\|^FAIL' "$out/vmx.txt" "$out/svm.txt"
p=$(( $(grep -c '^PASS' "$out/vmx.txt") + $(grep -c '^PASS' "$out/svm.txt") ))
f=$(( $(grep -c '^FAIL' "$out/vmx.txt") + $(grep -c '^FAIL' "$out/svm.txt") ))
echo "bench guard: $p passed, $f failed"
[ "$f" = 0 ]
