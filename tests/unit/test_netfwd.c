// uses: hv/dev/netfwd.c
/* The switch's forwarding: flooding, learning, moves, the sender's own
 * port, bogus sources, a full table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "netfwd.h"

static const uint8_t BC[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t A[6] = { 0, 0x16, 0x3e, 0, 0, 1 }, B[6] = { 0, 0x16, 0x3e, 0, 0, 2 }, C[6] = { 0, 0x16, 0x3e, 0, 0, 3 };

static void floods_then_learns(void **s)
{
    (void)s;
    struct netfwd t = { .nports = 3 };
    assert_int_equal(netfwd_route(&t, 0, BC, A), 0x6);          /* broadcast: all but the sender */
    assert_int_equal(netfwd_route(&t, 1, A, B), 0x1);           /* A was learned on port 0 */
    assert_int_equal(netfwd_route(&t, 0, B, A), 0x2);
    assert_int_equal(netfwd_route(&t, 0, C, A), 0x6);           /* unknown: flooded */
    assert_int_equal(netfwd_route(&t, 2, A, A), 0);             /* a forged source moves A to port 2 (and to itself: dropped)... */
    assert_int_equal(netfwd_route(&t, 1, A, B), 0x4);           /* ...and frames for A follow it */
    assert_int_equal(netfwd_route(&t, 1, B, B), 0);             /* for the sender's own port: dropped */
    static const uint8_t MC[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
    assert_int_equal(netfwd_route(&t, 0, MC, C), 0x6);          /* multicast */
    assert_int_equal(netfwd_route(&t, 0, A, MC), 0x4);          /* a multicast source is not learned */
    assert_int_equal(netfwd_route(&t, 2, MC, MC), 0x3);
    assert_int_equal(netfwd_route(&t, 3, BC, A), 0);            /* no such port */
}

static void a_full_table_forgets_the_oldest(void **s)
{
    (void)s;
    struct netfwd t = { .nports = 2 };
    uint8_t m[6] = { 0, 0x16, 0x3e, 9, 0, 0 };
    for (unsigned i = 0; i < NETFWD_MACS + 1; i++) {
        m[5] = (uint8_t)i;
        netfwd_route(&t, 1, BC, m);
    }
    m[5] = 0;                                                   /* the first one was forgotten */
    assert_int_equal(netfwd_route(&t, 0, m, A), 0x2);
    m[5] = NETFWD_MACS;
    assert_int_equal(netfwd_route(&t, 0, m, A), 0x2);
    struct netfwd one = { .nports = 1 };
    assert_int_equal(netfwd_route(&one, 0, BC, A), 0);          /* alone on the bridge */
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(floods_then_learns), cmocka_unit_test(a_full_table_forgets_the_oldest),
    };
    return cmocka_run_group_tests_name("netfwd", t, NULL, NULL);
}
