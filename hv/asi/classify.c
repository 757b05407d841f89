/* Classifying addresses for asi_exit reasons and the restricted-space audit. */
#include "asilayout.h"

const char *const asi_class_names[ASI_NCLASSES] = {
    [ASI_CLS_TEXT] = "hypervisor text", [ASI_CLS_RODATA] = "hypervisor rodata",
    [ASI_CLS_SHARED] = "ASI-shared data", [ASI_CLS_OWN_VM] = "own VM state",
    [ASI_CLS_EPHMAP] = "ephmap window", [ASI_CLS_SENSITIVE_DATA] = "hypervisor data (sensitive)",
    [ASI_CLS_PHYSMAP] = "physmap", [ASI_CLS_OTHER_VM] = "other VM state",
    [ASI_CLS_GUEST_MEM] = "guest memory", [ASI_CLS_UNKNOWN] = "unknown",
    [ASI_CLS_OWN_STACK] = "own exit stack", [ASI_CLS_OTHER_STACK] = "other VM's exit stack",
    [ASI_CLS_HV_STACK] = "hypervisor stack",
};

static int in(const uint64_t r[2], uint64_t a)
{
    return a >= r[0] && a < r[1];
}

enum asi_class asi_classify_mapping(const struct asi_layout *L, unsigned own, uint64_t va, uint64_t pa)
{
    /* guest RAM reached through anything but an ephmap window is a leak */
    bool guest = false;
    for (unsigned i = 0; i < L->nvms && i < 8; i++)
        if (pa >= L->guest_ram[i].lo && pa < L->guest_ram[i].hi)
            guest = true;
    if (va >= EPHMAP_BASE && va < EPHMAP_BASE + (1ull << 39))
        return ASI_CLS_EPHMAP;
    if (guest)
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
