/* The hypervisor's own memory: frame allocator from the boot memory map and
 * the full address space (image with per-section permissions + physmap). */
#include "mm.h"
#include "pt.h"
#include "layout.h"
#include "console.h"
#include "cpu.h"
#include "asi.h"
#include "spinlock.h"
#include "percpu.h"
#include "vmarea.h"
#include <string.h>

struct frame_alloc frames;
static struct pt_ctx kpt;
static uint64_t nx_bit __asi_shared;   /* read by ephmap on the exit path */

struct pt_ctx *kernel_pt(void)
{
    return &kpt;
}

uint64_t pte_nx(void)
{
    return nx_bit;
}

extern char _image_start[], _stext[], _etext[], _srodata[], _erodata[], _sdata[], _image_end[];

/* Page-table callbacks for every builder in the hypervisor (its own
 * tables, restricted spaces, EPT): frames from the allocator, reached
 * through the physmap. */
static struct spinlock frames_lock;     /* a leaf: nothing else is taken under it */

uint64_t mm_frame_alloc(void)
{
    spin_lock(&frames_lock);
    uint64_t f = frame_alloc(&frames);
    spin_unlock(&frames_lock);
    return f;
}

uint64_t mm_frame_alloc_contig(uint64_t n, uint64_t align)
{
    spin_lock(&frames_lock);
    uint64_t f = frame_alloc_contig(&frames, n, align);
    spin_unlock(&frames_lock);
    return f;
}

void mm_frame_free_range(uint64_t pa, uint64_t len)
{
    spin_lock(&frames_lock);
    for (uint64_t o = 0; o < len; o += FRAME_SIZE)
        frame_free(&frames, pa + o);
    spin_unlock(&frames_lock);
}

uint64_t pt_alloc_cb(void *arg)
{
    (void)arg;
    return mm_frame_alloc();
}

void *pt_p2v_cb(uint64_t phys, void *arg)
{
    (void)arg;
    return phys_to_virt(phys);
}

uint64_t alloc_frame_zeroed(void)
{
    uint64_t f = mm_frame_alloc();
    if (!f)
        hv_stop("mm: out of memory (no free 4 KiB frame left)\n");
    memset(phys_to_virt(f), 0, FRAME_SIZE);
    return f;
}

static void map_or_die(uint64_t va, uint64_t pa, uint64_t size, uint64_t flags, const char *what)
{
    int e = pt_map(&kpt, va, pa, size, flags);
    if (e)
        hv_stop("mm: cannot map %s (%016llx, %llu KiB): %s\n", what, (unsigned long long)va,
                (unsigned long long)(size >> 10), pt_strerror(e));
}

void mm_init(struct boot_info *bi)
{
    pr_info("mm: memory map (%s):\n", bi->mmap_source);
    for (unsigned i = 0; i < bi->nmmap; i++)
        pr_info("mm:   %016llx-%016llx %s\n", (unsigned long long)bi->mmap[i].base,
                (unsigned long long)(bi->mmap[i].base + bi->mmap[i].len - 1),
                mem_type_name(bi->mmap[i].type));

    struct phys_range res[4 + BI_MAX_MODS];
    unsigned nres = 0;
    res[nres++] = (struct phys_range){ 0, 1u << 20 };   /* real-mode area, BIOS data */
    res[nres++] = (struct phys_range){ virt_to_phys(_image_start),
                                       (uint64_t)(_image_end - _image_start) };
    res[nres++] = (struct phys_range){ bi->info_phys, bi->info_size };
    for (unsigned i = 0; i < bi->nmods; i++)
        res[nres++] = (struct phys_range){ bi->mods[i].start, bi->mods[i].end - bi->mods[i].start };

    uint64_t top = mmap_top(bi->mmap, bi->nmmap);
    if (top < (16u << 20))
        hv_stop("mm: only %llu KiB of RAM reported; the hypervisor needs at least 16 MiB\n",
                (unsigned long long)(top >> 10));
    size_t bytes = frame_bitmap_bytes(top);
    uint64_t bm = mmap_find_free(bi->mmap, bi->nmmap, bytes, 1ull << 32, res, nres);
    if (!bm)
        hv_stop("mm: no free memory below 4 GiB for the %zu-byte frame bitmap\n", bytes);
    frame_init(&frames, phys_to_virt(bm), top / FRAME_SIZE);
    for (unsigned i = 0; i < bi->nmmap; i++)
        if (bi->mmap[i].type == MEM_AVAILABLE)
            frame_free_range(&frames, bi->mmap[i].base, bi->mmap[i].len);
    for (unsigned i = 0; i < nres; i++)
        frame_reserve_range(&frames, res[i].base, res[i].len);
    frame_reserve_range(&frames, bm, bytes);
    pr_info("mm: %llu MiB RAM, %llu MiB free, frame bitmap %zu bytes at %llx\n",
            (unsigned long long)(top >> 20), (unsigned long long)((frames.nfree * FRAME_SIZE) >> 20),
            bytes, (unsigned long long)bm);

    /* Build the full space while the boot identity map is still live. */
    bool nx = cpuid(0x80000001, 0).edx & (1u << 20);
    uint64_t NX = nx_bit = nx ? PTE_NX : 0;
    kpt = (struct pt_ctx){ .alloc = pt_alloc_cb, .p2v = pt_p2v_cb, .allow_2m = true };
    if (pt_init(&kpt))
        hv_stop("mm: no frame for the root page table\n");
    uint64_t ptext = virt_to_phys(_stext);
    map_or_die((uint64_t)_stext, ptext, (uint64_t)(_etext - _stext + 4095) & ~4095ull, 0, "text");
    map_or_die((uint64_t)_srodata, virt_to_phys(_srodata),
               (uint64_t)(_erodata - _srodata + 4095) & ~4095ull, NX, "rodata");
    map_or_die((uint64_t)_sdata, virt_to_phys(_sdata), (uint64_t)(_image_end - _sdata), PTE_W | NX,
               "data");
    /* physmap: all of the low 4 GiB (RAM, ACPI, MMIO holes follow the MTRRs)
     * and RAM above it */
    uint64_t pm_top = top > (1ull << 32) ? (top + PT_2M - 1) & ~(PT_2M - 1) : 1ull << 32;
    map_or_die(PHYSMAP_BASE, 0, pm_top, PTE_W | NX, "physmap");
    /* Every VM-area slot's top table now, so that the roots of other CPUs,
     * copied from this one, see VMs created later. */
    for (unsigned i = 0; i < VMAREA_MAX; i++)
        ((uint64_t *)phys_to_virt(kpt.root))[VMAREA_SLOT0 + i] = alloc_frame_zeroed() | PTE_P | PTE_W;
    write_cr3(kpt.root);
    physmap_ready = true;
    frames.bitmap = phys_to_virt(bm);   /* the identity map it was reached through is gone */
    pr_info("mm: page tables: text RX, rodata RO, data RW+NX%s, physmap %llu GiB; %u table pages\n",
            nx ? "" : " (no NX on this CPU)", (unsigned long long)(pm_top >> 30), kpt.tables);
}

uint64_t mm_cpu_root(unsigned cpu)
{
    uint64_t r = alloc_frame_zeroed();
    memcpy(phys_to_virt(r), phys_to_virt(kpt.root), FRAME_SIZE);
    ((uint64_t *)phys_to_virt(r))[PCPU_SLOT] = percpu_slot_entry(cpu, nx_bit);
    return r;
}
