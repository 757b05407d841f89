/*
 * Starting an application processor. The BSP copies the real-mode blob
 * [ap_tramp_start, ap_tramp_end) to a page below 1 MiB and sends INIT-SIPI-SIPI
 * with that page's number as the vector; the AP starts there in real mode
 * (CS = page << 8, IP = 0), loads ap_gdt, enters protected mode, then long
 * mode on the boot page tables (boot_pml4: identity 0-4 GiB and the image),
 * and calls ap_boot_entry(ap_boot_cpu) on ap_boot_stack. The BSP sets these
 * before each start and waits for the AP, so one set serves every AP (the
 * entry is data, so that this file depends on nothing above it).
 */
#include "layout.h"
#include "bootasm.h"

#define PA(x) ((x) - KVMA)

    .section .rodata
    .code16
    .globl ap_tramp_start, ap_tramp_end
ap_tramp_start:
    cli
    cld
    movw %cs, %ax
    movw %ax, %ds
    lgdtl ap_gdt_ptr - ap_tramp_start
    movl %cr0, %eax
    orl $1, %eax                    /* PE */
    movl %eax, %cr0
    ljmpl $0x08, $PA(ap_start32)
    .balign 8
ap_gdt_ptr:
    .short ap_gdt_end - ap_gdt - 1
    .long PA(ap_gdt)
ap_tramp_end:

    .balign 8
ap_gdt:
    .quad 0
    .quad 0x00cf9a000000ffff        /* 0x08: 32-bit code */
    .quad 0x00cf92000000ffff        /* 0x10: data */
    .quad 0x00af9a000000ffff        /* 0x18: 64-bit code */
ap_gdt_end:

    .section .boot.text, "ax"
    .code32
ap_start32:
    movl $0x10, %eax
    movl %eax, %ds
    movl %eax, %es
    movl %eax, %ss
    movl %cr4, %eax
    orl $(1 << 5), %eax             /* PAE */
    movl %eax, %cr4
    movl $PA(boot_pml4), %eax
    movl %eax, %cr3
    movl $0x80000001, %eax
    cpuid
    movl %edx, %edi                 /* bit 20: NX */
    movl $0xc0000080, %ecx
    rdmsr
    orl $(1 << 8), %eax             /* LME */
    btl $20, %edi
    jnc 1f
    orl $(1 << 11), %eax            /* NXE: the full space uses NX */
1:  wrmsr
    movl %cr0, %eax
    andl $~((1 << 30) | (1 << 29)), %eax     /* caches on: INIT left CD and NW set */
    orl $((1 << 31) | (1 << 16) | 1), %eax   /* PG | WP | PE */
    movl %eax, %cr0
    ljmp $0x18, $PA(ap_start64_low)

    .code64
ap_start64_low:
    movabsq $ap_start64, %rax
    jmp *%rax

    .text
ap_start64:
    LOAD_FLAT_SEGMENTS
    movq ap_boot_stack(%rip), %rsp
    movl ap_boot_cpu(%rip), %edi
    xorl %ebp, %ebp
    call *ap_boot_entry(%rip)
2:  cli
    hlt
    jmp 2b

    .data
    .balign 8
    .globl ap_boot_stack, ap_boot_entry, ap_boot_cpu
ap_boot_stack:  .quad 0
ap_boot_entry:  .quad 0
ap_boot_cpu:    .long 0
