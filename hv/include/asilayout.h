/* What the ASI classifier needs to know about the address space. Pure. */
#ifndef HV_ASILAYOUT_H
#define HV_ASILAYOUT_H
#include "asi.h"
#include "percpu.h"

#define EPHMAP_BASE PCPU_EPHMAP_BASE                        /* in each CPU's private slot */
#define EPHMAP_SLOTS 4                                      /* windows per CPU */

struct asi_layout {
    uint64_t text[2], rodata[2], shared[2], data[2];        /* [start, end) virtual */
    uint64_t physmap[2];
    uint64_t vmarea_first, vmarea_size;                     /* VM i's area: first + i * size */
    unsigned nvms;
    struct { uint64_t lo, hi; unsigned owner; } guest_ram[8];   /* host-physical guest RAM per VM */
    struct { uint64_t lo, hi; } pcpu[MAX_CPUS];             /* host-physical private area per CPU */
    uint64_t hv_stack[2];                                   /* the boot/scheduler stack, virtual */
    struct { uint64_t lo, hi; unsigned owner; } stacks[8];  /* exit stack of vms[i]'s vCPU, virtual */
    uint64_t lapic;                                         /* the host xAPIC's page (0: x2APIC) */
};

/* The running hypervisor's layout (hv/asi/transition.c). */
void asi_layout_get(struct asi_layout *L);

/* Class of a mapping (va -> pa) in VM `own`'s restricted space on CPU
 * `cpu`. pa ~0 when unknown: then the private slot is classified by address. */
enum asi_class asi_classify_mapping(const struct asi_layout *L, unsigned own, unsigned cpu, uint64_t va,
                                    uint64_t pa);
/* Is that class allowed in a restricted space? */
static inline int asi_class_allowed(enum asi_class c)
{
    return c == ASI_CLS_TEXT || c == ASI_CLS_RODATA || c == ASI_CLS_SHARED ||
           c == ASI_CLS_OWN_VM || c == ASI_CLS_EPHMAP || c == ASI_CLS_OWN_STACK || c == ASI_CLS_OWN_CPU ||
           c == ASI_CLS_LAPIC;
}

#endif
