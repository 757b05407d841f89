// uses: hv/arch/rtc_calc.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "rtc.h"

static void known_dates(void **s)
{
    (void)s;
    struct rtc_time t = { 1970, 1, 1, 0, 0, 0, 0 };
    assert_int_equal(rtc_to_unix(&t), 0);
    t = (struct rtc_time){ 2000, 2, 29, 12, 34, 56, 0 };
    assert_int_equal(rtc_to_unix(&t), 951827696);
    t = (struct rtc_time){ 2026, 11, 26, 23, 59, 59, 0 };
    uint64_t u = rtc_to_unix(&t);
    assert_int_equal(u, 1795737599);
    struct rtc_time b;
    rtc_from_unix(u, &b);
    assert_int_equal(b.year, 2026);
    assert_int_equal(b.mon, 11);
    assert_int_equal(b.day, 26);
    assert_int_equal(b.hour, 23);
    assert_int_equal(b.min, 59);
    assert_int_equal(b.sec, 59);
    assert_int_equal(b.wday, 4);            /* a Thursday */
    rtc_from_unix(u + 1, &b);               /* rolls over to the 27th */
    assert_int_equal(b.day, 27);
    assert_int_equal(b.hour, 0);
    for (uint64_t x = 0; x < 4102444800ull; x += 86400ull * 37 + 3601) {   /* round trips to 2100 */
        rtc_from_unix(x, &b);
        assert_int_equal(rtc_to_unix(&b), x);
    }
}

static void bcd(void **s)
{
    (void)s;
    assert_int_equal(rtc_bcd(59), 0x59);
    assert_int_equal(rtc_bcd(7), 0x07);
    assert_int_equal(rtc_from_bcd(0x26), 26);
}

int main(void)
{
    const struct CMUnitTest t[] = { cmocka_unit_test(known_dates), cmocka_unit_test(bcd) };
    return cmocka_run_group_tests_name("rtc", t, NULL, NULL);
}
