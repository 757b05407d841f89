// uses: hv/vcpu/hcpolicy.c
/* The hypercall privilege table: user space gets only the user-safe calls,
 * HC_ASI_SET needs the config key, the probe exists only in its test mode. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "hcpolicy.h"
#include "hypercall.h"

static void user_space(void **s)
{
    (void)s;
    struct hc_caller u = { .cpl = 3, .asi_guest_control = true, .test_probe = true };
    assert_int_equal(hc_check(HC_NOP, &u), 0);
    assert_int_equal(hc_check(HC_STATS, &u), 0);
    assert_int_equal(hc_check(HC_CONSOLE_WRITE, &u), HC_EPERM);
    assert_int_equal(hc_check(HC_SHUTDOWN, &u), HC_EPERM);
    assert_int_equal(hc_check(HC_YIELD, &u), HC_EPERM);
    assert_int_equal(hc_check(HC_ASI_SET, &u), HC_EPERM);      /* even with the key: kernel only */
    assert_int_equal(hc_check(HC_TEST_PROBE, &u), HC_EPERM);
    u.cpl = 1;                                                  /* rings 1 and 2 are not the kernel */
    assert_int_equal(hc_check(HC_ASI_SET, &u), HC_EPERM);
    assert_int_equal(hc_check(HC_CONSOLE_WRITE, &u), HC_EPERM);
}

static void kernel(void **s)
{
    (void)s;
    struct hc_caller k = { .cpl = 0 };
    assert_int_equal(hc_check(HC_CONSOLE_WRITE, &k), 0);
    assert_int_equal(hc_check(HC_SHUTDOWN, &k), 0);
    assert_int_equal(hc_check(HC_YIELD, &k), 0);
    assert_int_equal(hc_check(HC_ASI_SET, &k), HC_EPERM);      /* no asi_guest_control */
    assert_int_equal(hc_check(HC_TEST_PROBE, &k), HC_ENOSYS);  /* not in test mode */
    k.asi_guest_control = true;
    k.test_probe = true;
    assert_int_equal(hc_check(HC_ASI_SET, &k), 0);
    assert_int_equal(hc_check(HC_TEST_PROBE, &k), 0);
}

/* Only the control VM may act on other VMs: its kernel, or its user space
 * holding the token; every other VM gets EACCES at any CPL, token or not. */
static void control_calls(void **s)
{
    (void)s;
    for (uint64_t nr = HC_CONTROL_FIRST; nr <= HC_CONTROL_LAST; nr++) {
        assert_int_equal(hc_rule_of(nr), HC_RULE_CONTROL);
        struct hc_caller other = { .cpl = 0, .asi_guest_control = true, .test_probe = true, .token_ok = true };
        assert_int_equal(hc_check(nr, &other), HC_EACCES);
        other.cpl = 3;
        assert_int_equal(hc_check(nr, &other), HC_EACCES);
        struct hc_caller ctl = { .cpl = 0, .control = true };
        assert_int_equal(hc_check(nr, &ctl), 0);
        ctl.cpl = 3;
        assert_int_equal(hc_check(nr, &ctl), HC_EPERM);         /* user space without the token */
        ctl.cpl = 1;
        assert_int_equal(hc_check(nr, &ctl), HC_EPERM);
        ctl.cpl = 3, ctl.token_ok = true;
        assert_int_equal(hc_check(nr, &ctl), 0);                /* root read the token: hvctl */
    }
    /* the control VM gains nothing else: its user space still gets only the user-safe calls */
    struct hc_caller u = { .cpl = 3, .control = true, .token_ok = true };
    assert_int_equal(hc_check(HC_SHUTDOWN, &u), HC_EPERM);
    assert_int_equal(hc_check(HC_CONSOLE_WRITE, &u), HC_EPERM);
    assert_int_equal(hc_check(HC_ASI_SET, &u), HC_EPERM);
    assert_int_equal(hc_check(HC_CONTROL_LAST + 1, &u), HC_ENOSYS);
    assert_int_equal(hc_check(HC_CONTROL_FIRST - 1, &u), HC_ENOSYS);
}

static void unknown_numbers(void **s)
{
    (void)s;
    struct hc_caller k = { .cpl = 0 }, u = { .cpl = 3 };
    const uint64_t nrs[] = { 6, 77, 0x7eff, 0x7f01, 1ull << 32 | 1, ~0ull };
    for (unsigned i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
        assert_int_equal(hc_check(nrs[i], &k), HC_ENOSYS);
        assert_int_equal(hc_check(nrs[i], &u), HC_ENOSYS);
        assert_int_equal(hc_rule_of(nrs[i]), HC_RULE_NONE);
    }
    /* every known call has a rule */
    for (uint64_t n = 0; n <= 5; n++)
        assert_int_not_equal(hc_rule_of(n), HC_RULE_NONE);
    assert_int_equal(hc_rule_of(HC_TEST_PROBE), HC_RULE_TEST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(user_space), cmocka_unit_test(kernel), cmocka_unit_test(unknown_numbers),
        cmocka_unit_test(control_calls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
