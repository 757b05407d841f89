/* Classifying addresses for asi_exit reasons and the restricted-space audit. */
#include "asilayout.h"

const char *const asi_class_names[ASI_NCLASSES] = {
    [ASI_CLS_TEXT] = "hypervisor text", [ASI_CLS_RODATA] = "hypervisor rodata",
    [ASI_CLS_SHARED] = "ASI-shared data", [ASI_CLS_OWN_VM] = "own VM state",
    [ASI_CLS_EPHMAP] = "ephmap window", [ASI_CLS_SENSITIVE_DATA] = "hypervisor data (sensitive)",
    [ASI_CLS_PHYSMAP] = "physmap", [ASI_CLS_OTHER_VM] = "other VM state",
    [ASI_CLS_GUEST_MEM] = "guest memory", [ASI_CLS_UNKNOWN] = "unknown",
    [ASI_CLS_OWN_STACK] = "own exit stack", [ASI_CLS_OTHER_STACK] = "other VM's exit stack",
    [ASI_CLS_HV_STACK] = "hypervisor stack", [ASI_CLS_OWN_CPU] = "own CPU's private area",
    [ASI_CLS_OTHER_CPU] = "another CPU's private area", [ASI_CLS_LAPIC] = "host LAPIC registers",
};

static int in(const uint64_t r[2], uint64_t a)
{
    return a >= r[0] && a < r[1];
}

/* The private slot: what is behind an address there depends on the CPU, so
 * it is classified by the physical page. */
static enum asi_class private_slot(const struct asi_layout *L, unsigned own, unsigned cpu, uint64_t va,
                                   uint64_t pa)
{
    bool window = va >= EPHMAP_BASE;
    if (pa == ~0ull)
        return window ? ASI_CLS_EPHMAP : ASI_CLS_OWN_CPU;
    if (va == PCPU_EPHMAP_BASE + PCPU_LAPIC_PTE * 4096ull)     /* percpu_map_lapic's page: MMIO only */
        return L->lapic && pa == L->lapic ? ASI_CLS_LAPIC : ASI_CLS_UNKNOWN;
    if (window) {               /* a window: whose RAM does it show? */
        for (unsigned i = 0; i < L->nvms && i < 8; i++)
            if (pa >= L->guest_ram[i].lo && pa < L->guest_ram[i].hi)
                return L->guest_ram[i].owner == own ? ASI_CLS_EPHMAP : ASI_CLS_GUEST_MEM;
        return ASI_CLS_UNKNOWN;
    }
    for (unsigned c = 0; c < MAX_CPUS; c++)
        if (pa >= L->pcpu[c].lo && pa < L->pcpu[c].hi)
            return c == cpu ? ASI_CLS_OWN_CPU : ASI_CLS_OTHER_CPU;
    return ASI_CLS_UNKNOWN;
}

enum asi_class asi_classify_mapping(const struct asi_layout *L, unsigned own, unsigned cpu, uint64_t va,
                                    uint64_t pa)
{
    if (va >= PCPU_BASE && va < PCPU_BASE + PCPU_SPAN)
        return private_slot(L, own, cpu, va, pa);
    /* guest RAM reached through anything but this VM's ephmap window is a leak */
    for (unsigned i = 0; i < L->nvms && i < 8; i++)
        if (pa >= L->guest_ram[i].lo && pa < L->guest_ram[i].hi)
            return ASI_CLS_GUEST_MEM;
    if (in(L->text, va)) return ASI_CLS_TEXT;
    if (in(L->rodata, va)) return ASI_CLS_RODATA;
    if (in(L->shared, va)) return ASI_CLS_SHARED;
    /* stacks by owner: below RSP they keep what the last exits handled */
    if (in(L->hv_stack, va)) return ASI_CLS_HV_STACK;
    for (unsigned i = 0; i < L->nvms && i < 8; i++)
        if (va >= L->stacks[i].lo && va < L->stacks[i].hi)
            return L->stacks[i].owner == own ? ASI_CLS_OWN_STACK : ASI_CLS_OTHER_STACK;
    if (in(L->data, va)) return ASI_CLS_SENSITIVE_DATA;
    if (in(L->physmap, va)) return ASI_CLS_PHYSMAP;
    if (va >= L->vmarea_first && L->vmarea_size) {
        uint64_t idx = (va - L->vmarea_first) / L->vmarea_size;
        if (idx < 64)
            return idx == own ? ASI_CLS_OWN_VM : ASI_CLS_OTHER_VM;
    }
    return ASI_CLS_UNKNOWN;
}
