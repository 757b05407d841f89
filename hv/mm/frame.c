/* Bitmap frame allocator. Pure: the bitmap is memory the caller hands in. */
#include "frame.h"
#include <string.h>

static bool test_bit(const uint8_t *b, uint64_t i) { return b[i >> 3] & (1u << (i & 7)); }
static void set_bit(uint8_t *b, uint64_t i) { b[i >> 3] |= (uint8_t)(1u << (i & 7)); }
static void clr_bit(uint8_t *b, uint64_t i) { b[i >> 3] &= (uint8_t)~(1u << (i & 7)); }

size_t frame_bitmap_bytes(uint64_t top)
{
    uint64_t frames = (top + FRAME_SIZE - 1) / FRAME_SIZE;
    return (frames + 7) / 8;
}

uint64_t mmap_top(const struct mem_region *m, unsigned n)
{
    uint64_t top = 0;
    for (unsigned i = 0; i < n; i++)
        if (m[i].type == MEM_AVAILABLE && m[i].base + m[i].len > top)
            top = m[i].base + m[i].len;
    return top;
}

uint64_t mmap_find_free(const struct mem_region *m, unsigned n, uint64_t size,
                        uint64_t limit, const struct phys_range *res, unsigned nres)
{
    size = (size + FRAME_SIZE - 1) & ~(FRAME_SIZE - 1);
    for (unsigned i = 0; i < n; i++) {
        if (m[i].type != MEM_AVAILABLE)
            continue;
        uint64_t lo = (m[i].base + FRAME_SIZE - 1) & ~(FRAME_SIZE - 1);
        uint64_t hi = (m[i].base + m[i].len) & ~(FRAME_SIZE - 1);
        if (lo < FRAME_SIZE)
            lo = FRAME_SIZE;
        if (hi > limit)
            hi = limit;
        uint64_t cand = lo;
        while (cand + size <= hi) {
            bool clash = false;
            for (unsigned r = 0; r < nres; r++) {
                uint64_t rb = res[r].base, re = res[r].base + res[r].len;
                if (cand < re && rb < cand + size) {
                    cand = (re + FRAME_SIZE - 1) & ~(FRAME_SIZE - 1);
                    clash = true;
                    break;
                }
            }
            if (!clash)
                return cand;
        }
    }
    return 0;
}

void frame_init(struct frame_alloc *fa, uint8_t *bitmap, uint64_t nframes)
{
    fa->bitmap = bitmap;
    fa->nframes = nframes;
    fa->nfree = 0;
    fa->hint = 1;
    memset(bitmap, 0xff, (nframes + 7) / 8);
}

void frame_free_range(struct frame_alloc *fa, uint64_t base, uint64_t len)
{
    uint64_t first = (base + FRAME_SIZE - 1) / FRAME_SIZE;
    uint64_t end = (base + len) / FRAME_SIZE;
    if (end > fa->nframes)
        end = fa->nframes;
    if (first == 0)
        first = 1; /* frame 0 stays used: 0 means "no frame" */
    for (uint64_t f = first; f < end; f++)
        if (test_bit(fa->bitmap, f)) {
            clr_bit(fa->bitmap, f);
            fa->nfree++;
        }
    if (first < fa->hint)
        fa->hint = first;
}

void frame_reserve_range(struct frame_alloc *fa, uint64_t base, uint64_t len)
{
    uint64_t first = base / FRAME_SIZE;
    uint64_t end = (base + len + FRAME_SIZE - 1) / FRAME_SIZE;
    if (end > fa->nframes)
        end = fa->nframes;
    for (uint64_t f = first; f < end; f++)
        if (!test_bit(fa->bitmap, f)) {
            set_bit(fa->bitmap, f);
            fa->nfree--;
        }
}

uint64_t frame_alloc(struct frame_alloc *fa)
{
    for (uint64_t f = fa->hint; f < fa->nframes; f++) {
        if ((fa->bitmap[f >> 3] == 0xff) && !(f & 7)) {
            f += 7;
            continue;
        }
        if (!test_bit(fa->bitmap, f)) {
            set_bit(fa->bitmap, f);
            fa->nfree--;
            fa->hint = f + 1;
            return f * FRAME_SIZE;
        }
    }
    fa->hint = fa->nframes;
    return 0;
}

uint64_t frame_alloc_contig(struct frame_alloc *fa, uint64_t n, uint64_t align)
{
    uint64_t step = align / FRAME_SIZE;
    if (!n || !step || (step & (step - 1)))
        return 0;
    for (uint64_t f = step; f + n <= fa->nframes; f += step) {
        uint64_t i = 0;
        while (i < n && !test_bit(fa->bitmap, f + i))
            i++;
        if (i == n) {
            for (i = 0; i < n; i++)
                set_bit(fa->bitmap, f + i);
            fa->nfree -= n;
            return f * FRAME_SIZE;
        }
    }
    return 0;
}

int frame_free(struct frame_alloc *fa, uint64_t phys)
{
    uint64_t f = phys / FRAME_SIZE;
    if ((phys & (FRAME_SIZE - 1)) || f == 0 || f >= fa->nframes || !test_bit(fa->bitmap, f))
        return -1;
    clr_bit(fa->bitmap, f);
    fa->nfree++;
    if (f < fa->hint)
        fa->hint = f;
    return 0;
}

bool frame_is_used(const struct frame_alloc *fa, uint64_t phys)
{
    uint64_t f = phys / FRAME_SIZE;
    return f >= fa->nframes || test_bit(fa->bitmap, f);
}
