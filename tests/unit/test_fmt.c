// uses: hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <stdlib.h>
#include "fmt.h"

/* deliberate bad formats below test the formatter, not the compiler */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"

#define CHECK(expect, ...) do { char b[128]; int n = hv_snprintf(b, sizeof(b), __VA_ARGS__); \
    assert_string_equal(b, expect); assert_int_equal(n, (int)strlen(expect)); } while (0)

static void integers(void **s)
{
    (void)s;
    CHECK("0", "%d", 0);
    CHECK("-42", "%d", -42);
    CHECK("4294967295", "%u", 4294967295u);
    CHECK("-9223372036854775808", "%lld", (long long)INT64_MIN);
    CHECK("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
    CHECK("ff FF", "%x %X", 255, 255);
    CHECK("ffffffff80200000", "%lx", 0xffffffff80200000ul);
    CHECK("12", "%zu", (size_t)12);
    CHECK("-1", "%hhd", 255);
    CHECK("65535", "%hu", 0xffffffffu);
}

static void widths(void **s)
{
    (void)s;
    CHECK("   42", "%5d", 42);
    CHECK("42   |", "%-5d|", 42);
    CHECK("00042", "%05d", 42);
    CHECK("-0042", "%05d", -42);
    CHECK("0000beef", "%08x", 0xbeef);
    CHECK("  007", "%5.3d", 7);
    CHECK("   ab", "%*s", 5, "ab");
    CHECK("ab   |", "%-*s|", 5, "ab");
    CHECK("abc", "%.3s", "abcdef");
    CHECK("ab", "%.*s", 2, "abcdef");
}

static void misc(void **s)
{
    (void)s;
    CHECK("x=%", "x=%%");
    CHECK("c=Z", "c=%c", 'Z');
    CHECK("(null)", "%s", (char *)NULL);
    CHECK("0x1000", "%p", (void *)0x1000);
    CHECK("%q", "%q");   /* unknown conversions stay visible */
    CHECK("end", "end%");
}

static void truncation(void **s)
{
    (void)s;
    char b[8];
    memset(b, 'X', sizeof(b));
    int n = hv_snprintf(b, sizeof(b), "hello world %d", 12345);
    assert_int_equal(n, 17);
    assert_string_equal(b, "hello w");
    n = hv_snprintf(b, 1, "abc");
    assert_int_equal(n, 3);
    assert_int_equal(b[0], 0);
    n = hv_snprintf(NULL, 0, "abc%d", 1);   /* size 0: nothing written */
    assert_int_equal(n, 4);
}

/* Found by tests/fuzz/fuzz_vmconfig: "%.*s" over a buffer with no NUL read
 * one byte past the precision (the config parser quotes the end of a line). */
static void precision_never_overreads(void **s)
{
    (void)s;
    char *exact = malloc(3);            /* ASan: the byte after it is poison */
    memcpy(exact, "abc", 3);
    char out[16];
    assert_int_equal(hv_snprintf(out, sizeof(out), "'%.*s'", 3, exact), 5);
    assert_string_equal(out, "'abc'");
    assert_int_equal(hv_snprintf(out, sizeof(out), "%.*s", 0, exact + 3), 0);
    free(exact);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(integers), cmocka_unit_test(widths),
        cmocka_unit_test(misc), cmocka_unit_test(truncation), cmocka_unit_test(precision_never_overreads),
    };
    return cmocka_run_group_tests_name("fmt", t, NULL, NULL);
}
