/*
 * Entry from a multiboot2 loader (GRUB under BIOS, UEFI and PXE): 32-bit
 * protected mode, paging off, EAX = magic, EBX = physical address of the info.
 * We build boot page tables (identity 0-4 GiB, and -2 GiB -> 0-1 GiB), enter
 * long mode, jump to the higher-half image and call hv_main(magic, info).
 * The magic is checked in C, where a wrong one gets a readable message.
 */
#include "layout.h"
#include "bootasm.h"

#define PA(x) ((x) - KVMA)

#define MB2_MAGIC      0xe85250d6
#define MB1_MAGIC      0x1badb002
#define MB1_AOUT_KLUDGE 0x00010000

    .section .mbheader, "a"
    .balign 8
mb2_header:
    .long MB2_MAGIC
    .long 0                                   /* i386 protected mode */
    .long mb2_header_end - mb2_header
    .long 0x100000000 - (MB2_MAGIC + (mb2_header_end - mb2_header))
    /* entry address tag: the ELF entry is a virtual address */
    .balign 8
    .short 3, 0
    .long 12
    .long PA(start32)
    /* end tag */
    .balign 8
    .short 0, 0
    .long 8
mb2_header_end:

    /* A multiboot v1 header (a.out kludge) so a v1-only loader such as
     * QEMU -kernel or iPXE starts us and we can say why that is wrong,
     * instead of the loader failing silently. */
    .balign 4
mb1_header:
    .long MB1_MAGIC
    .long MB1_AOUT_KLUDGE
    .long 0x100000000 - (MB1_MAGIC + MB1_AOUT_KLUDGE)
    .long PA(mb1_header)
    .long PA(_image_start)
    .long PA(_edata)
    .long PA(_image_end)
    .long PA(start32)

    .section .boot.text, "ax"
    .code32
    .globl start32
start32:
    cli
    cld
    movl %eax, %ebp                 /* magic, checked in C */
    movl %ebx, %esi                 /* info pointer */
    movl $PA(boot_stack_top), %esp

    /* Long mode available? (CPUID 0x80000001 EDX bit 29) */
    movl $0x80000000, %eax
    cpuid
    cmpl $0x80000001, %eax
    jb no_long_mode
    movl $0x80000001, %eax
    cpuid
    btl $29, %edx
    jnc no_long_mode

    /* Zero the boot page tables: 7 pages. */
    movl $PA(boot_pt_start), %edi
    movl $(7 * 1024), %ecx
    xorl %eax, %eax
    rep stosl

    /* PML4[0] -> identity PDPT, PML4[511] -> high PDPT */
    movl $PA(boot_pdpt_low), %eax
    orl $3, %eax
    movl %eax, PA(boot_pml4)
    movl $PA(boot_pdpt_high), %eax
    orl $3, %eax
    movl %eax, PA(boot_pml4) + 511 * 8
    /* identity PDPT[0..3] -> PD0..PD3, high PDPT[510] -> PD0 */
    movl $PA(boot_pd), %eax
    orl $3, %eax
    movl $PA(boot_pdpt_low), %ebx
    movl $4, %ecx
1:  movl %eax, (%ebx)
    addl $4096, %eax
    addl $8, %ebx
    loop 1b
    movl $PA(boot_pd), %eax
    orl $3, %eax
    movl %eax, PA(boot_pdpt_high) + 510 * 8
    /* PD0..PD3: 2048 x 2 MiB pages = 4 GiB */
    movl $PA(boot_pd), %ebx
    xorl %ecx, %ecx
2:  movl %ecx, %eax
    shll $21, %eax
    orl $0x83, %eax                  /* P | W | PS */
    movl %eax, (%ebx, %ecx, 8)
    movl %ecx, %eax
    shrl $11, %eax                   /* high dword: bits 32+ of i*2MiB */
    movl %eax, 4(%ebx, %ecx, 8)
    incl %ecx
    cmpl $2048, %ecx
    jb 2b

    /* PAE, then CR3, then EFER.LME|NXE, then paging. */
    movl %cr4, %eax
    orl $(1 << 5), %eax
    movl %eax, %cr4
    movl $PA(boot_pml4), %eax
    movl %eax, %cr3
    movl $0x80000001, %eax
    cpuid
    movl %edx, %edi                 /* bit 20: NX available */
    movl $0xc0000080, %ecx
    rdmsr
    orl $(1 << 8), %eax             /* LME */
    btl $20, %edi
    jnc 1f
    orl $(1 << 11), %eax            /* NXE, only where NX exists */
1:  wrmsr
    movl %cr0, %eax
    orl $((1 << 31) | (1 << 16) | 1), %eax   /* PG | WP | PE */
    movl %eax, %cr0

    lgdt PA(boot_gdt_ptr)
    ljmp $0x08, $PA(start64_low)

no_long_mode:
    /* No long mode: no VMX either. Say so on COM1 and halt. */
    movl $PA(msg_no_lm), %esi
3:  lodsb
    testb %al, %al
    jz 5f
    movb %al, %cl
    movw $0x3fd, %dx
4:  inb %dx, %al
    testb $0x20, %al
    jz 4b
    movw $0x3f8, %dx
    movb %cl, %al
    outb %al, %dx
    jmp 3b
5:  cli
    hlt
    jmp 5b

    .code64
start64_low:
    movabsq $start64_high, %rax
    jmp *%rax

    .text
start64_high:
    LOAD_FLAT_SEGMENTS
    movabsq $boot_stack_top, %rsp
    movl %ebp, %edi                 /* magic, zero-extended */
    movl %esi, %esi                 /* info pointer, zero-extended */
    xorl %ebp, %ebp
    call hv_main
6:  cli
    hlt
    jmp 6b

    .section .rodata
msg_no_lm:
    .asciz "hv: this CPU has no 64-bit long mode, so no VT-x either; halting\r\n"

    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff        /* 0x08: 64-bit code */
    .quad 0x00cf92000000ffff        /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
    .short boot_gdt_end - boot_gdt - 1
    .long PA(boot_gdt)

    /* the boot page tables are in bootpt.S, the boot stack in bootstack.S */
