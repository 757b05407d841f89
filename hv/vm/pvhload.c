/* PVH loading: program headers at p_paddr, start_info + memory map + command
 * line low, the initrd at the top of RAM. */
#include "pvhload.h"
#include "elfload.h"
#include "fmt.h"
#include <string.h>

#define FAIL(...) do { hv_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

int pvh_probe(const uint8_t *img, size_t len)
{
    uint32_t dl;
    return elf_find_note(img, len, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &dl) != NULL;
}

int pvh_load(const uint8_t *img, size_t len, struct guest_mem *gm, const char *cmdline,
             const uint8_t *initrd, size_t initrd_len, uint64_t rsdp,
             struct pvh_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof(*r));
    uint32_t dl;
    const uint8_t *d = elf_find_note(img, len, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &dl);
    if (!d)
        FAIL("no XEN_ELFNOTE_PHYS32_ENTRY note: not a PVH kernel (CONFIG_PVH=y vmlinux)");
    if (dl != 4 && dl != 8)
        FAIL("PHYS32_ENTRY note has a %u-byte descriptor (4 or 8 expected)", dl);
    uint32_t entry;
    memcpy(&entry, d, 4);
    if (gm->size < (16u << 20))
        FAIL("VM memory %llu MiB is too small for a Linux kernel", (unsigned long long)(gm->size >> 20));
    struct elf_info ei;
    if (elf_load(img, len, gm, &ei, err, errlen))
        return -1;
    if (entry < ei.lo || entry >= ei.hi)
        FAIL("PVH entry 0x%x is outside the loaded segments 0x%llx-0x%llx", entry,
             (unsigned long long)ei.lo, (unsigned long long)ei.hi);
    size_t cl = strlen(cmdline) + 1;
    if (cl > PVH_CMDLINE_MAX)
        FAIL("command line of %zu bytes is longer than %u", cl - 1, PVH_CMDLINE_MAX - 1);
    if (ei.lo < PVH_CMDLINE + PVH_CMDLINE_MAX)
        FAIL("kernel loads at 0x%llx, over the start info area", (unsigned long long)ei.lo);
    uint64_t rd = 0;
    if (initrd) {
        rd = (gm->size - initrd_len) & ~0xfffull;
        if (initrd_len > gm->size || rd < ((ei.hi + 0xfff) & ~0xfffull))
            FAIL("initrd (%zu bytes) does not fit in the VM's %llu MiB above the kernel (ends at 0x%llx)",
                 initrd_len, (unsigned long long)(gm->size >> 20), (unsigned long long)ei.hi);
        memcpy(gm->hva + rd, initrd, initrd_len);
    }
    uint8_t *g = gm->hva;
    memset(g + PVH_START_INFO, 0, 0x1000);
    uint8_t *si = g + PVH_START_INFO;
    uint64_t modlist = PVH_START_INFO + 64, memmap = modlist + 32;
    w32(si, HVM_START_MAGIC);
    w32(si + 4, 1);                         /* version 1: has the memory map */
    w32(si + 12, initrd ? 1 : 0);
    w64(si + 16, initrd ? modlist : 0);
    w64(si + 24, PVH_CMDLINE);
    w64(si + 32, rsdp);
    w64(si + 40, memmap);
    w32(si + 48, 3);
    if (initrd) {
        w64(g + modlist, rd);
        w64(g + modlist + 8, initrd_len);
    }
    const uint64_t map[3][3] = {
        { 0, 0x9fc00, 1 }, { 0x9fc00, 0x100000 - 0x9fc00, 2 }, { 0x100000, gm->size - 0x100000, 1 },
    };
    for (int i = 0; i < 3; i++) {
        w64(g + memmap + 24 * i, map[i][0]);
        w64(g + memmap + 24 * i + 8, map[i][1]);
        w32(g + memmap + 24 * i + 16, (uint32_t)map[i][2]);
    }
    memcpy(g + PVH_CMDLINE, cmdline, cl);
    r->entry = entry;
    r->start_info = PVH_START_INFO;
    r->kernel_lo = ei.lo;
    r->kernel_hi = ei.hi;
    r->initrd = rd;
    r->initrd_len = initrd_len;
    return 0;
}
