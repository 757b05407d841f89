// uses: hv/vm/place.c hv/lib/fmt.c
/* CPU lists (xl.cfg's cpus) and where a VM is placed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "place.h"

static void lists(void **s)
{
    (void)s;
    uint64_t m;
    char err[96], txt[64];
    assert_int_equal(cpulist_parse("2", &m, err, sizeof(err)), 0);
    assert_int_equal(m, 4);
    assert_int_equal(cpulist_parse("0-3,5", &m, err, sizeof(err)), 0);
    assert_int_equal(m, 0x2f);
    cpulist_format(m, txt, sizeof(txt));
    assert_string_equal(txt, "0-3,5");
    assert_int_equal(cpulist_parse("all", &m, err, sizeof(err)), 0);
    assert_int_equal(m, ~0ull);
    assert_int_equal(cpulist_parse("63", &m, err, sizeof(err)), 0);
    cpulist_format(m, txt, sizeof(txt));
    assert_string_equal(txt, "63");
}

static void bad_lists(void **s)
{
    (void)s;
    uint64_t m;
    char err[96];
    assert_int_equal(cpulist_parse("", &m, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "expected a CPU number"));
    assert_int_equal(cpulist_parse("3-1", &m, err, sizeof(err)), -1);
    assert_string_equal(err, "range 3-1 is backwards");
    assert_int_equal(cpulist_parse("64", &m, err, sizeof(err)), -1);
    assert_string_equal(err, "CPU 64 is above 63");
    assert_int_equal(cpulist_parse("1;2", &m, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "unexpected ';'"));
    assert_int_equal(cpulist_parse("1,", &m, err, sizeof(err)), -1);
    assert_int_equal(cpulist_parse("1-", &m, err, sizeof(err)), -1);
    assert_int_equal(cpulist_parse("99999999999", &m, err, sizeof(err)), -1);
}

static void placement(void **s)
{
    (void)s;
    unsigned load[4] = { 0, 0, 0, 0 };
    /* unpinned VMs spread over the online CPUs in turn */
    for (unsigned i = 0; i < 4; i++) {
        int c = sched_place(0, 0x3, load, 4);
        assert_int_equal(c, (int)(i % 2));
        load[c]++;
    }
    /* pinning wins over load; offline CPUs are never chosen */
    assert_int_equal(sched_place(1ull << 1, 0x3, load, 4), 1);
    load[1] = 5;
    assert_int_equal(sched_place(0x6, 0x7, load, 4), 2);
    assert_int_equal(sched_place(1ull << 3, 0x7, load, 4), -1);
    assert_int_equal(sched_place(0, 0x1, load, 4), 0);
}

/* An idle CPU takes from the busiest candidate with a vCPU to spare: never
 * when it has work itself, never the last runnable vCPU of a CPU, never
 * from an offline CPU or one it may not take from; the lowest on a tie. */
static void stealing(void **s)
{
    (void)s;
    unsigned r[4] = { 3, 0, 2, 1 };
    assert_int_equal(sched_steal_from(1, ~0ull, 0xf, r, 4), 0);       /* the busiest */
    assert_int_equal(sched_steal_from(1, 0x4, 0xf, r, 4), 2);         /* only CPU 2's vCPUs may move here */
    assert_int_equal(sched_steal_from(1, 0x8, 0xf, r, 4), -1);        /* CPU 3's one keeps running there */
    assert_int_equal(sched_steal_from(3, ~0ull, 0xf, r, 4), -1);      /* CPU 3 has work itself */
    assert_int_equal(sched_steal_from(1, ~0ull, 0xe, r, 4), 2);       /* CPU 0 offline */
    unsigned tie[3] = { 2, 2, 0 };
    assert_int_equal(sched_steal_from(2, ~0ull, 0x7, tie, 3), 0);
    unsigned none[2] = { 1, 0 };
    assert_int_equal(sched_steal_from(1, ~0ull, 0x3, none, 2), -1);   /* one vCPU, one CPU busy: stays */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lists),
        cmocka_unit_test(bad_lists),
        cmocka_unit_test(placement),
        cmocka_unit_test(stealing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
