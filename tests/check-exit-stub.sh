#!/bin/bash
# Static check of the VM-exit stub in build/hv.elf (hv/vmx/entry.S): after
# saving the guest's registers it must zero every GPR but RSP before any C
# runs, and refill the return stack buffer (a loop of CALLs with LFENCE).
# Last line: "static checks: N passed, N failed".
cd "$(dirname "$0")/.."
pass=0 fail=0
dis=$(objdump -d --no-show-raw-insn build/hv.elf | awk '/<vmx_exit_stub>:/,/ret/')
if [ -z "$dis" ]; then echo "FAIL exit-stub: vmx_exit_stub not found in build/hv.elf"; fail=1; else
    missing=
    for r in eax ecx edx ebx ebp esi r8d r9d r10d r11d r12d r13d r14d r15d; do
        grep -Eq "xor +%$r,%$r" <<<"$dis" || missing="$missing $r"
    done
    if [ -z "$missing" ]; then echo "PASS exit-stub-clears-gprs"; pass=$((pass + 1))
    else echo "FAIL exit-stub-clears-gprs: not cleared:$missing"; fail=$((fail + 1)); fi
    calls=$(grep -c "call " <<<"$dis")
    if [ "$calls" -ge 3 ] && grep -q lfence <<<"$dis" && grep -q "vmx_rsb_fill" <<<"$dis"; then
        echo "PASS exit-stub-fills-rsb ($calls call sites, lfence)"; pass=$((pass + 1))
    else echo "FAIL exit-stub-fills-rsb: $calls calls"; fail=$((fail + 1)); fi
fi
echo "static checks: $pass passed, $fail failed"
[ $fail -eq 0 ]
