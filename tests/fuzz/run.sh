#!/bin/bash
# Host fuzzers (libFuzzer, clang, ASan+UBSan) for every parser a guest or a
# user can feed: tests/fuzz/fuzz_*.c, each naming its sources in a "// uses:" line.
# Usage: tests/fuzz/run.sh [SECONDS-EACH] [NAME-GLOB]   (default 60 s, all)
# Seeds: tests/fuzz/corpus/NAME/ (committed) plus the project's own inputs;
# the growing corpus stays in build/fuzz/corpus/NAME/. A crash or sanitizer
# report keeps its input in build/fuzz/crashes/NAME/ and fails that fuzzer.
# Last line: "fuzz: N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60} only=${2:-*}
[[ $secs =~ ^[0-9]+$ ]] || { echo "usage: tests/fuzz/run.sh [SECONDS-EACH] [NAME-GLOB]" >&2; exit 2; }
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (apt-get install clang libclang-rt-14-dev)"; echo "fuzz: 0 passed, 1 failed"; exit 1; }
out=build/fuzz
mkdir -p "$out"
pass=0 fail=0
seed_inputs() {     # the project's own inputs for a fuzzer, as seeds
    case $1 in
    vmconfig) ls config/*.cfg config/bench/*.cfg tests/integ/vms/*.cfg 2>/dev/null ;;
    mbload) ls build/guests/cpuid.elf build/guests/pio.elf 2>/dev/null ;;
    esac
}
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c); name=${name#fuzz_}
    [[ $name == $only ]] || continue
    bin=$out/fuzz_$name corpus=$out/corpus/$name crashes=$out/crashes/$name
    mkdir -p "$corpus" "$crashes"
    if ! $CC -g -O1 -Wall -Wextra -Werror -Ihv/include -fsanitize=fuzzer,address,undefined \
            -fno-sanitize-recover=all -o "$bin" "$src" $(sed -n 's|^// uses: ||p' "$src") 2> "$out/$name.build.log"; then
        echo "FAIL fuzz $name: does not build"; sed 's/^/     | /' "$out/$name.build.log" | head -20
        fail=$((fail + 1)); continue
    fi
    for f in $(seed_inputs "$name"); do cp -f "$f" "$corpus/seed-$(basename "$f")"; done
    [ -d tests/fuzz/corpus/$name ] && cp -f tests/fuzz/corpus/$name/* "$corpus/" 2>/dev/null
    ASAN_OPTIONS=detect_leaks=0 "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" > "$out/$name.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$out/$name.log" | tail -1)
    if [ $rc -eq 0 ]; then
        echo "PASS fuzz $name: ${runs:-?} runs in ${secs}s, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l)"
        pass=$((pass + 1))
    else
        echo "FAIL fuzz $name: exit $rc after ${runs:-?} runs; input kept in $crashes/"
        grep -E 'ERROR|runtime error|SUMMARY|#[0-9]+ 0x' "$out/$name.log" | head -12 | sed 's/^/     | /'
        fail=$((fail + 1))
    fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail -eq 0 ]
