// uses: hv/x86/apicdest.c
/* Local APIC destinations: shorthands, physical, logical flat and cluster, x2APIC. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "apicdest.h"

static void shorthands(void **s)
{
    (void)s;
    struct apic_target t0 = { .id = 0 }, t1 = { .id = 1 };
    assert_true(apic_dest_match(SH_SELF, false, 7, 0, &t0));
    assert_false(apic_dest_match(SH_SELF, false, 0, 0, &t1));
    assert_true(apic_dest_match(SH_ALL, false, 0, 0, &t1));
    assert_true(apic_dest_match(SH_ALL_BUT_SELF, false, 0, 0, &t1));
    assert_false(apic_dest_match(SH_ALL_BUT_SELF, false, 0, 0, &t0));
}

static void physical(void **s)
{
    (void)s;
    struct apic_target t = { .id = 2 }, x = { .id = 300, .x2apic = true };
    assert_true(apic_dest_match(SH_NONE, false, 2, 0, &t));
    assert_false(apic_dest_match(SH_NONE, false, 3, 0, &t));
    assert_true(apic_dest_match(SH_NONE, false, 0xff, 0, &t));     /* broadcast */
    assert_true(apic_dest_match(SH_NONE, false, 0x102, 0, &t));    /* xAPIC: 8 bits only */
    assert_true(apic_dest_match(SH_NONE, false, 300, 0, &x));
    assert_false(apic_dest_match(SH_NONE, false, 300 & 0xff, 0, &x));
    assert_true(apic_dest_match(SH_NONE, false, 0xffffffff, 0, &x));
}

static void logical(void **s)
{
    (void)s;
    /* flat: Linux gives CPU n bit n */
    struct apic_target f1 = { .id = 1, .ldr = 0x02000000, .dfr = 0xffffffff };
    assert_true(apic_dest_match(SH_NONE, true, 0x03, 0, &f1));
    assert_false(apic_dest_match(SH_NONE, true, 0x01, 0, &f1));
    /* cluster: cluster 1, member bit 2 */
    struct apic_target c = { .id = 5, .ldr = 0x14000000, .dfr = 0x0fffffff };
    assert_true(apic_dest_match(SH_NONE, true, 0x16, 0, &c));
    assert_false(apic_dest_match(SH_NONE, true, 0x24, 0, &c));     /* other cluster */
    assert_false(apic_dest_match(SH_NONE, true, 0x11, 0, &c));
    /* x2APIC: ID 17 is cluster 1, bit 1 */
    struct apic_target x = { .id = 17, .x2apic = true };
    assert_true(apic_dest_match(SH_NONE, true, 0x00010002, 0, &x));
    assert_false(apic_dest_match(SH_NONE, true, 0x00000002, 0, &x));
    assert_false(apic_dest_match(SH_NONE, true, 0x00010001, 0, &x));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shorthands), cmocka_unit_test(physical), cmocka_unit_test(logical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
