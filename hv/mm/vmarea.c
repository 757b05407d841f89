/* VM-local allocations: a bump allocator over the VM's own PML4 slot. */
#include "vmarea.h"
#include "mm.h"
#include "pt.h"
#include "console.h"
#include <string.h>

void vmarea_init(struct vm_area *a, unsigned vm_id)
{
    a->slot = VMAREA_SLOT0 + vm_id;
    a->base = VMAREA_BASE(vm_id);
    a->used = 0;
    a->pages = 0;
}

void *vmarea_alloc(struct vm_area *a, size_t bytes)
{
    size_t n = (bytes + 4095) / 4096;
    uint64_t va = a->base + a->used;
    for (size_t i = 0; i < n; i++) {
        uint64_t f = alloc_frame_zeroed();
        int e = pt_map(kernel_pt(), va + i * 4096, f, 4096, PTE_W | pte_nx());
        if (e)
            hv_stop("vmarea: cannot map VM-local page at %llx: %s\n",
                    (unsigned long long)(va + i * 4096), pt_strerror(e));
    }
    a->used += n * 4096;
    a->pages += n;
    return (void *)va;
}
