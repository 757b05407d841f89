/*
 * uint64_t call_on_stack(void *arg, uint64_t top, uint64_t (*fn)(void *)):
 * run fn(arg) on another stack (a vCPU's exit stack) and come back. The
 * frame-pointer chain continues into the caller's stack for backtraces.
 */
    .text
    .globl call_on_stack
call_on_stack:
    pushq %rbp
    movq %rsp, %rbp
    movq %rsi, %rsp                 /* top is 16-byte aligned: the ABI's alignment at a call */
    call *%rdx
    movq %rbp, %rsp
    popq %rbp
    ret
