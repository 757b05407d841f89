/* Multiboot v1 loading: header checks, ELF32/ELF64 program headers or the
 * a.out kludge, bss zeroed, then the info block (memory map, command line,
 * one module) placed after the kernel, clear of page 0 and the BIOS area. */
#include "mbload.h"
#include "fmt.h"
#include "elfload.h"
#include <stdbool.h>
#include <string.h>

#define FAIL(...) do { hv_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static int load_aout(const uint8_t *img, size_t len, size_t hoff, struct guest_mem *gm,
                     struct mb1_result *r, char *err, size_t errlen)
{
    const uint8_t *h = img + hoff;
    if (len - hoff < 32)
        FAIL("multiboot header at 0x%zx: a.out kludge fields truncated", hoff);
    uint32_t header_addr = r32(h + 12), load_addr = r32(h + 16), load_end = r32(h + 20);
    uint32_t bss_end = r32(h + 24), entry = r32(h + 28);
    if (header_addr < load_addr || header_addr - load_addr > hoff)
        FAIL("multiboot header: header_addr 0x%x / load_addr 0x%x do not match the header's file offset 0x%zx",
             header_addr, load_addr, hoff);
    uint64_t foff = hoff - (header_addr - load_addr);
    uint64_t fsz = load_end ? (uint64_t)load_end - load_addr : len - foff;
    if (load_end && load_end < load_addr)
        FAIL("multiboot header: load_end_addr 0x%x is below load_addr 0x%x", load_end, load_addr);
    if (fsz > len - foff)
        FAIL("multiboot header: load range 0x%x-0x%x runs past the end of the file", load_addr, load_end);
    uint64_t msz = bss_end ? (uint64_t)bss_end - load_addr : fsz;
    if (bss_end && msz < fsz)
        FAIL("multiboot header: bss_end_addr 0x%x is below load_end_addr", bss_end);
    const char *why = guest_range_bad(gm, load_addr, msz);
    if (why)
        FAIL("multiboot header: load range 0x%x+0x%llx %s", load_addr, (unsigned long long)msz, why);
    if (entry < load_addr || entry >= load_addr + msz)
        FAIL("multiboot header: entry_addr 0x%x is outside the loaded image", entry);
    memcpy(gm->hva + load_addr, img + foff, fsz);
    memset(gm->hva + load_addr + fsz, 0, msz - fsz);
    r->kernel_lo = load_addr;
    r->kernel_hi = load_addr + msz;
    r->entry = entry;
    r->format = "a.out kludge";
    return 0;
}

