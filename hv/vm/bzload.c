/* bzImage loading: the protected-mode part at its preferred address (or
 * 16 MiB), boot_params with the setup header, e820 map, command line,
 * initrd and RSDP, and a flat GDT for the 32-bit entry (startup_32). */
#include "bzload.h"
#include "elfload.h"
#include "fmt.h"
#include <string.h>

#define FAIL(...) do { hv_snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

static uint16_t r16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t r64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static void w16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

int bz_probe(const uint8_t *img, size_t len)
{
    return len >= 0x264 && !memcmp(img + 0x202, "HdrS", 4);
}

int bz_load(const uint8_t *img, size_t len, struct guest_mem *gm, const char *cmdline,
            const uint8_t *initrd, size_t initrd_len, uint64_t rsdp,
            struct bz_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof(*r));
    if (len < 0x264)
        FAIL("bzImage truncated: %zu bytes, its setup header needs 0x264", len);
    if (memcmp(img + 0x202, "HdrS", 4))
        FAIL("not a Linux bzImage: no \"HdrS\" magic at 0x202");
    if (r16(img + 0x1fe) != 0xaa55)
        FAIL("bzImage boot sector signature 0x%x at 0x1fe is not 0xaa55", r16(img + 0x1fe));
    uint16_t ver = r16(img + 0x206);
    r->version = ver;
    if (ver < 0x20c)
        FAIL("boot protocol %u.%02u is too old (2.12 or later needed)", ver >> 8, ver & 0xff);
    if (!(img[0x211] & 1))
        FAIL("bzImage is not loaded high (loadflags bit 0 clear): a zImage is not supported");
    if (!img[0x234])
        FAIL("kernel is not relocatable (relocatable_kernel = 0)");
    unsigned setup_sects = img[0x1f1] ? img[0x1f1] : 4;
    uint64_t pm_off = (uint64_t)(setup_sects + 1) * 512;
    if (pm_off >= len)
        FAIL("bzImage truncated: setup is %llu bytes but the file has %zu", (unsigned long long)pm_off, len);
    uint32_t syssize = r32(img + 0x1f4);            /* in 16-byte units */
    if ((uint64_t)syssize * 16 > len - pm_off)
        FAIL("bzImage truncated: the protected-mode kernel needs %llu bytes, %llu present",
             (unsigned long long)syssize * 16, (unsigned long long)(len - pm_off));
    uint64_t pm_len = len - pm_off;
    uint64_t pref = r64(img + 0x258), init_size = r32(img + 0x260);
    uint32_t align = r32(img + 0x230);
    uint64_t load = pref ? pref : 0x1000000;
    if (align && (load & (align - 1)))
        load = (load + align - 1) & ~((uint64_t)align - 1);
    uint64_t span = init_size > pm_len ? init_size : pm_len;
    const char *why = guest_range_bad(gm, load, span);
    if (why)
        FAIL("kernel at 0x%llx (%llu MiB with its init_size) %s (VM memory %llu MiB)",
             (unsigned long long)load, (unsigned long long)(span >> 20), why,
             (unsigned long long)(gm->size >> 20));
    size_t cl = strlen(cmdline) + 1;
    uint32_t clmax = ver >= 0x206 ? r32(img + 0x238) : 255;
    if (cl > BZ_CMDLINE_MAX || (clmax && cl - 1 > clmax))
        FAIL("command line of %zu bytes is longer than the kernel accepts (%u)", cl - 1, clmax);
    uint8_t *g = gm->hva;
    memcpy(g + load, img + pm_off, pm_len);
    uint64_t rd = 0;
    if (initrd) {
        uint64_t max = r32(img + 0x22c);            /* initrd_addr_max */
        uint64_t top = gm->size < max + 1 ? gm->size : max + 1;
        rd = (top - initrd_len) & ~0xfffull;
        if (initrd_len > top || rd < load + span)
            FAIL("initrd (%zu bytes) does not fit in the VM's %llu MiB between the kernel and "
                 "initrd_addr_max 0x%llx", initrd_len, (unsigned long long)(gm->size >> 20),
                 (unsigned long long)max);
        memcpy(g + rd, initrd, initrd_len);
    }
    /* boot_params: zeroed, setup header copied, loader fields filled in */
    uint8_t *bp = g + BZ_ZERO_PAGE;
    memset(bp, 0, 4096);
    size_t hdr_end = 0x202 + img[0x201];
    if (hdr_end > len || hdr_end > 0x290)
        hdr_end = 0x264;
    memcpy(bp + 0x1f1, img + 0x1f1, hdr_end - 0x1f1);
    bp[0x210] = 0xff;                               /* type_of_loader: undefined */
    bp[0x211] |= 0x80;                              /* CAN_USE_HEAP */
    w16(bp + 0x224, 0xde00);                        /* heap_end_ptr */
    w32(bp + 0x228, BZ_CMDLINE);
    w32(bp + 0x218, (uint32_t)rd);
    w32(bp + 0x21c, (uint32_t)initrd_len);
    w32(bp + 0x214, (uint32_t)load);                /* code32_start */
    w32(bp + 0x23c, 0);                             /* hardware_subarch: PC */
    w64(bp + 0x070, rsdp);                          /* acpi_rsdp_addr (2.14+) */
    const uint64_t map[3][3] = {
        { 0, 0x9fc00, 1 }, { 0x9fc00, 0x100000 - 0x9fc00, 2 }, { 0x100000, gm->size - 0x100000, 1 },
    };
    for (int i = 0; i < 3; i++) {
        w64(bp + 0x2d0 + 20 * i, map[i][0]);
        w64(bp + 0x2d0 + 20 * i + 8, map[i][1]);
        w32(bp + 0x2d0 + 20 * i + 16, (uint32_t)map[i][2]);
    }
    bp[0x1e8] = 3;                                  /* e820_entries */
    memcpy(g + BZ_CMDLINE, cmdline, cl);
    /* flat GDT: 0x10 code, 0x18 data */
    uint8_t *gdt = g + BZ_GDT;
    memset(gdt, 0, 32);
    w64(gdt + 0x10, 0x00cf9a000000ffffull);
    w64(gdt + 0x18, 0x00cf92000000ffffull);
    r->entry = (uint32_t)load;
    r->zero_page = BZ_ZERO_PAGE;
    r->kernel_lo = load;
    r->kernel_hi = load + span;
    r->initrd = rd;
    return 0;
}
