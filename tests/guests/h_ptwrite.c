/* Hostile: rewrite the page table under an MMIO instruction without INVLPG,
 * so the CPU runs the old (TLB-cached) code while the hypervisor, decoding
 * the faulting instruction, walks the new tables and finds other bytes. The
 * hypervisor must not be fooled into anything worse than ending this VM. */
#include "guest.h"

#define PD   0x200000u
#define PT   0x201000u
#define PG_A 0x300000u
#define PG_B 0x301000u
#define CODE_VA 0x400000u

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    volatile uint32_t *pd = (uint32_t *)PD, *pt = (uint32_t *)PT;
    for (int i = 0; i < 1024; i++)
        pd[i] = ((uint32_t)i << 22) | 0x83;                /* 4 MiB identity pages */
    for (int i = 0; i < 1024; i++)
        pt[i] = 0;
    pd[CODE_VA >> 22] = PT | 3;                           /* 4-8 MiB: 4 KiB pages */
    pt[0] = PG_A | 3;
    static const uint8_t code[] = { 0xa1, 0x30, 0x00, 0xe0, 0xfe, 0xc3 };  /* mov eax,[0xfee00030]; ret */
    for (unsigned i = 0; i < sizeof(code); i++)
        ((volatile uint8_t *)PG_A)[i] = code[i];
    for (unsigned i = 0; i < 4096; i++)
        ((volatile uint8_t *)PG_B)[i] = 0xff;
    uint32_t cr4, cr0;
    __asm__ volatile("movl %%cr4, %0; orl $0x10, %0; movl %0, %%cr4" : "=r"(cr4));   /* PSE */
    __asm__ volatile("movl %0, %%cr3" :: "r"(PD));
    __asm__ volatile("movl %%cr0, %0; orl $0x80000000, %0; movl %0, %%cr0" : "=r"(cr0));
    uint32_t (*fn)(void) = (uint32_t (*)(void))CODE_VA;
    uint32_t ver = fn();
    printf("through the mapping: LAPIC version 0x%x\n", ver);
    pt[0] = PG_B | 3;                                     /* no INVLPG: the TLB still says A */
    printf("page table rewritten; calling again\n");
    ver = fn();
    printf("survived with 0x%x (the CPU re-walked the tables)\n", ver);
    return 0;
}
