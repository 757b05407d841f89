/*
 * vmx_run(struct vcpu *v): enter the guest (VMLAUNCH the first time, then
 * VMRESUME) and come back here on the next VM exit, KVM-style: the exit
 * handling is ordinary C in the caller's loop, on the same stack.
 * Returns 0 after a VM exit, 1 if the VM entry instruction itself failed.
 * Layout of struct vcpu: regs[16] at 0, host_rsp at 128, launched at 136.
 */
#define VCPU_REGS(n)   (8 * (n))
#define VCPU_HOST_RSP  128
#define VCPU_LAUNCHED  136
#define HOST_RSP_FIELD 0x6c14

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
    movq VCPU_REGS(7)(%rdi), %rdi
    jne 2f
    vmlaunch
    jmp vmx_entry_failed
2:  vmresume
vmx_entry_failed:
    popq %rdi
    movl $1, %eax
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
    movb $1, VCPU_LAUNCHED(%rdi)
    popq %rdi
    /* No guest value stays in a register the C code could use, even
     * speculatively (the callee-saved ones are reloaded below too). */
    xorl %eax, %eax
    xorl %ecx, %ecx
    xorl %edx, %edx
    xorl %ebx, %ebx
    xorl %ebp, %ebp
    xorl %esi, %esi
    xorl %r8d, %r8d
    xorl %r9d, %r9d
    xorl %r10d, %r10d
    xorl %r11d, %r11d
    xorl %r12d, %r12d
    xorl %r13d, %r13d
    xorl %r14d, %r14d
    xorl %r15d, %r15d
    /* Refill the return stack buffer so no guest-trained entry steers a
     * hypervisor RET: 32 calls whose return targets are speculation traps
     * (vmx_rsb_fill = 2), one call where only the post-barrier entry matters
     * (eIBRS with PBRSB: 1), none with eIBRS and PBRSB_NO (0). */
    movzbl vmx_rsb_fill(%rip), %ecx
    testl %ecx, %ecx
    jz 7f
    cmpl $1, %ecx
    je 6f
    movl $16, %ecx
4:  call 5f
8:  pause
    lfence
    jmp 8b
5:  call 55f
9:  pause
    lfence
    jmp 9b
55: decl %ecx
    jnz 4b
    addq $(32 * 8), %rsp
    lfence
    jmp 7f
6:  call 66f
10: pause
    lfence
    jmp 10b
66: addq $8, %rsp                   /* ECX = 1 here: a constant, not guest data */
    lfence
7:                                      /* EAX = 0: the return value */
3:  popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
