/* Guest memory access for exit handlers: guest-physical pages through
 * ephmap (RAM of this VM only), guest-virtual addresses walked through the guest's
 * own page tables (hv/x86/gwalk.c). */
#include "vcpu.h"
#include "gwalk.h"
#include "mm.h"
#include "ephmap.h"
#include <string.h>

/* Exit handlers reach guest RAM only through ephmap windows, a page at a time. */
static int copy_guest(struct vm *vm, uint64_t gpa, void *buf, unsigned len)
{
    uint8_t *b = buf;
    while (len) {
        unsigned chunk = 4096 - (gpa & 4095);
        if (chunk > len)
            chunk = len;
        int slot = -1;          /* ephmap_map may fail before it picks a slot */
        uint8_t *p = ephmap_map(vm, gpa, &slot);
        if (!p || gpa + chunk > vm->mem_size) {
            ephmap_unmap(slot);
            return -1;
        }
        memcpy(b, p, chunk);
        ephmap_unmap(slot);
        gpa += chunk, b += chunk, len -= chunk;
    }
    return 0;
}

int guest_phys_read(struct vm *vm, uint64_t gpa, void *buf, unsigned len)
{
    return copy_guest(vm, gpa, buf, len);
}

static int rd(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
    return guest_phys_read(ctx, gpa, buf, len);
}

/* Read len bytes at a guest linear address, page by page. */
int guest_read(struct vcpu *v, uint64_t gva, void *buf, unsigned len)
{
    struct guest_paging pg;
    arch_get_paging(v, &pg);
    enum gmode mode = gwalk_mode(pg.cr0, pg.cr4, pg.efer);
    uint64_t cr3 = pg.cr3;
    uint8_t *out = buf;
    while (len) {
        uint64_t gpa;
        if (gwalk(rd, v->vm, mode, cr3, gva, &gpa))
            return -1;
        unsigned chunk = 4096 - (gva & 4095);
        if (chunk > len)
            chunk = len;
        if (guest_phys_read(v->vm, gpa, out, chunk))
            return -1;
        out += chunk, gva += chunk, len -= chunk;
    }
    return 0;
}
