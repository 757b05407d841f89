/*
 * vmx_run(struct vcpu *v): enter the guest (VMLAUNCH the first time, then
 * VMRESUME) and come back here on the next VM exit, KVM-style: the exit
 * handling is ordinary C in the caller's loop, on the same stack.
 * Returns the exit reason after a VM exit, VMX_ENTRY_INSN_FAILED (~0) if
 * the VM entry instruction itself failed.
 * Layout of struct vcpu: regs[16] at 0, hw.host_rsp at 128, hw.launched at
 * 136, hw.rsb_fill at 137 (static asserts in vmx.c).
 */
#include "rsbfill_asm.h"
#include "guestregs_asm.h"
#define VCPU_HOST_RSP  128
#define VCPU_LAUNCHED  136
#define VCPU_RSB_FILL  137
#define HOST_RSP_FIELD 0x6c14
#define EXIT_REASON_FIELD 0x4402

    .text
    .globl vmx_run
vmx_run:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    pushq %rdi                          /* the vcpu, found at (%rsp) on exit */
    cmpq %rsp, VCPU_HOST_RSP(%rdi)      /* HOST_RSP changes only if the caller's stack does */
    je 1f
    movq %rsp, VCPU_HOST_RSP(%rdi)
    movl $HOST_RSP_FIELD, %eax
    vmwrite %rsp, %rax
1:
    movq VCPU_REGS(0)(%rdi), %rax
    GUEST_GPRS_LOAD %rdi
    cmpb $0, VCPU_LAUNCHED(%rdi)
    jne 1f
    movb $1, VCPU_LAUNCHED(%rdi)        /* here, not on every exit; undone if VMLAUNCH fails */
    movq VCPU_REGS(7)(%rdi), %rdi
    vmlaunch
    movq (%rsp), %rdi
    movb $0, VCPU_LAUNCHED(%rdi)
    jmp vmx_entry_failed
1:  movq VCPU_REGS(7)(%rdi), %rdi
    vmresume
vmx_entry_failed:
    popq %rdi
    movl $-1, %eax
    jmp 3f

    .globl vmx_exit_stub
vmx_exit_stub:                          /* HOST_RIP: RSP = HOST_RSP, guest regs live */
    pushq %rdi
    movq 8(%rsp), %rdi
    movq %rax, VCPU_REGS(0)(%rdi)
    GUEST_GPRS_SAVE %rdi
    popq VCPU_REGS(7)(%rdi)
    movzbl VCPU_RSB_FILL(%rdi), %eax    /* RSB refill for this exit (below) */
    popq %rdi
    /* No guest value stays in a register the C code could use, even
     * speculatively, and no guest-trained return prediction steers a
     * hypervisor RET (hv/include/rsbfill_asm.h). */
    EXIT_SCRUB_AND_RSB_FILL
    movl $EXIT_REASON_FIELD, %eax       /* the return value (no guest data left in EAX) */
    vmread %rax, %rax
3:  popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
