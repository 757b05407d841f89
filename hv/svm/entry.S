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
#include "guestregs_asm.h"
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
    GUEST_GPRS_LOAD %rdi
    movq VCPU_REGS(7)(%rdi), %rdi
    vmrun %rax
    /* #VMEXIT: host RSP, RAX (the VMCB's address), CR3, EFER back; GIF = 0 */
    pushq %rdi
    movq 16(%rsp), %rdi
    GUEST_GPRS_SAVE %rdi
    popq VCPU_REGS(7)(%rdi)
    vmsave %rax
    popq %rax
    vmload %rax                         /* the host's GS base, TR, ... */
    cli
    stgi                                /* a held NMI is taken here; interrupts wait for the caller */
    movzbl VCPU_RSB_FILL(%rdi), %eax
    popq %rdi
    EXIT_SCRUB_AND_RSB_FILL                /* hv/include/rsbfill_asm.h */
    xorl %eax, %eax
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
