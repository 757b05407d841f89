/* Multiboot2 information parser. Pure: it reads only the buffer it is given
 * and never trusts a size field before checking it against that buffer. */
#include "bootinfo.h"
#include "fmt.h"
#include <string.h>

enum {
    TAG_END = 0, TAG_CMDLINE = 1, TAG_LOADER = 2, TAG_MODULE = 3,
    TAG_BASIC_MEM = 4, TAG_MMAP = 6, TAG_EFI64 = 12, TAG_ACPI_OLD = 14,
    TAG_ACPI_NEW = 15, TAG_EFI_MMAP = 17,
};

#define MB2_MAX_INFO (1u << 20)     /* sanity bound on total_size */

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t rd64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

const char *mem_type_name(uint32_t type)
{
    switch (type) {
    case MEM_AVAILABLE: return "available";
    case MEM_RESERVED: return "reserved";
    case MEM_ACPI_RECLAIM: return "ACPI reclaimable";
    case MEM_ACPI_NVS: return "ACPI NVS";
    case MEM_BAD: return "bad";
    default: return "unknown";
    }
}

/* Copy a NUL-terminated string that must end inside [s, s+max). */
static int copy_str(char *dst, size_t dstlen, const uint8_t *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    if (n == max)
        return -1;
    size_t c = n < dstlen - 1 ? n : dstlen - 1;
    memcpy(dst, s, c);
    dst[c] = 0;
    return 0;
}

static void add_region(struct boot_info *bi, uint64_t base, uint64_t len, uint32_t type)
{
    if (!len || bi->nmmap >= BI_MAX_MMAP)
        return;
    /* merge with the previous one when adjacent and of the same type */
    if (bi->nmmap) {
        struct mem_region *p = &bi->mmap[bi->nmmap - 1];
        if (p->type == type && p->base + p->len == base) {
            p->len += len;
            return;
        }
    }
    bi->mmap[bi->nmmap++] = (struct mem_region){ base, len, type };
}

static uint32_t efi_type(uint32_t t)
{
    switch (t) {
    case 1: case 2:         /* loader code/data: ours once GRUB has jumped */
    case 3: case 4:         /* boot services code/data: free after ExitBootServices */
    case 7:                 /* conventional */
        return MEM_AVAILABLE;
    case 9: return MEM_ACPI_RECLAIM;
    case 10: return MEM_ACPI_NVS;
    case 8: return MEM_BAD;
    default: return MEM_RESERVED;
    }
}

static void sort_mmap(struct boot_info *bi)
{
    for (unsigned i = 1; i < bi->nmmap; i++) {
        struct mem_region r = bi->mmap[i];
        unsigned j = i;
        while (j && bi->mmap[j - 1].base > r.base) {
            bi->mmap[j] = bi->mmap[j - 1];
            j--;
        }
        bi->mmap[j] = r;
    }
}

#define FAIL(...) do { hv_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

