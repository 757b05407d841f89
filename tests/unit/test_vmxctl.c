// uses: hv/vmx/controls.c hv/vmx/caps.c hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "vmxctl.h"

static struct vmx_caps caps(void)
{
    struct vmx_caps c = { 0 };
    c.must1[W_PIN] = 0x16;       c.may1[W_PIN] = 0x7f;
    c.must1[W_PROC] = 0x04006172; c.may1[W_PROC] = 0xfff9fffe;
    c.must1[W_PROC2] = 0;        c.may1[W_PROC2] = 0x0013ffff;
    c.must1[W_EXIT] = 0x36dfb;   c.may1[W_EXIT] = 0x007fffff;
    c.must1[W_ENTRY] = 0x11fb;   c.may1[W_ENTRY] = 0xffff;
    return c;
}

static void all_present(void **s)
{
    (void)s;
    struct vmx_caps c = caps();
    struct vmx_ctls o;
    char miss[64];
    assert_int_equal(vmx_compute_ctls(&c, &vmx_default_req, &o, miss, sizeof(miss)), 0);
    /* must-be-one bits always set */
    assert_int_equal(o.word[W_PROC] & 0x04006172, 0x04006172);
    assert_true(o.word[W_PROC] & PROC_HLT);
    assert_true(o.word[W_PROC] & PROC_SECONDARY);
    assert_true(o.word[W_PROC2] & PROC2_EPT);
    assert_true(o.word[W_PROC2] & PROC2_UNRESTRICTED);
    assert_true(o.word[W_PIN] & PIN_PREEMPT);
    assert_true(o.word[W_ENTRY] & ENTRY_LOAD_EFER);
    assert_false(o.word[W_ENTRY] & ENTRY_IA32E);       /* not asked for */
    assert_false(o.word[W_PROC] & PROC_CR3_LOAD);      /* true controls let it go */
    assert_true(o.word[W_PROC2] & PROC2_RDTSCP);       /* optional, present */
}

static void optional_absent_is_fine(void **s)
{
    (void)s;
    struct vmx_caps c = caps();
    c.may1[W_PROC2] &= ~(PROC2_RDTSCP | PROC2_INVPCID);
    c.may1[W_PIN] &= ~PIN_VIRT_NMI;
    struct vmx_ctls o;
    char miss[64];
    assert_int_equal(vmx_compute_ctls(&c, &vmx_default_req, &o, miss, sizeof(miss)), 0);
    assert_false(o.word[W_PROC2] & PROC2_RDTSCP);
    assert_false(o.word[W_PIN] & PIN_VIRT_NMI);
}

static void wanted_absent_is_reported(void **s)
{
    (void)s;
    struct vmx_caps c = caps();
    c.may1[W_PROC2] &= ~(PROC2_EPT | PROC2_UNRESTRICTED);
    c.may1[W_PIN] &= ~(PIN_PREEMPT | PIN_NMI);
    struct vmx_ctls o;
    char miss[128];
    assert_int_equal(vmx_compute_ctls(&c, &vmx_default_req, &o, miss, sizeof(miss)), 3);
    assert_string_equal(miss, "nmi-exiting ept unrestricted-guest");   /* no preemption timer: not missing */
    assert_false(o.word[W_PROC2] & PROC2_EPT);     /* not silently set either */
    assert_false(o.word[W_PIN] & PIN_PREEMPT);     /* the LAPIC timer slices instead */
}

static void unnamed_bit(void **s)
{
    (void)s;
    struct vmx_caps c = caps();
    struct vmx_ctl_req r = { 0 };
    r.want[W_PROC] = 1u << 30;       /* pause exiting: not in the feature table */
    c.may1[W_PROC] &= ~(1u << 30);
    struct vmx_ctls o;
    char miss[64];
    assert_int_equal(vmx_compute_ctls(&c, &r, &o, miss, sizeof(miss)), 1);
    assert_string_equal(miss, "proc-bit30");
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(all_present), cmocka_unit_test(optional_absent_is_fine),
        cmocka_unit_test(wanted_absent_is_reported), cmocka_unit_test(unnamed_bit),
    };
    return cmocka_run_group_tests_name("vmxctl", t, NULL, NULL);
}
