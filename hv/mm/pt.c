/* Page-table builder shared by the full space, the ASI restricted spaces
 * and the guest-physical tables (EPT). Intermediate entries are P|W (and U where asked): the leaf decides
 * the permission, so one builder serves every space. */
#include "pt.h"
#include <string.h>

static unsigned idx(uint64_t va, int level) /* level 3 = PML4 ... 0 = PT */
{
    return (va >> (12 + 9 * level)) & 511;
}

bool pt_canonical(uint64_t va)
{
    uint64_t top = va >> 47;
    return top == 0 || top == 0x1ffff;
}

const char *pt_strerror(int err)
{
    switch (err) {
    case PT_OK: return "ok";
    case PT_ENOMEM: return "out of page-table frames";
    case PT_EALIGN: return "address or size not page aligned";
    case PT_EEXIST: return "range already mapped";
    case PT_ECANON: return "non-canonical address";
    default: return "unknown error";
    }
}

static uint64_t *table(const struct pt_ctx *pt, uint64_t phys)
{
    return pt->p2v(phys & PTE_ADDR, pt->arg);
}

static uint64_t new_table(struct pt_ctx *pt)
{
    uint64_t f = pt->alloc(pt->arg);
    if (f) {
        memset(pt->p2v(f, pt->arg), 0, 4096);
        pt->tables++;
    }
    return f;
}

int pt_init(struct pt_ctx *pt)
{
    pt->tables = 0;
    pt->root = new_table(pt);
    return pt->root ? PT_OK : PT_ENOMEM;
}

/* The entry for va at `level`, creating tables on the way. NULL when a
 * frame is missing or a large leaf is in the way (*blocked set). */
static uint64_t *walk_create(struct pt_ctx *pt, uint64_t va, int level, uint64_t flags,
                             bool *blocked)
{
    uint64_t *t = table(pt, pt->root);
    for (int l = 3; l > level; l--) {
        uint64_t *e = &t[idx(va, l)];
        if (!(*e & PTE_P)) {
            uint64_t f = new_table(pt);
            if (!f)
                return NULL;
            *e = f | (pt->table_flags ? pt->table_flags : PTE_P | PTE_W) | (flags & PTE_U);
        } else if (*e & PTE_PS) {
            *blocked = true;
            return NULL;
        }
        t = table(pt, *e);
    }
    return &t[idx(va, level)];
}

bool pt_lookup(const struct pt_ctx *pt, uint64_t va, uint64_t *pa, uint64_t *flags,
               uint64_t *page_size)
{
    if (!pt_canonical(va))
        return false;
    uint64_t *t = table(pt, pt->root);
    for (int l = 3; l >= 0; l--) {
        uint64_t e = t[idx(va, l)];
        if (!(e & PTE_P))
            return false;
        if (l == 0 || (l <= 2 && (e & PTE_PS))) {
            uint64_t sz = 1ull << (12 + 9 * l);
            if (pa)
                *pa = (e & PTE_ADDR & ~(sz - 1)) | (va & (sz - 1));
            if (flags)
                *flags = e & ~PTE_ADDR;
            if (page_size)
                *page_size = sz;
            return true;
        }
        t = table(pt, e);
    }
    return false;
}

/* Is anything mapped at va? *span: bytes from va to the end of the region
 * the walk's last entry covers, so a scan can skip unmapped gigabytes. */
static bool probe(const struct pt_ctx *pt, uint64_t va, uint64_t *span)
{
    uint64_t *t = table(pt, pt->root);
    for (int l = 3; l >= 0; l--) {
        uint64_t e = t[idx(va, l)];
        uint64_t sz = 1ull << (12 + 9 * l);
        *span = sz - (va & (sz - 1));
        if (!(e & PTE_P))
            return false;
        if (l == 0 || (l <= 2 && (e & PTE_PS)))
            return true;
        t = table(pt, e);
    }
    return false;
}

int pt_map(struct pt_ctx *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
    if ((va | pa | size) & (PT_4K - 1))
        return PT_EALIGN;
    if (!pt_canonical(va) || !pt_canonical(va + size - 1))
        return PT_ECANON;
    /* Refuse before touching anything if part of the range is mapped. */
    for (uint64_t o = 0, span; o < size; o += span)
        if (probe(pt, va + o, &span))
            return PT_EEXIST;
    flags = (flags | PTE_P) & ~(PTE_ADDR | PTE_PS);
    for (uint64_t o = 0; o < size;) {
        uint64_t v = va + o, p = pa + o;
        bool big = pt->allow_2m && !((v | p) & (PT_2M - 1)) && size - o >= PT_2M;
        bool blocked = false;
        uint64_t *e = walk_create(pt, v, big ? 1 : 0, flags, &blocked);
        if (!e)
            return blocked ? PT_EEXIST : PT_ENOMEM;
        if (big && *e & PTE_P) {
            /* an empty PT hangs here: map 4 KiB pages into it instead */
            big = false;
            e = walk_create(pt, v, 0, flags, &blocked);
            if (!e)
                return blocked ? PT_EEXIST : PT_ENOMEM;
        }
        *e = p | flags | (big ? PTE_PS : 0);
        o += big ? PT_2M : PT_4K;
    }
    return PT_OK;
}

int pt_unmap(struct pt_ctx *pt, uint64_t va, uint64_t size)
{
    if ((va | size) & (PT_4K - 1))
        return PT_EALIGN;
    for (uint64_t o = 0; o < size;) {
        uint64_t v = va + o;
        uint64_t *t = table(pt, pt->root);
        int l = 3;
        uint64_t *e = NULL;
        for (; l >= 0; l--) {
            e = &t[idx(v, l)];
            if (!(*e & PTE_P) || l == 0 || (l <= 2 && (*e & PTE_PS)))
                break;
            t = table(pt, *e);
        }
        uint64_t sz = 1ull << (12 + 9 * (l < 0 ? 0 : l));
        if (*e & PTE_P) {
            if ((v & (sz - 1)) || size - o < sz)
                return PT_EALIGN;
            *e = 0;
        }
        o += sz - (v & (sz - 1));
    }
    return PT_OK;
}

void pt_share_top(struct pt_ctx *dst, const struct pt_ctx *src, unsigned index)
{
    table(dst, dst->root)[index & 511] = table(src, src->root)[index & 511];
}

static void walk_level(const struct pt_ctx *pt, uint64_t table_pa, int level, uint64_t va_base,
                       pt_leaf_fn fn, void *arg)
{
    const uint64_t *t = table(pt, table_pa);
    for (unsigned i = 0; i < 512; i++) {
        uint64_t e = t[i];
        if (!(e & PTE_P))
            continue;
        uint64_t va = va_base | ((uint64_t)i << (12 + 9 * level));
        if (level == 3 && (va >> 47))
            va |= 0xffff000000000000ull;   /* sign-extend the upper half */
        if (level == 0 || (level <= 2 && (e & PTE_PS))) {
            uint64_t sz = 1ull << (12 + 9 * level);
            fn(va, e & PTE_ADDR & ~(sz - 1), sz, e & ~PTE_ADDR, arg);
        } else {
            walk_level(pt, e, level - 1, va, fn, arg);
        }
    }
}

void pt_walk(const struct pt_ctx *pt, pt_leaf_fn fn, void *arg)
{
    walk_level(pt, pt->root, 3, 0, fn, arg);
}
