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
#define VCPU_REGS(n)   (8 * (n))
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
    movq VCPU_REGS(1)(%rdi), %rcx
    movq VCPU_REGS(2)(%rdi), %rdx
    movq VCPU_REGS(3)(%rdi), %rbx
    movq VCPU_REGS(5)(%rdi), %rbp
    movq VCPU_REGS(6)(%rdi), %rsi
    movq VCPU_REGS(8)(%rdi), %r8
    movq VCPU_REGS(9)(%rdi), %r9
    movq VCPU_REGS(10)(%rdi), %r10
    movq VCPU_REGS(11)(%rdi), %r11
    movq VCPU_REGS(12)(%rdi), %r12
    movq VCPU_REGS(13)(%rdi), %r13
    movq VCPU_REGS(14)(%rdi), %r14
    movq VCPU_REGS(15)(%rdi), %r15
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
    movq %rcx, VCPU_REGS(1)(%rdi)
    movq %rdx, VCPU_REGS(2)(%rdi)
    movq %rbx, VCPU_REGS(3)(%rdi)
    movq %rbp, VCPU_REGS(5)(%rdi)
    movq %rsi, VCPU_REGS(6)(%rdi)
    popq VCPU_REGS(7)(%rdi)
    movq %r8, VCPU_REGS(8)(%rdi)
    movq %r9, VCPU_REGS(9)(%rdi)
    movq %r10, VCPU_REGS(10)(%rdi)
    movq %r11, VCPU_REGS(11)(%rdi)
    movq %r12, VCPU_REGS(12)(%rdi)
    movq %r13, VCPU_REGS(13)(%rdi)
    movq %r14, VCPU_REGS(14)(%rdi)
    movq %r15, VCPU_REGS(15)(%rdi)
    movzbl VCPU_RSB_FILL(%rdi), %eax    /* RSB refill for this exit (below) */
    popq %rdi
    /* No guest value stays in a register the C code could use, even
     * speculatively: the caller-saved ones are cleared here, EAX below, RDI
     * was reloaded, and the callee-saved ones come back from the stack
     * (the POPs at 3:), which every later use depends on. */
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r11d, %r11d
    /* Refill the return stack buffer so that no guest-trained entry steers a
     * hypervisor RET into code that can reach sensitive data. An exit to the
     * VM's restricted space needs none here (hw.rsb_fill = 0): only its own
     * state is mapped there, and asi_exit refills before the full space is
     * back (cpu_rsb_fill). Else 32 entries (2), or one where only the
     * post-barrier entry matters (eIBRS with PBRSB: 1). */
    testl %eax, %eax
    jz 7f
    cmpl $1, %eax
    je 6f
    RSB_FILL_32
    jmp 7f
6:  call 66f
    pause
    lfence
    int3
66: addq $8, %rsp
    lfence
7:  movl $EXIT_REASON_FIELD, %eax       /* the return value (no guest data left in EAX) */
    vmread %rax, %rax
3:  popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
