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
#endif
#endif
