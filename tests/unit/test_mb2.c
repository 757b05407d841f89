// uses: hv/boot/mb2.c hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>
#include "bootinfo.h"

/* A builder for multiboot2 info blobs. */
static _Alignas(8) uint8_t buf[4096];
static size_t len;

static void begin(void) { memset(buf, 0, sizeof(buf)); len = 8; }
static uint8_t *tag(uint32_t type, uint32_t size)
{
    uint8_t *t = buf + len;
    memcpy(t, &type, 4);
    memcpy(t + 4, &size, 4);
    len += (size + 7) & ~7u;
    return t;
}
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static void finish(void) { tag(0, 8); put32(buf, (uint32_t)len); }
static void str_tag(uint32_t type, const char *s)
{
    uint8_t *t = tag(type, 8 + strlen(s) + 1);
    strcpy((char *)t + 8, s);
}
static void mmap_tag(int n, const uint64_t (*e)[3])
{
    uint8_t *t = tag(6, 16 + 24 * n);
    put32(t + 8, 24);
    for (int i = 0; i < n; i++) {
        put64(t + 16 + 24 * i, e[i][0]);
        put64(t + 24 + 24 * i, e[i][1]);
        put32(t + 32 + 24 * i, (uint32_t)e[i][2]);
    }
}

static struct boot_info bi;
static char err[160];

static void good_bios(void **s)
{
    (void)s;
    begin();
    str_tag(1, "asi=off verbose");
    str_tag(2, "GRUB 2.06");
    const uint64_t mm[][3] = { { 0x100000, 0xff00000, 1 }, { 0, 0x9f000, 1 }, { 0xfffc0000, 0x40000, 2 } };
    mmap_tag(3, mm);
    uint8_t *m = tag(3, 16 + 10);
    put32(m + 8, 0x400000);
    put32(m + 12, 0x401000);
    strcpy((char *)m + 16, "linux.cfg");
    uint8_t *a = tag(14, 8 + 20);
    memcpy(a + 8, "RSD PTR ", 8);
    finish();
    assert_int_equal(mb2_parse(buf, len, &bi, err, sizeof(err)), 0);
    assert_string_equal(bi.cmdline, "asi=off verbose");
    assert_string_equal(bi.loader, "GRUB 2.06");
    assert_int_equal(bi.nmmap, 3);
    assert_int_equal(bi.mmap[0].base, 0);            /* sorted */
    assert_int_equal(bi.mmap[1].base, 0x100000);
    assert_int_equal(bi.mmap[2].type, MEM_RESERVED);
    assert_string_equal(bi.mmap_source, "multiboot2 mmap");
    assert_int_equal(bi.nmods, 1);
    assert_string_equal(bi.mods[0].name, "linux.cfg");
    assert_int_equal(bi.mods[0].end - bi.mods[0].start, 0x1000);
    assert_int_equal(bi.rsdp_len, 20);
    assert_memory_equal(bi.rsdp, "RSD PTR ", 8);
    assert_int_equal(bi.efi_systab, 0);
}

static void good_efi(void **s)
{
    (void)s;
    begin();
    uint8_t *st = tag(12, 16);
    put64(st + 8, 0xdead000);
    uint8_t *t = tag(17, 16 + 3 * 48);
    put32(t + 8, 48);
    put32(t + 12, 1);
    uint32_t types[3] = { 7, 4, 9 };
    for (int i = 0; i < 3; i++) {
        uint8_t *d = t + 16 + 48 * i;
        put32(d, types[i]);
        put64(d + 8, 0x100000 + 0x100000 * (uint64_t)i);
        put64(d + 24, 0x100);   /* 1 MiB */
    }
    finish();
    assert_int_equal(mb2_parse(buf, len, &bi, err, sizeof(err)), 0);
    assert_string_equal(bi.mmap_source, "efi mmap");
    assert_int_equal(bi.efi_systab, 0xdead000);
    /* conventional + boot services data merge: both available after exit */
    assert_int_equal(bi.nmmap, 2);
    assert_int_equal(bi.mmap[0].len, 0x200000);
    assert_int_equal(bi.mmap[1].type, MEM_ACPI_RECLAIM);
}

static void basic_meminfo_only(void **s)
{
    (void)s;
    begin();
    uint8_t *t = tag(4, 16);
    put32(t + 8, 639);
    put32(t + 12, 64 * 1024);
    finish();
    assert_int_equal(mb2_parse(buf, len, &bi, err, sizeof(err)), 0);
    assert_string_equal(bi.mmap_source, "basic meminfo");
    assert_int_equal(bi.nmmap, 2);
    assert_int_equal(bi.mmap[1].len, 64ull << 20);
}

#define EXPECT_FAIL(substr) do { \
    assert_int_equal(mb2_parse(buf, len, &bi, err, sizeof(err)), -1); \
    assert_non_null(strstr(err, substr)); } while (0)

/* A descriptor size near 4 GiB made "offset + size" wrap and the loop read
 * past the tag (found by the mb2 fuzzer): it must end the walk instead. */
