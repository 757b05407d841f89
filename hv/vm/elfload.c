/* ELF program loading and note lookup for guest kernels. */
#include "elfload.h"
#include "fmt.h"
#include <string.h>

#define FAIL(...) do { hv_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint16_t r16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint64_t r64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* Can [gpa, gpa+len) hold guest data? */
const char *guest_range_bad(const struct guest_mem *gm, uint64_t gpa, uint64_t len)
{
    if (gpa + len < gpa || gpa + len > gm->size)
        return "lies outside the VM's memory";
    if (gpa < 0x1000 && len)
        return "overlaps page 0";
    if (gpa < GUEST_BIOS_AREA_HI && gpa + len > GUEST_BIOS_AREA_LO)
        return "overlaps the BIOS area 0xE0000-0xFFFFF";
    return NULL;
}

int elf_load(const uint8_t *img, size_t len, struct guest_mem *gm, struct elf_info *r,
             char *err, size_t errlen)
{
    if (len < 16 || memcmp(img, "\177ELF", 4))
        FAIL("not an ELF file (bad magic)");
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
    r->lo = ~0ull;
    r->hi = 0;
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
        const char *why = guest_range_bad(gm, paddr, memsz);
        if (why)
            FAIL("ELF segment %u: p_paddr 0x%llx+0x%llx %s (VM memory %llu MiB)", i,
                 (unsigned long long)paddr, (unsigned long long)memsz, why,
                 (unsigned long long)(gm->size >> 20));
        memcpy(gm->hva + paddr, img + off, filesz);
        memset(gm->hva + paddr + filesz, 0, memsz - filesz);
        if (paddr < r->lo) r->lo = paddr;
        if (paddr + memsz > r->hi) r->hi = paddr + memsz;
        loads++;
    }
    if (!loads)
        FAIL("ELF has no PT_LOAD segment");
    r->entry = entry;
    r->is64 = is64;
    return 0;
}


const uint8_t *elf_find_note(const uint8_t *img, size_t len, const char *owner, uint32_t type,
                             uint32_t *desc_len)
{
    if (len < 64 || memcmp(img, "\177ELF", 4) || (img[4] != 1 && img[4] != 2))
        return NULL;
    bool is64 = img[4] == 2;
    uint64_t phoff = is64 ? r64(img + 32) : r32(img + 28);
    uint16_t phentsize = r16(img + (is64 ? 54 : 42)), phnum = r16(img + (is64 ? 56 : 44));
    if (phentsize < (is64 ? 56 : 32) || phoff > len || (uint64_t)phnum * phentsize > len - phoff)
        return NULL;
    size_t olen = strlen(owner) + 1;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = img + phoff + (uint64_t)i * phentsize;
        if (r32(ph) != 4)   /* PT_NOTE */
            continue;
        uint64_t off = is64 ? r64(ph + 8) : r32(ph + 4), sz = is64 ? r64(ph + 32) : r32(ph + 16);
        if (off > len || sz > len - off)
            continue;
        const uint8_t *p = img + off, *end = p + sz;
        while (end - p >= 12) {
            uint32_t nsz = r32(p), dsz = r32(p + 4), t = r32(p + 8);
            uint64_t nal = (nsz + 3) & ~3u, dal = (dsz + 3) & ~3ull;
            if ((uint64_t)(end - p - 12) < nal + dal)
                break;
            if (t == type && nsz == olen && !memcmp(p + 12, owner, olen)) {
                *desc_len = dsz;
                return p + 12 + nal;
            }
            p += 12 + nal + dal;
        }
    }
    return NULL;
}
