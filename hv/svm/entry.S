/*
 * svm_run(struct vcpu *v, uint64_t vmcb_pa, uint64_t host_pa): run the guest
 * until its next #VMEXIT. GIF is cleared around the guest with host
 * RFLAGS.IF = 1, so a physical interrupt or NMI in guest mode exits (INTR,
 * NMI intercepts) and, held by GIF = 0, is taken by the host once STGI and
 * the caller allow it. VMLOAD/VMSAVE move the state VMRUN does not (FS, GS,
 * TR, LDTR, KERNEL_GS_BASE, syscall and sysenter MSRs); the host's own comes
 * back from host_pa. RAX is the VMCB's (the caller copies it).
 * Layout of struct vcpu: regs[16] at 0, hw.rsb_fill at 137 (vmx.c asserts).
 */
#include "rsbfill_asm.h"
#define VCPU_REGS(n)   (8 * (n))
#define VCPU_RSB_FILL  137

    .text
    .globl svm_run
svm_run:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    pushq %rdi                          /* the vcpu, at 8(%rsp) on exit */
    pushq %rdx                          /* the host's VMLOAD area, at (%rsp) */
    movq %rsi, %rax
    clgi
    sti                                 /* held by GIF = 0 until the guest runs */
    vmload %rax
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
    movq VCPU_REGS(7)(%rdi), %rdi
    vmrun %rax
    /* #VMEXIT: host RSP, RAX (the VMCB's address), CR3, EFER back; GIF = 0 */
    pushq %rdi
    movq 16(%rsp), %rdi
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
    vmsave %rax
    popq %rax
    vmload %rax                         /* the host's GS base, TR, ... */
    cli
    stgi                                /* a held NMI is taken here; interrupts wait for the caller */
    movzbl VCPU_RSB_FILL(%rdi), %eax
    popq %rdi
    /* no guest value stays in a register the C code could use (as hv/vmx/entry.S) */
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %esi, %esi
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r11d, %r11d
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
7:  xorl %eax, %eax
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
