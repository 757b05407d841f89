/* Physical frame allocator: one bit per 4 KiB frame (1 = in use). */
#ifndef HV_FRAME_H
#define HV_FRAME_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include "bootinfo.h"

#define FRAME_SIZE 4096ull

struct frame_alloc {
    uint8_t *bitmap;
    uint64_t nframes;       /* frames covered by the bitmap */
    uint64_t nfree;
    uint64_t hint;          /* lowest frame that may be free */
};

struct phys_range { uint64_t base, len; };

/* Bytes of bitmap needed to cover physical memory up to `top`. */
size_t frame_bitmap_bytes(uint64_t top);
/* Highest end address of an available region. */
uint64_t mmap_top(const struct mem_region *m, unsigned n);
/* A page-aligned base for `size` bytes inside an available region, below
 * `limit`, overlapping none of `res`; 0 when there is none. */
uint64_t mmap_find_free(const struct mem_region *m, unsigned n, uint64_t size,
                        uint64_t limit, const struct phys_range *res, unsigned nres);

/* Everything starts used; then free what the map says is available. */
void frame_init(struct frame_alloc *fa, uint8_t *bitmap, uint64_t nframes);
void frame_free_range(struct frame_alloc *fa, uint64_t base, uint64_t len);   /* rounds inward */
void frame_reserve_range(struct frame_alloc *fa, uint64_t base, uint64_t len); /* rounds outward */
/* One frame, lowest first; 0 when none is left (frame 0 is never handed out). */
uint64_t frame_alloc(struct frame_alloc *fa);
/* n contiguous frames aligned to `align` bytes (a power of two >= 4096); 0 when none. */
uint64_t frame_alloc_contig(struct frame_alloc *fa, uint64_t n, uint64_t align);
/* Returns -1 (and changes nothing) on a double free or an address outside the bitmap. */
int frame_free(struct frame_alloc *fa, uint64_t phys);
bool frame_is_used(const struct frame_alloc *fa, uint64_t phys);

#endif
