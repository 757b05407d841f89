/* Multiboot v1 entry for the test guests (ELF32, loaded at 1 MiB). */
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00000003     /* page-align modules, want memory info */
    .section .multiboot, "a"
    .balign 4
    .long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

    .text
    .globl _start
_start:
    cli
    movl $stack_top, %esp
    pushl %ebx                  /* multiboot info */
    pushl %eax                  /* magic */
    call guest_main_entry
1:  hlt
    jmp 1b

    .bss
    .balign 16
    .skip 16384
stack_top:
