/* Guest GPRs to and from struct vcpu (regs[16] at offset 0, by x86 register
 * number), for both backends' entry stubs: every register but RAX (the VMCS
 * stub moves it itself, SVM keeps it in the VMCB), RSP (in the VMCS/VMCB) and
 * RDI (the vcpu pointer while the others move). */
#ifndef HV_GUESTREGS_ASM_H
#define HV_GUESTREGS_ASM_H
#ifdef __ASSEMBLER__
#define VCPU_REGS(n) (8 * (n))
.macro GUEST_GPRS_LOAD vcpu
    movq VCPU_REGS(1)(\vcpu), %rcx
    movq VCPU_REGS(2)(\vcpu), %rdx
    movq VCPU_REGS(3)(\vcpu), %rbx
    movq VCPU_REGS(5)(\vcpu), %rbp
    movq VCPU_REGS(6)(\vcpu), %rsi
    movq VCPU_REGS(8)(\vcpu), %r8
    movq VCPU_REGS(9)(\vcpu), %r9
    movq VCPU_REGS(10)(\vcpu), %r10
    movq VCPU_REGS(11)(\vcpu), %r11
    movq VCPU_REGS(12)(\vcpu), %r12
    movq VCPU_REGS(13)(\vcpu), %r13
    movq VCPU_REGS(14)(\vcpu), %r14
    movq VCPU_REGS(15)(\vcpu), %r15
.endm
.macro GUEST_GPRS_SAVE vcpu
    movq %rcx, VCPU_REGS(1)(\vcpu)
    movq %rdx, VCPU_REGS(2)(\vcpu)
    movq %rbx, VCPU_REGS(3)(\vcpu)
    movq %rbp, VCPU_REGS(5)(\vcpu)
    movq %rsi, VCPU_REGS(6)(\vcpu)
    movq %r8, VCPU_REGS(8)(\vcpu)
    movq %r9, VCPU_REGS(9)(\vcpu)
    movq %r10, VCPU_REGS(10)(\vcpu)
    movq %r11, VCPU_REGS(11)(\vcpu)
    movq %r12, VCPU_REGS(12)(\vcpu)
    movq %r13, VCPU_REGS(13)(\vcpu)
    movq %r14, VCPU_REGS(14)(\vcpu)
    movq %r15, VCPU_REGS(15)(\vcpu)
.endm
#endif
#endif
