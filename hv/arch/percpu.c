/* Per-CPU area, GDT and TSS. Each CPU owns its GDT (the TSS descriptor's
 * busy bit is per CPU) and IST stacks for #DF, NMI and #MC, so a stack
 * overflow still reaches the exception dump. */
#include "percpu.h"
#include "cpu.h"
#include "asi.h"
#include <string.h>

struct percpu percpu_areas[MAX_CPUS] __asi_shared __attribute__((aligned(4096)));

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

void percpu_init(unsigned cpu)
{
    struct percpu *p = &percpu_areas[cpu];
    memset(p, 0, sizeof(*p));
    p->self = p;
    p->cpu = cpu;
    p->gdt[1] = 0x00af9a000000ffffull;  /* 64-bit code */
    p->gdt[2] = 0x00cf92000000ffffull;  /* data */
    uint64_t base = (uint64_t)&p->tss;
    uint64_t limit = sizeof(p->tss) - 1;
    p->gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
                (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    p->gdt[4] = base >> 32;
    p->tss.ist[0] = (uint64_t)(p->ist_df + IST_STACK_SIZE);
    p->tss.ist[1] = (uint64_t)(p->ist_nmi + IST_STACK_SIZE);
    p->tss.ist[2] = (uint64_t)(p->ist_mc + IST_STACK_SIZE);
    p->tss.iomap_base = sizeof(p->tss);

    struct desc_ptr gp = { sizeof(p->gdt) - 1, (uint64_t)p->gdt };
    __asm__ volatile(
        "lgdt %0\n\t"
        "pushq %1\n\t"
        "leaq 1f(%%rip), %%rax\n\t"
        "pushq %%rax\n\t"
        "lretq\n"
        "1:\n\t"
        "movl %2, %%eax\n\t"
        "movl %%eax, %%ds\n\t"
        "movl %%eax, %%es\n\t"
        "movl %%eax, %%ss\n\t"
        "xorl %%eax, %%eax\n\t"
        "movl %%eax, %%fs\n\t"
        "movl %%eax, %%gs\n\t"
        :: "m"(gp), "i"(GDT_CODE), "i"(GDT_DATA) : "rax", "memory");
    __asm__ volatile("ltr %w0" :: "r"(GDT_TSS));
    wrmsr(MSR_GS_BASE, (uint64_t)p);
}