int mb1_load(const uint8_t *img, size_t len, struct guest_mem *gm, const char *cmdline,
             const uint8_t *mod, size_t modlen, const char *modname,
             struct mb1_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof(*r));
    if (gm->size < (2u << 20))
        FAIL("VM memory %llu KiB is too small for a multiboot kernel (2 MiB at least)",
             (unsigned long long)(gm->size >> 10));
    size_t hoff = (size_t)-1;
    for (size_t o = 0; o + 12 <= len && o < 8192; o += 4)
        if (r32(img + o) == MB1_MAGIC_HEADER &&
            (uint32_t)(r32(img + o) + r32(img + o + 4) + r32(img + o + 8)) == 0) {
            hoff = o;
            break;
        }
    if (hoff == (size_t)-1)
        FAIL("no multiboot v1 header (magic 0x1BADB002 with a valid checksum) in the first 8 KiB "
             "of the %zu-byte image", len);
    uint32_t flags = r32(img + hoff + 4);
    if (flags & 0xfffcu)
        FAIL("multiboot header flags 0x%x ask for features this loader lacks (bits 2-15: video mode or unknown)",
             flags);
    if (flags & 0x10000) {
        if (load_aout(img, len, hoff, gm, r, err, errlen))
            return -1;
    } else {
        if (len < 16 || memcmp(img, "\177ELF", 4))
            FAIL("image is not ELF and its multiboot header has no a.out kludge (flag bit 16)");
        struct elf_info ei;
        if (elf_load(img, len, gm, &ei, err, errlen))
            return -1;
        if (ei.entry < ei.lo || ei.entry >= ei.hi)
            FAIL("ELF e_entry 0x%llx is outside the loaded segments 0x%llx-0x%llx",
                 (unsigned long long)ei.entry, (unsigned long long)ei.lo, (unsigned long long)ei.hi);
        r->entry = (uint32_t)ei.entry;
        r->kernel_lo = ei.lo;
        r->kernel_hi = ei.hi;
        r->format = ei.is64 ? "ELF64" : "ELF32";
    }

    /* Info block after the kernel: info, mmap, strings, module list, module. */
    uint64_t base = (r->kernel_hi + 0xfff) & ~0xfffull;
    if (base < GUEST_BIOS_AREA_HI)
        base = GUEST_BIOS_AREA_HI;   /* a kernel below the BIOS area: keep clear of it */
    size_t clen = strlen(cmdline) + 1, nlen = modname ? strlen(modname) + 1 : 0;
    const char *loader = "ASI hypervisor";
    size_t llen = strlen(loader) + 1;
    uint64_t info = base, mmap = info + 88, cl = mmap + 4 * 24, ln = cl + clen, mn = ln + llen;
    uint64_t mods = (mn + nlen + 15) & ~15ull;
    uint64_t moddata = (mods + 16 + 0xfff) & ~0xfffull;
    uint64_t end = mod ? moddata + modlen : mods;
    if (mod && moddata + modlen < moddata)
        FAIL("module '%s' is too large", modname ? modname : "?");
    const char *why = guest_range_bad(gm, info, end - info);
    if (why) {
        if (mod && moddata + modlen > gm->size)
            FAIL("module '%s' (%zu bytes) does not fit in the VM's %llu MiB after the kernel",
                 modname ? modname : "?", modlen, (unsigned long long)(gm->size >> 20));
        FAIL("multiboot info at 0x%llx %s", (unsigned long long)info, why);
    }
    uint8_t *g = gm->hva;
    memset(g + info, 0, moddata - info);
    /* flags: mem, cmdline, mods, mmap, boot loader name */
    w32(g + info, (1u << 0) | (1u << 2) | (1u << 3) | (1u << 6) | (1u << 9));
    w32(g + info + 4, 639);
    w32(g + info + 8, (uint32_t)((gm->size - 0x100000) >> 10));
    w32(g + info + 16, (uint32_t)cl);
    w32(g + info + 20, mod ? 1 : 0);
    w32(g + info + 24, (uint32_t)mods);
    w32(g + info + 44, 4 * 24);
    w32(g + info + 48, (uint32_t)mmap);
    w32(g + info + 64, (uint32_t)ln);
    const uint64_t map[4][3] = {
        { 0, 0x9fc00, 1 }, { 0x9fc00, 0x400, 2 },
        { GUEST_BIOS_AREA_LO, GUEST_BIOS_AREA_HI - GUEST_BIOS_AREA_LO, 2 },
        { 0x100000, gm->size - 0x100000, 1 },
    };
    for (int i = 0; i < 4; i++) {
        uint8_t *e = g + mmap + 24 * i;
        w32(e, 20);
        w64(e + 4, map[i][0]);
        w64(e + 12, map[i][1]);
        w32(e + 20, (uint32_t)map[i][2]);
    }
    memcpy(g + cl, cmdline, clen);
    memcpy(g + ln, loader, llen);
    if (mod) {
        if (nlen)
            memcpy(g + mn, modname, nlen);
        w32(g + mods, (uint32_t)moddata);
        w32(g + mods + 4, (uint32_t)(moddata + modlen));
        w32(g + mods + 8, nlen ? (uint32_t)mn : 0);
        memcpy(g + moddata, mod, modlen);
    }
    r->info = (uint32_t)info;
    r->end = end;
    return 0;
}
