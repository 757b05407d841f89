#!/bin/bash
# Run cmocka unit-test binaries; print "unit tests: N passed, N failed".
pass=0 fail=0
for t in "$@"; do
    out=$(ASAN_OPTIONS=detect_leaks=0 "$t" 2>&1)
    echo "$out" | grep -E '^\[ +(OK|FAILED|ERROR|LINE) +\]|ERROR: |runtime error' | grep -v 'listed below' || true
    p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p')
    f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed below:/\1/p')
    ran=$(echo "$out" | sed -n 's/^\[==========\] \([0-9]*\) test(s) run\./\1/p')
    p=${p:-0} f=${f:-0}
    # a binary that crashed before its summary counts as one failure
    if [ -z "$ran" ] || [ $((p + f)) -ne "$ran" ]; then
        echo "[  CRASH   ] $t ended without a complete summary"; echo "$out" | tail -20
        f=$((f + 1))
    fi
    pass=$((pass + p)) fail=$((fail + f))
done
echo "unit tests: $pass passed, $fail failed"
[ $fail -eq 0 ]
