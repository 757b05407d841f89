/* The four x86 paging modes, read-only walk (no A/D updates: used for
 * instruction fetch and hypercall buffers, which the guest just used). */
#include "gwalk.h"
#include <stddef.h>

enum gmode gwalk_mode(uint64_t cr0, uint64_t cr4, uint64_t efer)
{
    if (!(cr0 & (1ull << 31)))
        return GM_FLAT;
    if (efer & (1ull << 10))
        return GM_LONG;
    return (cr4 & (1ull << 5)) ? GM_PAE : GM_32;
}

#define ADDR_MASK 0x000ffffffffff000ull

/* R/W (bit 1) and U/S (bit 2) of every level that has them, ANDed; only
 * where asked (want: a constant), so the exit path's walks stay as short */
#define PERM_OF(e) ((((e) >> 1) & 1 ? GW_WRITE : 0u) | (((e) >> 2) & 1 ? GW_USER : 0u))

static inline __attribute__((always_inline)) int walk(gread_fn rd, void *ctx, enum gmode mode, uint64_t cr3,
                                                      uint64_t la, uint64_t *gpa, unsigned *perm, bool want)
{
    unsigned dummy;
    if (!want)
        perm = &dummy;
    *perm = GW_WRITE | GW_USER;
    if (mode == GM_FLAT) {
        *gpa = la & 0xffffffffull;
        return 0;
    }
    if (mode == GM_32) {
        uint32_t pde, pte;
        la &= 0xffffffffull;
        if (rd(ctx, (cr3 & 0xfffff000) + ((la >> 22) << 2), &pde, 4) || !(pde & 1))
            return -1;
        if (want)
            *perm &= PERM_OF(pde);
        if (pde & 0x80) {   /* 4 MiB page (PSE); bits 13-20 are PA 32-39 */
            *gpa = ((uint64_t)(pde & 0xffc00000) | ((uint64_t)(pde >> 13 & 0xff) << 32)) | (la & 0x3fffff);
            return 0;
        }
        if (rd(ctx, (pde & 0xfffff000) + (((la >> 12) & 0x3ff) << 2), &pte, 4) || !(pte & 1))
            return -1;
        if (want)
            *perm &= PERM_OF(pte);
        *gpa = (pte & 0xfffff000) | (la & 0xfff);
        return 0;
    }
    int levels = mode == GM_LONG ? 4 : 3;
    uint64_t table = mode == GM_LONG ? cr3 & ADDR_MASK : cr3 & 0xffffffe0;
    for (int l = levels - 1; l >= 0; l--) {
        unsigned shift = 12 + 9 * l;
        unsigned idx = (mode == GM_PAE && l == 2) ? (la >> 30) & 3 : (la >> shift) & 511;
        uint64_t e;
        if (rd(ctx, table + idx * 8, &e, 8) || !(e & 1))
            return -1;
        if (want && !(mode == GM_PAE && l == 2))    /* PAE's PDPTEs have no R/W or U/S */
            *perm &= PERM_OF(e);
        if (l > 0 && l < 3 && (e & 0x80) && !(mode == GM_PAE && l == 2)) {
            uint64_t sz = 1ull << shift;
            *gpa = (e & ADDR_MASK & ~(sz - 1)) | (la & (sz - 1));
            return 0;
        }
        table = e & ADDR_MASK;
    }
    *gpa = table | (la & 0xfff);
    return 0;
}

int gwalk(gread_fn rd, void *ctx, enum gmode mode, uint64_t cr3, uint64_t la, uint64_t *gpa)
{
    return walk(rd, ctx, mode, cr3, la, gpa, NULL, false);
}

int gwalk_perm(gread_fn rd, void *ctx, enum gmode mode, uint64_t cr3, uint64_t la, uint64_t *gpa, unsigned *perm)
{
    return walk(rd, ctx, mode, cr3, la, gpa, perm, true);
}
