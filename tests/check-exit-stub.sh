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
    for r in ecx edx esi r8d r9d r10d r11d; do              # caller-saved: cleared
        grep -Eq "xor +%$r,%$r" <<<"$dis" || missing="$missing $r"
    done
    grep -Eq 'mov +\$0x4402,%eax' <<<"$dis" || missing="$missing eax"   # EAX: the exit reason
    for r in rbx rbp r12 r13 r14 r15; do                    # callee-saved: the host's, popped
        grep -Eq "pop +%$r" <<<"$dis" || missing="$missing $r"
    done
    if [ -z "$missing" ]; then echo "PASS exit-stub-clears-gprs"; pass=$((pass + 1))
    else echo "FAIL exit-stub-clears-gprs: not cleared:$missing"; fail=$((fail + 1)); fi
    calls=$(grep -c "call " <<<"$dis")
    # 32 unrolled calls plus the one-entry variant, chosen per vCPU (hw.rsb_fill, offset 0x89)
    if [ "$calls" -ge 33 ] && grep -q lfence <<<"$dis" && grep -q "0x89(%rdi)" <<<"$dis"; then
        echo "PASS exit-stub-fills-rsb ($calls call sites, lfence, per-vCPU mode)"; pass=$((pass + 1))
    else echo "FAIL exit-stub-fills-rsb: $calls calls"; fail=$((fail + 1)); fi
fi
# exits to a restricted space skip the refill: leaving it must refill
leave=$(objdump -d --no-show-raw-insn build/hv.elf | awk '/<(leave_restricted|asi_exit|asi_handle_fault)>:/,/^$/')
if grep -q "call.*<cpu_rsb_fill>" <<<"$leave" && ! grep -q "mov .*,%cr3" <<<"$(sed '/cpu_rsb_fill/q' <<<"$leave")"; then
    echo "PASS asi-exit-fills-rsb (before the CR3 switch)"; pass=$((pass + 1))
else echo "FAIL asi-exit-fills-rsb: no cpu_rsb_fill call before the full space is loaded"; fail=$((fail + 1)); fi
rsb=$(objdump -d --no-show-raw-insn build/hv.elf | awk '/<cpu_rsb_fill>:/,/^$/')
if [ "$(grep -c "call " <<<"$rsb")" -ge 33 ]; then
    echo "PASS cpu-rsb-fill-32"; pass=$((pass + 1))
else echo "FAIL cpu-rsb-fill-32: $(grep -c "call " <<<"$rsb") calls"; fail=$((fail + 1)); fi
echo "static checks: $pass passed, $fail failed"
[ $fail -eq 0 ]
