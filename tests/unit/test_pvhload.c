// uses: hv/vm/pvhload.c hv/vm/elfload.c hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>
#include "pvhload.h"

#define MEM (32u << 20)
static uint8_t *ram;
static struct guest_mem gm;
static uint8_t img[0x3000];
static struct pvh_result r;
static char err[200];

static void w16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t r64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* ELF64 with one PT_LOAD at 16 MiB (0x1000 bytes + bss) and a PT_NOTE holding
 * Xen PHYS32_ENTRY = 16 MiB + 0x40. */
static void mk(void)
{
    memset(img, 0, sizeof(img));
    memcpy(img, "\177ELF", 4);
    img[4] = 2; img[5] = 1; img[6] = 1;
    w16(img + 16, 2); w16(img + 18, 62);
    w64(img + 24, 0xffffffff81000000ull);
    w64(img + 32, 64);
    w16(img + 54, 56); w16(img + 56, 2);
    uint8_t *ph = img + 64;
    w32(ph, 1); w64(ph + 8, 0x1000); w64(ph + 16, 0xffffffff81000000ull); w64(ph + 24, 0x1000000);
    w64(ph + 32, 0x1000); w64(ph + 40, 0x2000);
    ph += 56;
    w32(ph, 4); w64(ph + 8, 0x2000); w64(ph + 32, 24);
    uint8_t *n = img + 0x2000;
    w32(n, 4); w32(n + 4, 4); w32(n + 8, XEN_ELFNOTE_PHYS32_ENTRY);
    memcpy(n + 12, "Xen", 4);
    w32(n + 16, 0x1000040);
    memset(img + 0x1000, 0x90, 0x1000);
}

static int setup(void **s) { (void)s; ram = calloc(1, MEM); gm.hva = ram; gm.size = MEM; return 0; }
static int teardown(void **s) { (void)s; free(ram); return 0; }

static void loads(void **s)
{
    (void)s;
    mk();
    assert_true(pvh_probe(img, sizeof(img)));
    static const uint8_t rd[] = "070701initramfs";
    assert_int_equal(pvh_load(img, sizeof(img), &gm, "console=ttyS0 quiet", rd, sizeof(rd), 0xe0000,
                              &r, err, sizeof(err)), 0);
    assert_int_equal(r.entry, 0x1000040);
    assert_int_equal(ram[0x1000000], 0x90);
    assert_int_equal(ram[0x1001000], 0);                /* bss */
    const uint8_t *si = ram + r.start_info;
    assert_int_equal(r32(si), HVM_START_MAGIC);
    assert_int_equal(r32(si + 4), 1);
    assert_int_equal(r32(si + 12), 1);
    assert_string_equal((char *)ram + r64(si + 24), "console=ttyS0 quiet");
    assert_int_equal(r64(si + 32), 0xe0000);
    const uint8_t *mod = ram + r64(si + 16);
    assert_int_equal(r64(mod + 8), sizeof(rd));
    assert_memory_equal(ram + r64(mod), rd, sizeof(rd));
    assert_int_equal(r64(mod) & 0xfff, 0);
    assert_true(r64(mod) + sizeof(rd) <= MEM);
    assert_int_equal(r32(si + 48), 3);
    const uint8_t *mm = ram + r64(si + 40);
    assert_int_equal(r64(mm + 48), 0x100000);
    assert_int_equal(r64(mm + 56), MEM - 0x100000);
    assert_int_equal(r32(mm + 24 + 16), 2);
}

#define BAD(...) do { assert_int_equal(pvh_load(img, sizeof(img), &gm, __VA_ARGS__, &r, err, sizeof(err)), -1); } while (0)

static void bad(void **s)
{
    (void)s;
    mk(); w32(img + 0x2000 + 8, 17);
    assert_false(pvh_probe(img, sizeof(img)));
    BAD("x", NULL, 0, 0);
    assert_non_null(strstr(err, "not a PVH kernel"));
    mk(); w32(img + 0x2000 + 16, 0x5000000);
    BAD("x", NULL, 0, 0);
    assert_non_null(strstr(err, "PVH entry 0x5000000 is outside"));
    mk();
    static uint8_t big[MEM];
    BAD("x", big, sizeof(big) - 0x100000, 0);
    assert_non_null(strstr(err, "initrd"));
    assert_non_null(strstr(err, "does not fit"));
    mk(); w64(img + 64 + 32, 0x10000); w64(img + 64 + 40, 0x20000);   /* p_filesz past the file */
    BAD("x", NULL, 0, 0);
    assert_non_null(strstr(err, "runs past the end of the file"));
    mk(); img[0] = 'X';
    assert_false(pvh_probe(img, sizeof(img)));
    mk(); w64(img + 64 + 56 + 32, 0x5000);               /* note size past the file: no note */
    assert_false(pvh_probe(img, sizeof(img)));
    for (size_t n = 0; n < 0x2000 + 24; n += 97) {      /* truncations never read past */
        mk();
        uint8_t *c = malloc(n + 1);
        memcpy(c, img, n);
        assert_int_equal(pvh_load(c, n, &gm, "x", NULL, 0, 0, &r, err, sizeof(err)), -1);
        free(c);
    }
}

int main(void)
{
    const struct CMUnitTest t[] = { cmocka_unit_test(loads), cmocka_unit_test(bad) };
    return cmocka_run_group_tests_name("pvhload", t, setup, teardown);
}
