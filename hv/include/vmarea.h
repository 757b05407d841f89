/* VM-local memory: each VM's structures live in their own 512 GiB slot of
 * the address space (one PML4 entry), so a VM's restricted space can map
 * exactly that slot and nothing of other VMs. Same addresses in both spaces. */
#ifndef HV_VMAREA_H
#define HV_VMAREA_H
#include <stdint.h>
#include <stddef.h>

#define VMAREA_SLOT0 400                          /* PML4 index of VM 0's area */
#define VMAREA_MAX 64                             /* VM IDs, never reused; each slot prepared in every full space */
#define VMAREA_BASE(id) (0xffff000000000000ull | ((uint64_t)(VMAREA_SLOT0 + (id)) << 39))

struct vm_area {
    unsigned slot;          /* PML4 index */
    uint64_t base, used;    /* virtual base, bytes handed out */
    unsigned pages;
};

void vmarea_init(struct vm_area *a, unsigned vm_id);
/* Zeroed, page-granular, mapped RW+NX in the full space's slot; stops the
 * machine when memory is out (creation time only). */
void *vmarea_alloc(struct vm_area *a, size_t bytes);

#endif
