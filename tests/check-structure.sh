#!/bin/bash
# Structure checks on the built hypervisor: no dependency circle between
# files (tools/depcheck.py, from the objects' symbols) and no VMX code
# outside hv/vmx (tools/check-vendor.sh). Run after `make`.
cd "$(dirname "$0")/.."
pass=0 fail=0
objs=()
for src in $(find hv -name '*.c' -o -name '*.S' | sort); do
    objs+=("build/${src%.*}.o")     # only objects of sources that exist: no stale ones
done
if out=$(python3 tools/depcheck.py "${objs[@]}" 2>&1); then
    echo "PASS no-dependency-circles: $(tail -1 <<<"$out")"; pass=$((pass + 1))
else
    echo "$out" | sed 's/^/     | /'
    echo "FAIL no-dependency-circles"; fail=$((fail + 1))
fi
if out=$(tools/check-vendor.sh 2>&1); then
    echo "PASS vendor-code-in-backend: $(tail -1 <<<"$out")"; pass=$((pass + 1))
else
    echo "$out" | sed 's/^/     | /'
    echo "FAIL vendor-code-in-backend"; fail=$((fail + 1))
fi
echo "structure checks: $pass passed, $fail failed"
[ $fail -eq 0 ]
