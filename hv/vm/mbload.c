/* Multiboot v1 loading: header checks, ELF32/ELF64 program headers or the
 * a.out kludge, bss zeroed, then the info block (memory map, command line,
 * one module) placed after the kernel, clear of page 0 and the BIOS area. */
#include "mbload.h"
#include "fmt.h"
#include <stdbool.h>
#include <string.h>

#define FAIL(...) do { hv_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t r16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint64_t r64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/* Can [gpa, gpa+len) hold guest data? */
static const char *range_bad(const struct guest_mem *gm, uint64_t gpa, uint64_t len)
{
    if (gpa + len < gpa || gpa + len > gm->size)
        return "lies outside the VM's memory";
    if (gpa < 0x1000 && len)
        return "overlaps page 0";
    if (gpa < GUEST_BIOS_AREA_HI && gpa + len > GUEST_BIOS_AREA_LO)
        return "overlaps the BIOS area 0xE0000-0xFFFFF";
    return NULL;
}

static int load_elf(const uint8_t *img, size_t len, struct guest_mem *gm, struct mb1_result *r,
                    char *err, size_t errlen)
{
    bool is64 = img[4] == 2;
    if (img[4] != 1 && img[4] != 2)
        FAIL("ELF class %u is neither ELF32 nor ELF64", img[4]);
    if (img[5] != 1)
        FAIL("ELF data encoding %u is not little-endian", img[5]);
    size_t ehsz = is64 ? 64 : 52;
    if (len < ehsz)
        FAIL("ELF header truncated: file has %zu bytes, header needs %zu", len, ehsz);
    uint16_t type = r16(img + 16), mach = r16(img + 18);
    if (type != 2)
        FAIL("ELF e_type %u is not ET_EXEC", type);
    if (mach != 3 && mach != 62)
        FAIL("ELF e_machine %u is not x86 (3) or x86-64 (62)", mach);
    uint64_t entry = is64 ? r64(img + 24) : r32(img + 24);
    uint64_t phoff = is64 ? r64(img + 32) : r32(img + 28);
    uint16_t phentsize = r16(img + (is64 ? 54 : 42)), phnum = r16(img + (is64 ? 56 : 44));
    if (phentsize < (is64 ? 56 : 32))
        FAIL("ELF e_phentsize %u is too small", phentsize);
    if (!phnum)
        FAIL("ELF has no program headers (e_phnum 0)");
    if (phoff > len || (uint64_t)phnum * phentsize > len - phoff)
        FAIL("ELF program headers (e_phoff 0x%llx, %u x %u bytes) run past the end of the file",
             (unsigned long long)phoff, phnum, phentsize);
    r->kernel_lo = ~0ull;
    r->kernel_hi = 0;
    unsigned loads = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = img + phoff + (uint64_t)i * phentsize;
        if (r32(ph) != 1)   /* PT_LOAD */
            continue;
        uint64_t off, paddr, filesz, memsz;
        if (is64) {
            off = r64(ph + 8), paddr = r64(ph + 24), filesz = r64(ph + 32), memsz = r64(ph + 40);
        } else {
            off = r32(ph + 4), paddr = r32(ph + 12), filesz = r32(ph + 16), memsz = r32(ph + 20);
        }
        if (filesz > memsz)
            FAIL("ELF segment %u: p_filesz 0x%llx > p_memsz 0x%llx", i,
                 (unsigned long long)filesz, (unsigned long long)memsz);
        if (off > len || filesz > len - off)
            FAIL("ELF segment %u: file range 0x%llx+0x%llx runs past the end of the file (%zu bytes)",
                 i, (unsigned long long)off, (unsigned long long)filesz, len);
        const char *why = range_bad(gm, paddr, memsz);
        if (why)
            FAIL("ELF segment %u: p_paddr 0x%llx+0x%llx %s (VM memory %llu MiB)", i,
                 (unsigned long long)paddr, (unsigned long long)memsz, why,
                 (unsigned long long)(gm->size >> 20));
        memcpy(gm->hva + paddr, img + off, filesz);
        memset(gm->hva + paddr + filesz, 0, memsz - filesz);
        if (paddr < r->kernel_lo) r->kernel_lo = paddr;
        if (paddr + memsz > r->kernel_hi) r->kernel_hi = paddr + memsz;
        loads++;
    }
    if (!loads)
        FAIL("ELF has no PT_LOAD segment");
    if (entry < r->kernel_lo || entry >= r->kernel_hi)
        FAIL("ELF e_entry 0x%llx is outside the loaded segments 0x%llx-0x%llx",
             (unsigned long long)entry, (unsigned long long)r->kernel_lo,
             (unsigned long long)r->kernel_hi);
    r->entry = (uint32_t)entry;
    r->format = is64 ? "ELF64" : "ELF32";
    return 0;
}

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
    const char *why = range_bad(gm, load_addr, msz);
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
        if (load_elf(img, len, gm, r, err, errlen))
            return -1;
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
    const char *why = range_bad(gm, info, end - info);
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