static void efi_descriptor_size_wraps(void **s)
{
    (void)s;
    begin();
    uint8_t *t = tag(17, 16);
    put32(t + 8, 0xfffffff8u);
    put32(t + 12, 1);
    finish();
    /* what follows the tag (the end tag, then stale bytes) must not be taken for descriptors */
    memset(buf + len, 0x5a, 64);
    assert_int_equal(mb2_parse(buf, len, &bi, err, sizeof(err)), 0);
    assert_int_equal(bi.nmmap, 0);
}

/* The same wrap in the multiboot2 memory map's entry_size (the fuzzer's next find). */
static void mmap_entry_size_wraps(void **s)
{
    (void)s;
    begin();
    uint8_t *t = tag(6, 16);
    put32(t + 8, 0xfffffff8u);
    finish();
    memset(buf + len, 0x5a, 64);
    assert_int_equal(mb2_parse(buf, len, &bi, err, sizeof(err)), 0);
    assert_int_equal(bi.nmmap, 0);
}

static void malformed(void **s)
{
    (void)s;
    const uint64_t mm[][3] = { { 0, 0x9f000, 1 } };

    assert_int_equal(mb2_parse(NULL, 100, &bi, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "NULL"));
    assert_int_equal(mb2_parse(buf + 4, 100, &bi, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "aligned"));

    begin(); mmap_tag(1, mm); finish();
    assert_int_equal(mb2_parse(buf, 4, &bi, err, sizeof(err)), -1);   /* header cut */
    assert_non_null(strstr(err, "truncated"));
    assert_int_equal(mb2_parse(buf, len - 8, &bi, err, sizeof(err)), -1); /* end tag cut */
    assert_non_null(strstr(err, "truncated"));

    begin(); mmap_tag(1, mm); finish(); put32(buf, 12);
    EXPECT_FAIL("smaller than header");
    begin(); mmap_tag(1, mm); finish(); put32(buf, 64u << 20);
    assert_int_equal(mb2_parse(buf, sizeof(buf), &bi, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "limit"));

    begin(); mmap_tag(1, mm); put32(buf, (uint32_t)len + 8); len += 8; /* no end tag, zero tag = "end" of size 0 */
    EXPECT_FAIL("size 0");

    begin(); mmap_tag(1, mm); uint8_t *t = tag(1, 8 + 4); memcpy(t + 8, "abcd", 4); finish();
    EXPECT_FAIL("not NUL-terminated");

    begin(); t = tag(3, 16 + 2); put32(t + 8, 0x5000); put32(t + 12, 0x4000); finish();
    EXPECT_FAIL("ends");

    begin(); t = tag(6, 16 + 24); put32(t + 8, 20); finish();
    EXPECT_FAIL("entry_size 20");

    begin(); mmap_tag(1, mm); t = tag(7, 16); put32(t + 4, 4096); len = 8 + 24 + 16 + 16; put32(buf, (uint32_t)len);
    EXPECT_FAIL("runs past");

    begin(); mmap_tag(1, mm); t = tag(0, 16); put32(buf, (uint32_t)len);
    EXPECT_FAIL("end tag");

    begin(); str_tag(1, "x"); finish();
    EXPECT_FAIL("no memory map");

    begin(); const uint64_t wrap[][3] = { { ~0ull - 10, 100, 1 } }; mmap_tag(1, wrap); finish();
    EXPECT_FAIL("wraps");

    begin(); tag(14, 8 + 8); finish();
    EXPECT_FAIL("RSDP");

    begin(); mmap_tag(1, mm); put32(buf, (uint32_t)len + 8); len += 8; memset(buf + len - 8, 0xff, 8);
    EXPECT_FAIL("runs past");
}

static void fuzz_truncations(void **s)
{
    /* every prefix of a good blob is rejected cleanly, never read past */
    (void)s;
    begin();
    str_tag(1, "asi=on");
    const uint64_t mm[][3] = { { 0, 0x9f000, 1 }, { 0x100000, 0x1000000, 1 } };
    mmap_tag(2, mm);
    finish();
    size_t full = len;
    for (size_t n = 0; n < full; n++) {
        uint8_t *copy = malloc(n ? n : 1);
        memcpy(copy, buf, n);
        /* malloc is 16-aligned; ASan catches any read past n */
        assert_int_equal(mb2_parse(copy, n, &bi, err, sizeof(err)), -1);
        free(copy);
    }
    assert_int_equal(mb2_parse(buf, full, &bi, err, sizeof(err)), 0);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(good_bios), cmocka_unit_test(good_efi),
        cmocka_unit_test(basic_meminfo_only), cmocka_unit_test(malformed),
        cmocka_unit_test(fuzz_truncations), cmocka_unit_test(efi_descriptor_size_wraps),
        cmocka_unit_test(mmap_entry_size_wraps),
    };
    return cmocka_run_group_tests_name("multiboot2", t, NULL, NULL);
}
