// uses: hv/io/iorange.c hv/x86/rsbfill.c
/* Device ranges: overlaps, a full table and empty ranges are refused (they
 * were dropped silently, and lookups took the first or the last match).
 * And the RSB-refill decision from IA32_ARCH_CAPABILITIES. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "iorange.h"
#include "rsbfill.h"

static void ranges(void **s)
{
    (void)s;
    struct io_range r[3] = { { 0x3f8, 8 }, { 0x70, 2 } };
    unsigned w = 99;
    assert_int_equal(iorange_fit(r, 2, 3, 0x40, 4, &w), IORANGE_OK);
    assert_int_equal(iorange_fit(r, 2, 3, 0x3f0, 8, &w), IORANGE_OK);      /* adjacent below */
    assert_int_equal(iorange_fit(r, 2, 3, 0x400, 1, &w), IORANGE_OK);      /* adjacent above */
    assert_int_equal(iorange_fit(r, 2, 3, 0x3ff, 2, &w), IORANGE_OVERLAP);
    assert_int_equal(w, 0);
    assert_int_equal(iorange_fit(r, 2, 3, 0x60, 0x20, &w), IORANGE_OVERLAP); /* covers 0x70 */
    assert_int_equal(w, 1);
    assert_int_equal(iorange_fit(r, 2, 3, 0x71, 1, &w), IORANGE_OVERLAP);
    assert_int_equal(iorange_fit(r, 2, 3, 0x80, 0, &w), IORANGE_EMPTY);
    assert_int_equal(iorange_fit(r, 2, 3, ~0ull - 1, 4, &w), IORANGE_EMPTY);  /* wraps */
    r[2] = (struct io_range){ 0x40, 4 };
    assert_int_equal(iorange_fit(r, 3, 3, 0x500, 1, &w), IORANGE_FULL);
    assert_int_equal(iorange_fit(r, 3, 3, 0x42, 1, &w), IORANGE_OVERLAP);   /* an overlap is named first */
}

static void rsb(void **s)
{
    (void)s;
    assert_int_equal(rsb_fill_mode(false, 0), RSB_FILL_FULL);
    assert_int_equal(rsb_fill_mode(true, 0), RSB_FILL_FULL);                 /* no eIBRS */
    assert_int_equal(rsb_fill_mode(true, ARCH_CAP_IBRS_ALL), RSB_FILL_LITE); /* eIBRS with PBRSB */
    assert_int_equal(rsb_fill_mode(true, ARCH_CAP_IBRS_ALL | ARCH_CAP_PBRSB_NO), RSB_FILL_NONE);
    assert_int_equal(rsb_fill_mode(true, ARCH_CAP_PBRSB_NO), RSB_FILL_FULL);
}

int main(void)
{
    const struct CMUnitTest t[] = { cmocka_unit_test(ranges), cmocka_unit_test(rsb) };
    return cmocka_run_group_tests(t, NULL, NULL);
}
