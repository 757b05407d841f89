#!/bin/bash
# Every test: unit (cmocka, host), static and structure checks, the exit
# path's length against its baseline, host fuzzers (a short libFuzzer run
# each), then integration (Bochs and QEMU).
# The last line is the total: "N passed, N failed".
cd "$(dirname "$0")/.."
total_p=0 total_f=0
count() {   # reads a runner's "...: N passed, N failed" line from $1
    local line
    line=$(grep -E '^[a-z ]+: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)
    if [ -z "$line" ]; then total_f=$((total_f + 1)); return; fi
    total_p=$((total_p + $(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")))
    total_f=$((total_f + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")))
}
log=$(mktemp)
echo "== unit tests"
tests/unit/run.sh "$@" | tee "$log"
count "$log"
echo "== static checks"
tests/check-exit-stub.sh | tee "$log"
count "$log"
tests/check-structure.sh | tee "$log"
count "$log"
echo "== exit path lengths against bench/baseline.json (Bochs)"
tests/check-bench.sh | tee "$log"
count "$log"
echo "== host fuzzers (short run; make fuzz for the long one)"
tests/fuzz/run.sh "${FUZZ_TIME:-5}" | tee "$log"
count "$log"
echo "== integration tests"
tests/integ/run.sh | tee "$log"
count "$log"
rm -f "$log"
echo "$total_p passed, $total_f failed"
[ $total_f -eq 0 ]
