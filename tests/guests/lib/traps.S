/* 32-bit exception stubs: uniform frame, call guest_trap(frame). */
    .text
.macro STUB n, err
trap\n:
    .if \err == 0
    pushl $0
    .endif
    pushl $\n
    jmp trap_common
.endm
.irp n, 0,1,2,3,4,5,6,7,9,15,16,18,19,20,21,22,23,24,25,26,27,28,29,30,31
STUB \n, 0
.endr
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
STUB \n, 0
.endr
.irp n, 8,10,11,12,13,14,17
STUB \n, 1
.endr
trap_common:
    pushal
    leal 32(%esp), %eax
    pushl %eax
    call guest_trap
    addl $4, %esp
    popal
    addl $8, %esp
    iret

    .section .rodata
    .globl trap_stubs
trap_stubs:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .long trap\n
.endr
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63
    .long trap\n
.endr
