/* Physical <-> virtual in the hypervisor's full space: before mm_init the
 * low 4 GiB are identity-mapped, after it every frame is in the physmap.
 * Inline, so that every layer may use it without depending on hv/mm. */
#ifndef HV_PHYSMAP_H
#define HV_PHYSMAP_H
#include <stdint.h>
#include <stdbool.h>
#include "layout.h"

extern bool physmap_ready;      /* hv/mm/physmap.c; set by mm_init */

static inline void *phys_to_virt(uint64_t phys)
{
    return (void *)(physmap_ready ? PHYSMAP_BASE + phys : phys);
}

static inline uint64_t virt_to_phys(const void *va)
{
    uint64_t v = (uint64_t)va;
    if (v >= KVMA)
        return v - KVMA;
    if (v >= PHYSMAP_BASE)
        return v - PHYSMAP_BASE;
    return v;
}

#endif
