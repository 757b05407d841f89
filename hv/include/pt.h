/* 4-level x86-64 page-table builder. Pure: frames come from a callback and
 * are reached through another, so the host can test it on malloc'd pages. */
#ifndef HV_PT_H
#define HV_PT_H
#include <stdint.h>
#include <stdbool.h>

#define PTE_P    (1ull << 0)
#define PTE_W    (1ull << 1)
#define PTE_U    (1ull << 2)
#define PTE_PWT  (1ull << 3)
#define PTE_PCD  (1ull << 4)
#define PTE_A    (1ull << 5)
#define PTE_D    (1ull << 6)
#define PTE_PS   (1ull << 7)
#define PTE_G    (1ull << 8)
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

#define PT_4K (1ull << 12)
#define PT_2M (1ull << 21)
#define PT_1G (1ull << 30)

struct pt_ctx {
    uint64_t root;                              /* physical address of the PML4 */
    uint64_t (*alloc)(void *arg);               /* a zeroed frame, or 0 */
    void *(*p2v)(uint64_t phys, void *arg);     /* reach a frame */
    void *arg;
    bool allow_2m;                              /* use 2 MiB leaves where aligned */
    uint64_t table_flags;                       /* non-leaf entry bits; 0 = P|W (EPT: R|W|X) */
    unsigned tables;                            /* page-table pages allocated */
};

enum pt_err { PT_OK = 0, PT_ENOMEM = -1, PT_EALIGN = -2, PT_EEXIST = -3, PT_ECANON = -4 };

/* Creates the root table. */
int pt_init(struct pt_ctx *pt);
/* Map [va, va+size) to [pa, ...) with leaf flags (PTE_P implied). Fails
 * without partial damage to existing mappings if any page is already mapped. */
int pt_map(struct pt_ctx *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags);
/* Remove mappings in [va, va+size); a 2 MiB leaf only partly covered is an error. */
int pt_unmap(struct pt_ctx *pt, uint64_t va, uint64_t size);
/* Walk: on success *pa and *flags (of the leaf) and *level_size. */
bool pt_lookup(const struct pt_ctx *pt, uint64_t va, uint64_t *pa, uint64_t *flags,
               uint64_t *page_size);
/* Share a top-level entry (e.g. the image's PML4 slot) with another root. */
void pt_share_top(struct pt_ctx *dst, const struct pt_ctx *src, unsigned index);
bool pt_canonical(uint64_t va);

const char *pt_strerror(int err);

/* Calls fn for every leaf mapping (va, pa, size, flags), in address order. */
typedef void (*pt_leaf_fn)(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, void *arg);
void pt_walk(const struct pt_ctx *pt, pt_leaf_fn fn, void *arg);

#endif
