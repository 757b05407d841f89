/* Per-CPU areas, GDT and TSS. Each CPU owns its GDT (the TSS descriptor's
 * busy bit is per CPU) and IST stacks for #DF, NMI and #MC, so a stack
 * overflow still reaches the exception dump. After boot each CPU runs on
 * the PCPU_BASE alias of its area (percpu.h), mapped only in its own tables. */
#include "percpu.h"
#include "cpu.h"
#include "pt.h"
#include "physmap.h"
#include <stddef.h>
#include <string.h>

/* In .bss: not in the ASI-shared section, so no restricted space maps
 * these at their image addresses; each CPU reaches its own through PCPU_BASE. */
struct percpu percpu_areas[MAX_CPUS];
uint64_t cpus_online = 1;

struct __attribute__((packed)) desc_ptr {
    uint16_t limit;
    uint64_t base;
};

/* GDT, TSS and GS base for the area addressed at `base` (its image address
 * at boot, PCPU_BASE later). */
static void load_tables(struct percpu *p, uint64_t base)
{
    p->self = (struct percpu *)base;
    uint64_t tss = base + offsetof(struct percpu, tss);
    uint64_t limit = sizeof(p->tss) - 1;
    p->gdt[3] = (limit & 0xffff) | ((tss & 0xffffff) << 16) | (0x89ull << 40) |   /* available TSS */
                (((limit >> 16) & 0xf) << 48) | (((tss >> 24) & 0xff) << 56);
    p->gdt[4] = tss >> 32;
    p->tss.ist[0] = base + offsetof(struct percpu, ist_df) + IST_STACK_SIZE;
    p->tss.ist[1] = base + offsetof(struct percpu, ist_nmi) + IST_STACK_SIZE;
    p->tss.ist[2] = base + offsetof(struct percpu, ist_mc) + IST_STACK_SIZE;
    p->tss.iomap_base = sizeof(p->tss);

    struct desc_ptr gp = { sizeof(p->gdt) - 1, base + offsetof(struct percpu, gdt) };
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
    wrmsr(MSR_GS_BASE, base);
}

void percpu_init(unsigned cpu)
{
    struct percpu *p = &percpu_areas[cpu];
    memset(p, 0, sizeof(*p));
    p->cpu = cpu;
    p->gdt[1] = 0x00af9a000000ffffull;  /* 64-bit code */
    p->gdt[2] = 0x00cf92000000ffffull;  /* data */
    load_tables(p, (uint64_t)p);
}

static uint64_t slot_nx;             /* the NX bit the slots use (0 on a CPU without NX) */

uint64_t percpu_slot_entry(unsigned cpu, uint64_t nx)
{
    struct percpu *p = &percpu_areas[cpu];
    slot_nx = nx;
    _Static_assert(sizeof(struct percpu) <= (2u << 20), "the area fits its 2 MiB");
    if (p->pt_pdpt[0])                  /* built once; every root of this CPU shares it */
        return virt_to_phys(p->pt_pdpt) | PTE_P | PTE_W;
    memset(p->pt_pdpt, 0, sizeof(p->pt_pdpt));
    memset(p->pt_pd, 0, sizeof(p->pt_pd));
    memset(p->pt_self, 0, sizeof(p->pt_self));
    p->pt_pdpt[0] = virt_to_phys(p->pt_pd) | PTE_P | PTE_W;
    p->pt_pd[0] = virt_to_phys(p->pt_self) | PTE_P | PTE_W;
    p->pt_pd[1] = virt_to_phys(p->ephmap_pt) | PTE_P | PTE_W;
    for (uint64_t o = 0; o < sizeof(*p); o += 4096)
        p->pt_self[o >> 12] = virt_to_phys((const uint8_t *)p + o) | PTE_P | PTE_W | nx;
    return virt_to_phys(p->pt_pdpt) | PTE_P | PTE_W;
}

void percpu_go_private(unsigned cpu)
{
    load_tables(&percpu_areas[cpu], PCPU_BASE);
}

/* The xAPIC page (uncached) at a fixed address in this CPU's private slot,
 * which its full space and every restricted space map: an exit can EOI
 * without leaving the restricted space. */
void percpu_map_lapic(uint64_t phys)
{
    struct percpu *p = this_cpu();
    uint64_t va = PCPU_EPHMAP_BASE + PCPU_LAPIC_PTE * 4096ull;
    p->ephmap_pt[PCPU_LAPIC_PTE] = phys | PTE_P | PTE_W | PTE_PCD | PTE_PWT | slot_nx;
    invlpg(va);
    p->lapic_va = (volatile uint32_t *)va;
}
