/* Ring 3 for the test guests: run_user(fn) runs fn at CPL 3 on its own
 * stack; fn comes back with user_exit(value) (INT 0x80, a DPL-3 gate). */
    .text
    .globl run_user
run_user:
    pushl %ebp
    pushl %ebx
    pushl %esi
    pushl %edi
    movl %esp, saved_ksp
    movl 20(%esp), %eax             /* fn */
    movw $0x23, %dx                 /* user data segment for DS/ES */
    movw %dx, %ds
    movw %dx, %es
    pushl $0x23                     /* SS */
    pushl $user_stack_top           /* ESP */
    pushfl
    pushl $0x1b                     /* CS: user code */
    pushl %eax                      /* EIP */
    iret

    .globl user_exit_stub
user_exit_stub:                     /* INT 0x80 from CPL 3: EAX = result */
    movw $0x10, %dx
    movw %dx, %ds
    movw %dx, %es
    movl saved_ksp, %esp
    popl %edi
    popl %esi
    popl %ebx
    popl %ebp
    ret

    .bss
    .balign 16
saved_ksp: .long 0
    .balign 16
    .skip 8192
user_stack_top:
