/* ephmap windows: EPHMAP_SLOTS 4 KiB windows per CPU at a fixed place of the
 * ephmap PML4 slot, shared by the full space and every restricted space. The
 * page tables are static (ASI-shared), so mapping never allocates: it writes
 * one PTE. Unmapping clears it and INVLPGs locally. */
#include "ephmap.h"
#include "asi.h"
#include "asilayout.h"
#include "vm.h"
#include "mm.h"
#include "pt.h"
#include "cpu.h"
#include "percpu.h"

static uint64_t pdpt[512] __asi_shared __attribute__((aligned(4096)));
static uint64_t pd[512] __asi_shared __attribute__((aligned(4096)));
static uint64_t pt[MAX_CPUS][512] __asi_shared __attribute__((aligned(4096)));

static uint64_t window(unsigned cpu, unsigned slot)
{
    return EPHMAP_BASE + ((uint64_t)cpu << 21) + ((uint64_t)slot << 12);
}

void ephmap_init(void)
{
    pdpt[0] = virt_to_phys(pd) | PTE_P | PTE_W;
    for (unsigned c = 0; c < MAX_CPUS; c++)
        pd[c] = virt_to_phys(pt[c]) | PTE_P | PTE_W;
    uint64_t *root = phys_to_virt(kernel_pt()->root);
    root[EPHMAP_SLOT] = virt_to_phys(pdpt) | PTE_P | PTE_W;
}

void *ephmap_map(struct vm *vm, uint64_t gpa, int *slot)
{
    if (gpa >= vm->mem_size)
        return 0;
    struct percpu *pc = this_cpu();
    uint64_t hpa = vm->mem_hpa + (gpa & ~0xfffull);
    int s = ephmap_slot_get(&pc->ephmap_used, EPHMAP_SLOTS);
    *slot = s;
    if (s < 0) {
        asi_exit(ASI_R_EPHMAP_FULL, (uint64_t)__builtin_return_address(0), hpa);
        return (uint8_t *)phys_to_virt(hpa) + (gpa & 0xfff);
    }
    pt[pc->cpu][s] = hpa | PTE_P | PTE_W | pte_nx();
    return (uint8_t *)window(pc->cpu, (unsigned)s) + (gpa & 0xfff);
}

void ephmap_unmap(int slot)
{
    if (slot < 0)
        return;
    struct percpu *pc = this_cpu();
    pt[pc->cpu][slot] = 0;
    invlpg(window(pc->cpu, (unsigned)slot));
    ephmap_slot_put(&pc->ephmap_used, (unsigned)slot);
}

void ephmap_vm_lost_access(struct vm *vm)
{
    struct percpu *pc = this_cpu();
    /* Remote CPUs would get an IPI here; this hypervisor runs VMs on the boot CPU only. */
    (void)ephmap_flush_targets(vm->cpus_ran, pc->cpu);
    for (unsigned s = 0; s < EPHMAP_SLOTS; s++)
        invlpg(window(pc->cpu, s));
}
