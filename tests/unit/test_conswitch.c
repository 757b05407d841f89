// uses: hv/core/conswitch.c
/* Ctrl-A x3 console switching: hypervisor -> each VM -> hypervisor. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "conswitch.h"

static void cycle(void **st)
{
    (void)st;
    struct conswitch s = { .target = -1 };
    assert_int_equal(conswitch_feed(&s, 'x'), CS_DELIVER);         /* no VM: the hypervisor's */
    conswitch_add(&s, 3, "linux");
    conswitch_add(&s, 5, "small");
    assert_true(conswitch_owns(&s, 3));                             /* the first VM types first */
    assert_false(conswitch_owns(&s, 5));
    assert_int_equal(conswitch_feed(&s, 1), CS_DELIVER);
    assert_int_equal(conswitch_feed(&s, 1), CS_DELIVER);
    assert_int_equal(conswitch_feed(&s, 1), CS_SWITCHED);
    assert_true(conswitch_owns(&s, 5));
    assert_string_equal(s.names[s.target], "small");
    for (int i = 0; i < 2; i++)
        conswitch_feed(&s, 1);
    assert_int_equal(conswitch_feed(&s, 1), CS_SWITCHED);
    assert_int_equal(s.target, -1);                                 /* the hypervisor */
    assert_false(conswitch_owns(&s, 3) || conswitch_owns(&s, 5));
    for (int i = 0; i < 3; i++)
        conswitch_feed(&s, 1);
    assert_true(conswitch_owns(&s, 3));                             /* and round again */
}

static void only_three_in_a_row(void **st)
{
    (void)st;
    struct conswitch s = { .target = -1 };
    conswitch_add(&s, 0, "a");
    conswitch_feed(&s, 1);
    conswitch_feed(&s, 1);
    assert_int_equal(conswitch_feed(&s, 'q'), CS_DELIVER);          /* the run is broken */
    assert_int_equal(conswitch_feed(&s, 1), CS_DELIVER);
    assert_int_equal(conswitch_feed(&s, 1), CS_DELIVER);
    assert_true(conswitch_owns(&s, 0));
    assert_int_equal(conswitch_feed(&s, 1), CS_SWITCHED);
}

static void full_and_long_names(void **st)
{
    (void)st;
    struct conswitch s = { .target = -1 };
    for (unsigned i = 0; i < CONSWITCH_MAX + 2; i++)
        conswitch_add(&s, i, "a-name-much-longer-than-thirty-one-characters");
    assert_int_equal(s.n, CONSWITCH_MAX);
    assert_int_equal(strlen(s.names[0]), 31);
}

/* A destroyed VM built again gets a new id: it keeps its place and, if it
 * had it, the input. */
static void rebuilt_vm_keeps_its_place(void **st)
{
    (void)st;
    struct conswitch s = { .target = -1 };
    conswitch_add(&s, 4, "a");
    conswitch_add(&s, 7, "b");
    conswitch_feed(&s, CONSWITCH_KEY), conswitch_feed(&s, CONSWITCH_KEY), conswitch_feed(&s, CONSWITCH_KEY);
    assert_true(conswitch_owns(&s, 7));
    conswitch_replace(&s, 7, 9);
    assert_false(conswitch_owns(&s, 7));
    assert_true(conswitch_owns(&s, 9));
    assert_int_equal(s.n, 2);
    assert_string_equal(s.names[1], "b");
    conswitch_replace(&s, 5, 6);                /* no such VM: nothing changes */
    assert_int_equal(s.ids[0], 4);
    assert_int_equal(s.ids[1], 9);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(cycle), cmocka_unit_test(only_three_in_a_row), cmocka_unit_test(full_and_long_names),
        cmocka_unit_test(rebuilt_vm_keeps_its_place),
    };
    return cmocka_run_group_tests(t, NULL, NULL);
}
