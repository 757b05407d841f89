/* Guest memory access for exit handlers: guest-physical pages through
 * ephmap (RAM of this VM only), guest-virtual addresses walked through the guest's
 * own page tables (hv/x86/gwalk.c). */
#include "vcpu.h"
#include "gwalk.h"
#include "mm.h"
#include "ephmap.h"
#include <string.h>

/* Exit handlers reach guest RAM only through ephmap windows, a page at a time.
 * Inlined into each direction: the read side is on the MMIO exit path. */
static inline __attribute__((always_inline)) int copy_guest(struct vm *vm, uint64_t gpa, void *buf,
                                                            unsigned len, bool to_guest)
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
        if (to_guest)
            memcpy(p, b, chunk);
        else
            memcpy(b, p, chunk);
        ephmap_unmap(slot);
        gpa += chunk, b += chunk, len -= chunk;
    }
    return 0;
}

int guest_phys_read(struct vm *vm, uint64_t gpa, void *buf, unsigned len)
{
    return copy_guest(vm, gpa, buf, len, false);
}

int guest_phys_write(struct vm *vm, uint64_t gpa, const void *buf, unsigned len)
{
    return copy_guest(vm, gpa, (void *)buf, len, true);
}

/* Guest RAM <-> a host range only this VM may reach (a disk image): both
 * pages mapped at once in two windows, so neither side needs the physmap.
 * Counts the windows used in *maps. */
int guest_phys_xfer_host(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t len, bool to_guest,
                         uint64_t *maps)
{
    while (len) {
        uint64_t chunk = 4096 - (gpa & 4095);
        if (chunk > 4096 - (hpa & 4095))
            chunk = 4096 - (hpa & 4095);
        if (chunk > len)
            chunk = len;
        int gs = -1, hs = -1;
        uint8_t *g = ephmap_map(vm, gpa, &gs);
        uint8_t *h = g && gpa + chunk <= vm->mem_size ? ephmap_map_host(hpa, &hs) : 0;
        if (h) {
            if (to_guest)
                memcpy(g, h, chunk);
            else
                memcpy(h, g, chunk);
        }
        ephmap_unmap(hs);
        ephmap_unmap(gs);
        if (!h)
            return -1;
        *maps += 2;
        gpa += chunk, hpa += chunk, len -= chunk;
    }
    return 0;
}

static int rd(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
    return guest_phys_read(ctx, gpa, buf, len);
}

/* Copy len bytes at a guest linear address, page by page; with `user`, only
 * through pages the guest's user space may access (and write, for writes).
 * checked (a constant): walk with permissions (gwalk_perm). */
static inline __attribute__((always_inline)) int walk_copy(struct vcpu *v, uint64_t gva, void *buf, unsigned len,
                                                           bool write, bool user, bool checked)
{
    struct guest_paging pg;
    arch_get_paging(v, &pg);
    enum gmode mode = gwalk_mode(pg.cr0, pg.cr4, pg.efer);
    uint64_t cr3 = pg.cr3;
    uint8_t *out = buf;
    while (len) {
        uint64_t gpa;
        unsigned perm;
        if (checked ? gwalk_perm(rd, v->vm, mode, cr3, gva, &gpa, &perm) : gwalk(rd, v->vm, mode, cr3, gva, &gpa))
            return -1;
        if (user && (!(perm & GW_USER) || (write && !(perm & GW_WRITE))))
            return -1;
        unsigned chunk = 4096 - (gva & 4095);
        if (chunk > len)
            chunk = len;
        if (write ? guest_phys_write(v->vm, gpa, out, chunk) : guest_phys_read(v->vm, gpa, out, chunk))
            return -1;
        out += chunk, gva += chunk, len -= chunk;
    }
    return 0;
}

int guest_read(struct vcpu *v, uint64_t gva, void *buf, unsigned len)
{
    return walk_copy(v, gva, buf, len, false, false, false);     /* the exit path's: one walk, inlined */
}

int guest_access(struct vcpu *v, uint64_t gva, void *buf, unsigned len, bool write, bool user)
{
    return walk_copy(v, gva, buf, len, write, user, true);
}
