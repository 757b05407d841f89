#!/bin/bash
# The exit path's guard: a short exitbench run in Bochs, whose TSC counts
# instructions, so every exit type's ASI-on mean is an exact path length.
# Fails when one exceeds bench/baseline.json by more than 2%. After a
# deliberate change of the path, `make bench-baseline` records the new one.
cd "$(dirname "$0")/.."
out=build/bench-guard
mkdir -p "$out"
if ! OUT=$out SAMPLES=20 ROUNDS=2 EMULATOR=bochs BENCH_DOCS=0 BENCH_IO=0 tools/bench.sh > "$out/run.log" 2>&1; then
    sed 's/^/     | /' "$out/run.log" | tail -20
    echo "FAIL bench-run: exitbench did not finish"
    echo "bench guard: 0 passed, 1 failed"
    exit 1
fi
python3 tools/benchreport.py check "$out/exitbench.csv" bench/baseline.json --tolerance 2