int mb2_parse(const void *info, size_t avail, struct boot_info *bi,
              char *err, size_t errlen)
{
    const uint8_t *base = info;
    memset(bi, 0, sizeof(*bi));
    if (!info)
        FAIL("multiboot2 info pointer is NULL");
    if ((uintptr_t)info & 7)
        FAIL("multiboot2 info at %p is not 8-byte aligned", info);
    if (avail < 8)
        FAIL("multiboot2 info truncated: %zu bytes, header needs 8", avail);
    uint32_t total = rd32(base);
    if (total < 16)
        FAIL("multiboot2 info total_size %u is smaller than header + end tag (16)", total);
    if (total > MB2_MAX_INFO)
        FAIL("multiboot2 info total_size %u exceeds the %u-byte limit", total, MB2_MAX_INFO);
    if (total > avail)
        FAIL("multiboot2 info truncated: total_size %u but only %zu bytes present", total, avail);

    bool have_mmap = false, have_efi_mmap = false, have_basic = false, ended = false;
    const uint8_t *efi_mmap = NULL;
    uint32_t efi_mmap_size = 0;
    size_t off = 8;
    while (off + 8 <= total) {
        const uint8_t *t = base + off;
        uint32_t type = rd32(t), size = rd32(t + 4);
        if (size < 8)
            FAIL("multiboot2 tag type %u at offset %zu has size %u (< 8)", type, off, size);
        if (off + size > total)
            FAIL("multiboot2 tag type %u at offset %zu (size %u) runs past total_size %u",
                 type, off, size, total);
        switch (type) {
        case TAG_END:
            if (size != 8)
                FAIL("multiboot2 end tag at offset %zu has size %u (must be 8)", off, size);
            ended = true;
            break;
        case TAG_CMDLINE:
            if (copy_str(bi->cmdline, sizeof(bi->cmdline), t + 8, size - 8))
                FAIL("multiboot2 command-line tag at offset %zu is not NUL-terminated", off);
            break;
        case TAG_LOADER:
            if (copy_str(bi->loader, sizeof(bi->loader), t + 8, size - 8))
                FAIL("multiboot2 boot-loader-name tag at offset %zu is not NUL-terminated", off);
            break;
        case TAG_MODULE: {
            if (size < 17)
                FAIL("multiboot2 module tag at offset %zu has size %u (< 17)", off, size);
            if (bi->nmods >= BI_MAX_MODS)
                FAIL("more than %d boot modules", BI_MAX_MODS);
            struct boot_module *m = &bi->mods[bi->nmods];
            m->start = rd32(t + 8);
            m->end = rd32(t + 12);
            if (m->end < m->start)
                FAIL("multiboot2 module %u ends (0x%llx) before it starts (0x%llx)",
                     bi->nmods, (unsigned long long)m->end, (unsigned long long)m->start);
            if (copy_str(m->name, sizeof(m->name), t + 16, size - 16))
                FAIL("multiboot2 module %u string is not NUL-terminated", bi->nmods);
            bi->nmods++;
            break;
        }
        case TAG_BASIC_MEM:
            if (size < 16)
                FAIL("multiboot2 basic-meminfo tag has size %u (< 16)", size);
            bi->mem_lower_kb = rd32(t + 8);
            bi->mem_upper_kb = rd32(t + 12);
            have_basic = true;
            break;
        case TAG_MMAP: {
            if (size < 16)
                FAIL("multiboot2 memory-map tag has size %u (< 16)", size);
            uint32_t esz = rd32(t + 8);
            if (esz < 24 || (esz & 7))
                FAIL("multiboot2 memory-map entry_size %u is invalid (>= 24, multiple of 8)", esz);
            if ((size - 16) % esz)
                FAIL("multiboot2 memory map: %u bytes of entries is not a multiple of entry_size %u",
                     size - 16, esz);
            for (uint32_t o = 16; size - o >= esz; o += esz) {     /* no o + esz: it can wrap */
                uint64_t b = rd64(t + o), l = rd64(t + o + 8);
                uint32_t ty = rd32(t + o + 16);
                if (b + l < b)
                    FAIL("multiboot2 memory-map entry at 0x%llx wraps around", (unsigned long long)b);
                if (ty < MEM_AVAILABLE || ty > MEM_BAD)
                    ty = MEM_RESERVED;
                add_region(bi, b, l, ty);
            }
            have_mmap = true;
            break;
        }
        case TAG_EFI64:
            if (size < 16)
                FAIL("multiboot2 EFI64 tag has size %u (< 16)", size);
            bi->efi_systab = rd64(t + 8);
            break;
        case TAG_ACPI_OLD:
        case TAG_ACPI_NEW: {
            uint32_t n = size - 8;
            if (n < 20)
                FAIL("multiboot2 ACPI tag holds %u bytes, an RSDP has at least 20", n);
            /* prefer the ACPI 2.0 copy when both are present */
            if (type == TAG_ACPI_NEW || !bi->rsdp_len) {
                bi->rsdp_len = n > sizeof(bi->rsdp) ? sizeof(bi->rsdp) : n;
                memcpy(bi->rsdp, t + 8, bi->rsdp_len);
            }
            break;
        }
        case TAG_EFI_MMAP: {
            if (size < 16)
                FAIL("multiboot2 EFI memory-map tag has size %u (< 16)", size);
            efi_mmap = t;
            efi_mmap_size = size;
            have_efi_mmap = true;
            break;
        }
        default:
            break; /* tags we do not need (framebuffer, ELF sections, ...) */
        }
        if (ended)
            break;
        off += (size + 7) & ~7u;
    }
    if (!ended)
        FAIL("multiboot2 info has no end tag within total_size %u", total);

    if (!have_mmap && have_efi_mmap) {
        uint32_t dsz = rd32(efi_mmap + 8);
        if (dsz < 40 || (dsz & 7))
            FAIL("multiboot2 EFI memory map descriptor size %u is invalid (>= 40)", dsz);
        for (uint32_t o = 16; efi_mmap_size - o >= dsz; o += dsz) {   /* no o + dsz: it can wrap */
            const uint8_t *d = efi_mmap + o;
            uint64_t pages = rd64(d + 24);
            uint64_t b = rd64(d + 8);
            if (pages > (UINT64_MAX >> 12) || b + (pages << 12) < b)
                FAIL("multiboot2 EFI memory descriptor at 0x%llx is too large",
                     (unsigned long long)b);
            add_region(bi, b, pages << 12, efi_type(rd32(d)));
        }
        bi->mmap_source = "efi mmap";
    } else if (have_mmap) {
        bi->mmap_source = "multiboot2 mmap";
    } else if (have_basic) {
        add_region(bi, 0, (uint64_t)bi->mem_lower_kb << 10, MEM_AVAILABLE);
        add_region(bi, 1u << 20, (uint64_t)bi->mem_upper_kb << 10, MEM_AVAILABLE);
        bi->mmap_source = "basic meminfo";
    } else {
        FAIL("multiboot2 info has no memory map (no mmap, EFI mmap or basic meminfo tag)");
    }
    sort_mmap(bi);
    bi->info_phys = (uintptr_t)info;
    bi->info_size = total;
    return 0;
}
