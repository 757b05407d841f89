/* Return-stack-buffer refill, for assembly: 32 calls whose return targets
 * are speculation traps, then the stack pointer put back. Unrolled (as
 * Linux does): 33 instructions, no loop counter to keep. */
#ifndef HV_RSBFILL_ASM_H
#define HV_RSBFILL_ASM_H
#ifdef __ASSEMBLER__
.macro RSB_FILL_32
    .rept 32
    call 1f
    pause
    lfence
    int3
1:
    .endr
    addq $(32 * 8), %rsp
    lfence
.endm

/* After a VM exit, both backends' stubs (hv/vmx/entry.S, hv/svm/entry.S):
 * clear the caller-saved registers that held guest values (EAX holds the
 * vCPU's hw.rsb_fill; RDI and the callee-saved ones are reloaded by the
 * caller's POPs), then refill the return stack buffer as hw.rsb_fill says:
 * none for an exit to a restricted space (asi_exit refills), 32 entries
 * (2), or one where only the post-barrier entry matters (eIBRS with PBRSB: 1). */
.macro EXIT_SCRUB_AND_RSB_FILL
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r11d, %r11d
    testl %eax, %eax
    jz 97f
    cmpl $1, %eax
    je 96f
    RSB_FILL_32
    jmp 97f
96: call 95f
    pause
    lfence
    int3
95: addq $8, %rsp
    lfence
97:
.endm
#endif
#endif
