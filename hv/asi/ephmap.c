/* ephmap windows: EPHMAP_SLOTS 4 KiB windows per CPU in its private slot
 * (percpu.h), mapped in that CPU's full and restricted spaces. The page
 * table is part of the CPU's private area, so mapping never allocates: it
 * writes one PTE. Unmapping clears it and invalidates it in every PCID that may
 * cache it (INVLPG for the current one, INVPCID for the other). */
#include "ephmap.h"
#include "ipi.h"
#include "asi.h"
#include "asilayout.h"
#include "vm.h"
#include "mm.h"
#include "pt.h"
#include "cpu.h"
#include "percpu.h"

/* The windows are the same addresses on every CPU (PCPU_EPHMAP_BASE), each
 * CPU's own PTEs behind them: no CPU's tables map another CPU's windows. */
static inline __attribute__((always_inline)) uint64_t window(unsigned slot)
{
    return PCPU_EPHMAP_BASE + ((uint64_t)slot << 12);
}

static inline __attribute__((always_inline)) uint8_t current_space(const struct percpu *pc)
{
    return pc->restricted_on && !pc->asi_exited ? EPHMAP_LIVE_RESTRICTED : EPHMAP_LIVE_FULL;
}

static uint16_t restricted_pcid(const struct percpu *pc)
{
    return pc->cur_vm ? (uint16_t)(pc->cur_vm->id + 1) : 0;
}

/* always_inline: the exit path fetches instruction bytes through it (LTO inlines across files) */
__attribute__((always_inline)) inline void *ephmap_map(struct vm *vm, uint64_t gpa, int *slot)
{
    *slot = -1;                 /* callers unmap whatever they got, even on failure */
    if (gpa >= vm->mem_size)
        return 0;
    struct percpu *pc = this_cpu();
    uint64_t hpa = vm->mem_hpa + (gpa & ~0xfffull);
    int s = ephmap_slot_get(&pc->ephmap_used, EPHMAP_SLOTS);
    if (s < 0) {
        asi_exit(ASI_R_EPHMAP_FULL, (uint64_t)__builtin_return_address(0), hpa);
        return (uint8_t *)phys_to_virt(hpa) + (gpa & 0xfff);
    }
    *slot = s;
    vm->ephmap_maps++;          /* statistics (console key a): not atomic, a spread VM may lose a few */
    pc->ephmap_live[s] = current_space(pc);
    pc->ephmap_pt[s] = hpa | PTE_P | PTE_W | pte_nx();
    return (uint8_t *)window((unsigned)s) + (gpa & 0xfff);
}

void *ephmap_map_host(uint64_t hpa, int *slot)
{
    struct percpu *pc = this_cpu();
    int s = ephmap_slot_get(&pc->ephmap_used, EPHMAP_SLOTS);
    *slot = s;
    if (s < 0)
        return 0;
    pc->ephmap_live[s] = current_space(pc);
    pc->ephmap_pt[s] = (hpa & ~0xfffull) | PTE_P | PTE_W | pte_nx();
    return (uint8_t *)window((unsigned)s) + (hpa & 0xfff);
}

__attribute__((always_inline)) inline void ephmap_unmap(int slot)
{
    if (slot < 0 || slot >= EPHMAP_SLOTS)
        return;
    struct percpu *pc = this_cpu();
    uint64_t va = window((unsigned)slot);
    pc->ephmap_pt[slot] = 0;
    invlpg(va);                 /* the current space (and every space when PCIDs are off) */
    int stale = ephmap_stale_pcid(pc->ephmap_live[slot], current_space(pc), restricted_pcid(pc));
    if (asi_pcid && stale >= 0)
        invpcid(0, (uint64_t)stale, va);
    pc->ephmap_live[slot] = 0;
    ephmap_slot_put(&pc->ephmap_used, (unsigned)slot);
}

void ephmap_vm_lost_access(struct vm *vm)
{
    struct percpu *pc = this_cpu();
    /* every other CPU that ran it may still cache its windows: flushed, waited for */
    vm->ephmap_remote_flushes += ipi_flush(ephmap_flush_targets(vm->cpus_ran, pc->cpu));
    for (unsigned s = 0; s < EPHMAP_SLOTS; s++)
        invlpg(window(s));
    if (asi_pcid)
        invpcid(1, vm->id + 1, 0);  /* everything the VM's restricted PCID cached */
}
