// uses: hv/x86/madt.c hv/lib/fmt.c
/* MADT parsing: CPUs from xAPIC and x2APIC entries, disabled and duplicate
 * entries, the address override, and malformed tables named by entry. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "madt.h"

struct tbl {
    uint8_t b[2048];
    size_t len;
};

static void begin(struct tbl *t)
{
    memset(t, 0, sizeof(*t));
    memcpy(t->b, "APIC", 4);
    uint32_t a = 0xfee00000;
    memcpy(t->b + 36, &a, 4);
    t->len = 44;
}

static void put(struct tbl *t, const uint8_t *e, size_t n)
{
    memcpy(t->b + t->len, e, n);
    t->len += n;
}

static void lapic(struct tbl *t, uint8_t id, uint32_t flags)
{
    uint8_t e[8] = { 0, 8, id, id };
    memcpy(e + 4, &flags, 4);
    put(t, e, 8);
}

static void x2apic(struct tbl *t, uint32_t id, uint32_t flags)
{
    uint8_t e[16] = { 9, 16 };
    memcpy(e + 4, &id, 4);
    memcpy(e + 8, &flags, 4);
    put(t, e, 16);
}

static void finish(struct tbl *t)
{
    uint32_t l = (uint32_t)t->len;
    memcpy(t->b + 4, &l, 4);
}

static void cpus_in_order(void **s)
{
    (void)s;
    struct tbl t;
    begin(&t);
    lapic(&t, 0, 1);
    uint8_t ioapic[12] = { 1, 12, 0, 0 };
    put(&t, ioapic, 12);
    lapic(&t, 2, 1);
    lapic(&t, 1, 2);            /* online capable counts */
    x2apic(&t, 300, 1);
    finish(&t);
    struct madt_info m;
    char err[128];
    assert_int_equal(madt_parse(t.b, t.len, &m, err, sizeof(err)), 0);
    assert_int_equal(m.ncpus, 4);
    assert_int_equal(m.apic_id[0], 0);
    assert_int_equal(m.apic_id[1], 2);
    assert_int_equal(m.apic_id[2], 1);
    assert_int_equal(m.apic_id[3], 300);
    assert_int_equal(m.lapic_addr, 0xfee00000);
}

static void disabled_duplicate_override(void **s)
{
    (void)s;
    struct tbl t;
    begin(&t);
    lapic(&t, 0, 1);
    lapic(&t, 1, 0);            /* disabled */
    x2apic(&t, 0, 1);           /* the same CPU again */
    uint8_t ov[12] = { 5, 12 };
    uint64_t a = 0xfec10000;
    memcpy(ov + 4, &a, 8);
    put(&t, ov, 12);
    finish(&t);
    struct madt_info m;
    char err[128];
    assert_int_equal(madt_parse(t.b, t.len, &m, err, sizeof(err)), 0);
    assert_int_equal(m.ncpus, 1);
    assert_int_equal(m.disabled, 1);
    assert_int_equal(m.duplicates, 1);
    assert_int_equal(m.lapic_addr, 0xfec10000);
}

static void more_than_listed(void **s)
{
    (void)s;
    struct tbl t;
    begin(&t);
    for (unsigned i = 0; i < MADT_MAX_CPUS + 3; i++)
        x2apic(&t, i, 1);
    finish(&t);
    struct madt_info m;
    char err[128];
    assert_int_equal(madt_parse(t.b, t.len, &m, err, sizeof(err)), 0);
    assert_int_equal(m.ncpus, MADT_MAX_CPUS);
    assert_int_equal(m.over, 3);
}

static void malformed_named(void **s)
{
    (void)s;
    struct tbl t;
    struct madt_info m;
    char err[128];
    begin(&t);
    lapic(&t, 0, 1);
    uint8_t bad[2] = { 0, 6 };      /* a LAPIC entry of 6 bytes */
    put(&t, bad, 2);
    t.len += 4;
    finish(&t);
    assert_int_equal(madt_parse(t.b, t.len, &m, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "entry 1 at offset 52 (type 0): length 6, needs 8"));

    begin(&t);
    uint8_t zero[2] = { 7, 0 };     /* length 0 would loop forever */
    put(&t, zero, 2);
    finish(&t);
    assert_int_equal(madt_parse(t.b, t.len, &m, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "length 0 is below 2"));

    begin(&t);
    uint8_t past[4] = { 9, 16 };    /* 16 bytes claimed, 4 there */
    put(&t, past, 4);
    finish(&t);
    assert_int_equal(madt_parse(t.b, t.len, &m, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "runs past the table's end"));

    begin(&t);
    lapic(&t, 0, 1);
    finish(&t);
    assert_int_equal(madt_parse(t.b, t.len - 1, &m, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "length field 52 differs"));
    assert_int_equal(madt_parse(t.b, 20, &m, err, sizeof(err)), -1);
    memcpy(t.b, "FACP", 4);
    assert_int_equal(madt_parse(t.b, t.len, &m, err, sizeof(err)), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cpus_in_order),
        cmocka_unit_test(disabled_duplicate_override),
        cmocka_unit_test(more_than_listed),
        cmocka_unit_test(malformed_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
