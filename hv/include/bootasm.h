/* Assembler macros shared by the boot paths (head.S for the boot CPU,
 * apboot.S for the others). */
#ifndef HV_BOOTASM_H
#define HV_BOOTASM_H

/* Flat data segments from the boot GDT's selector 0x10; FS and GS null
 * (percpu_init sets GS base later). */
.macro LOAD_FLAT_SEGMENTS
    movl $0x10, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    xorl %eax, %eax
    movl %eax, %fs
    movl %eax, %gs
.endm

#endif
