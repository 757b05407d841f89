// uses: hv/vm/bzload.c hv/vm/elfload.c hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>
#include "bzload.h"

#define MEM (64u << 20)
static uint8_t *ram;
static struct guest_mem gm;
static uint8_t img[0x3000];
static struct bz_result r;
static char err[200];

static void w16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* A bzImage with 4 setup sectors (+ boot sector) and 0x800 bytes of kernel. */
static void mk(void)
{
    memset(img, 0, sizeof(img));
    img[0x1f1] = 4;
    w32(img + 0x1f4, 0x800 / 16);
    w16(img + 0x1fe, 0xaa55);
    img[0x201] = 0x62;                          /* header length from 0x202 */
    memcpy(img + 0x202, "HdrS", 4);
    w16(img + 0x206, 0x20f);
    img[0x211] = 1;                             /* LOADED_HIGH */
    w32(img + 0x22c, 0x7fffffff);
    w32(img + 0x230, 0x200000);
    img[0x234] = 1;
    w32(img + 0x238, 2047);
    w64(img + 0x258, 0x1000000);
    w32(img + 0x260, 0x100000);
    memset(img + 0xa00, 0xe9, 0x800);
}

static int setup(void **s) { (void)s; ram = calloc(1, MEM); gm.hva = ram; gm.size = MEM; return 0; }
static int teardown(void **s) { (void)s; free(ram); return 0; }
static int load(const uint8_t *rd, size_t n)
{
    return bz_load(img, 0xa00 + 0x800, &gm, "console=ttyS0", rd, n, 0xe0000, &r, err, sizeof(err));
}

static void loads(void **s)
{
    (void)s;
    mk();
    assert_true(bz_probe(img, sizeof(img)));
    static const uint8_t rd[] = "initrd";
    assert_int_equal(load(rd, sizeof(rd)), 0);
    assert_int_equal(r.entry, 0x1000000);
    assert_int_equal(r.version, 0x20f);
    assert_int_equal(ram[0x1000000], 0xe9);
    const uint8_t *bp = ram + r.zero_page;
    assert_memory_equal(bp + 0x202, "HdrS", 4);
    assert_int_equal(bp[0x210], 0xff);
    assert_string_equal((char *)ram + r32(bp + 0x228), "console=ttyS0");
    assert_int_equal(r32(bp + 0x21c), sizeof(rd));
    assert_memory_equal(ram + r32(bp + 0x218), rd, sizeof(rd));
    assert_int_equal(bp[0x1e8], 3);
    assert_int_equal(r32(bp + 0x070), 0xe0000);
    assert_int_equal(r32(ram + BZ_GDT + 0x14), 0x00cf9a00);
}

#define BAD(msg) do { assert_int_equal(load(NULL, 0), -1); \
    if (!strstr(err, msg)) fail_msg("error '%s' lacks '%s'", err, msg); } while (0)

static void bad(void **s)
{
    (void)s;
    mk(); memcpy(img + 0x202, "HdrX", 4); BAD("no \"HdrS\" magic");
    mk(); w16(img + 0x1fe, 0); BAD("0xaa55");
    mk(); w16(img + 0x206, 0x20a); BAD("2.10 is too old");
    mk(); img[0x211] = 0; BAD("zImage");
    mk(); img[0x234] = 0; BAD("not relocatable");
    mk(); w32(img + 0x1f4, 0x10000); BAD("truncated");
    mk(); w64(img + 0x258, 0x3f00000); BAD("outside the VM's memory");
    mk();
    assert_int_equal(bz_load(img, 0x200, &gm, "x", NULL, 0, 0, &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "truncated"));
    mk();
    static uint8_t big[MEM - (16u << 20)];
    assert_int_equal(load(big, sizeof(big)), -1);
    assert_non_null(strstr(err, "initrd"));
}

int main(void)
{
    const struct CMUnitTest t[] = { cmocka_unit_test(loads), cmocka_unit_test(bad) };
    return cmocka_run_group_tests_name("bzload", t, setup, teardown);
}
