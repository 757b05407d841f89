// uses: guest-tools/benchstat.c hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "../../guest-tools/benchstat.h"

static void known_data(void **s)
{
    (void)s;
    uint32_t v[] = { 5, 1, 4, 2, 3 };
    struct bstat b;
    bstat_compute(v, 5, &b);
    assert_int_equal(b.samples, 5);
    assert_int_equal(b.mean, 3);
    assert_int_equal(b.min, 1);
    assert_int_equal(b.max, 5);
    assert_int_equal(b.median, 3);
    assert_int_equal(b.p99, 5);
    assert_int_equal(v[0], 1);               /* sorted in place */
    uint32_t e[] = { 10, 20, 30, 41 };
    bstat_compute(e, 4, &b);
    assert_int_equal(b.median, 25);
    assert_int_equal(b.mean, 25);            /* 101/4 = 25.25 */
    uint32_t h[200];
    for (int i = 0; i < 200; i++)
        h[i] = (uint32_t)(199 - i);          /* 0..199 reversed */
    bstat_compute(h, 200, &b);
    assert_int_equal(b.p99, 197);            /* nearest rank: the 198th of 0..199 */
    assert_int_equal(b.median, 100);         /* (99 + 100 + 1) / 2 */
    bstat_compute(h, 0, &b);
    assert_int_equal(b.samples, 0);
    assert_int_equal(b.mean, 0);
    uint32_t one[] = { 7 };
    bstat_compute(one, 1, &b);
    assert_int_equal(b.p99, 7);
    assert_int_equal(b.median, 7);
}

static void deltas(void **s)
{
    (void)s;
    char buf[16];
    assert_int_equal(bstat_delta_permille(200, 205), 25);
    assert_int_equal(bstat_delta_permille(200, 199), -5);
    assert_int_equal(bstat_delta_permille(3, 4), 333);
    assert_int_equal(bstat_delta_permille(0, 4), 0);
    assert_int_equal(bstat_delta_permille(1000, 1000), 0);
    bstat_format_delta(buf, sizeof(buf), 25);
    assert_string_equal(buf, "+2.5%");
    bstat_format_delta(buf, sizeof(buf), -5);
    assert_string_equal(buf, "-0.5%");
    bstat_format_delta(buf, sizeof(buf), 0);
    assert_string_equal(buf, "+0.0%");
}

static void table_row(void **s)
{
    (void)s;
    char buf[128];
    struct bstat b = { 400, 150, 140, 149, 160, 900 };
    bstat_row(buf, sizeof(buf), "asi-on", &b, "+1.2%");
    assert_string_equal(buf, "| asi-on | 400 | 150 | 140 | 900 | +1.2% |");
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(known_data), cmocka_unit_test(deltas), cmocka_unit_test(table_row),
    };
    return cmocka_run_group_tests_name("benchstat", t, NULL, NULL);
}
