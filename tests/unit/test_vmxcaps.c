// uses: hv/vmx/caps.c hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "vmxcaps.h"

/* MSR values read off Bochs' corei7_skylake_x model and shaped by hand. */
static struct vmx_msrs full(void)
{
    struct vmx_msrs m = { 0 };
    m.basic = 0x2bull | (4096ull << 32) | (6ull << 50) | (1ull << 55);
    m.pin = 0x0000007f00000016ull;
    m.true_pin = 0x0000007f00000016ull;
    m.proc = 0xfff9fffe0401e172ull;
    m.true_proc = 0xfff9fffe04006172ull;
    m.exit = 0x007fffff00036dffull;
    m.true_exit = 0x007fffff00036dfbull;
    m.entry = 0x0000ffff000011ffull;
    m.true_entry = 0x0000ffff000011fbull;
    m.misc = 0x40;                       /* activity HLT, timer rate 0 */
    m.proc2 = 0x0013ffff00000000ull;
    m.ept_vpid = 0x00000f0106734141ull | (1ull << 25) | (1ull << 26) | (1ull << 20) | (1ull << 14) | (1ull << 6);
    return m;
}

static const struct vmx_feature *feat(const char *name)
{
    for (unsigned i = 0; i < vmx_nfeatures; i++)
        if (!strcmp(vmx_features[i].name, name))
            return &vmx_features[i];
    fail_msg("no feature %s", name);
    return NULL;
}

static void decode_basic(void **s)
{
    (void)s;
    struct vmx_msrs m = full();
    struct vmx_caps c;
    vmx_decode_caps(&m, &c);
    assert_int_equal(c.revision, 0x2b);
    assert_int_equal(c.vmcs_size, 4096);
    assert_int_equal(c.vmcs_memtype, 6);
    assert_true(c.true_ctls);
    /* TRUE_ controls used: must1 of procbased drops CR3 load/store exiting (bits 15, 16) */
    assert_int_equal(c.must1[W_PROC], 0x04006172);
    assert_true(vmx_has(&c, feat("ept")));
    assert_true(vmx_has(&c, feat("vpid")));
    assert_true(vmx_has(&c, feat("unrestricted-guest")));
    assert_true(vmx_has(&c, feat("preemption-timer")));
    assert_false(vmx_has(&c, feat("posted-interrupts")));
    assert_true(vmx_has(&c, feat("activity-hlt")));
    assert_true(vmx_has(&c, feat("invvpid")));
    char miss[128];
    assert_int_equal(vmx_missing(&c, miss, sizeof(miss)), 0);
    assert_string_equal(miss, "");
}

static void no_true_controls(void **s)
{
    (void)s;
    struct vmx_msrs m = full();
    m.basic &= ~(1ull << 55);
    struct vmx_caps c;
    vmx_decode_caps(&m, &c);
    assert_false(c.true_ctls);
    assert_int_equal(c.must1[W_PROC], 0x0401e172);   /* the plain MSR */
}

static void missing_secondary(void **s)
{
    (void)s;
    struct vmx_msrs m = full();
    m.proc &= ~(1ull << 63);           /* no secondary controls: no EPT, no VPID */
    m.true_proc &= ~(1ull << 63);
    struct vmx_caps c;
    vmx_decode_caps(&m, &c);
    assert_false(vmx_has(&c, feat("ept")));
    assert_int_equal(c.ept_vpid, 0);   /* not read without secondary controls */
    char miss[256];
    int n = vmx_missing(&c, miss, sizeof(miss));
    assert_true(n >= 4);
    assert_non_null(strstr(miss, "secondary-controls"));
    assert_non_null(strstr(miss, "ept"));
    assert_non_null(strstr(miss, "vpid"));
    assert_non_null(strstr(miss, "unrestricted-guest"));
}

static void missing_one(void **s)
{
    (void)s;
    struct vmx_msrs m = full();
    m.true_pin &= ~(1ull << (32 + 6));  /* no preemption timer: optional (LAPIC-timer slices) */
    m.true_exit &= ~(1ull << (32 + 21));    /* no load-efer: required */
    struct vmx_caps c;
    vmx_decode_caps(&m, &c);
    char miss[6];                       /* short buffer: truncated, still counted */
    assert_int_equal(vmx_missing(&c, miss, sizeof(miss)), 1);
    assert_int_equal(strncmp(miss, "load-", 5), 0);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(decode_basic), cmocka_unit_test(no_true_controls),
        cmocka_unit_test(missing_secondary), cmocka_unit_test(missing_one),
    };
    return cmocka_run_group_tests_name("vmxcaps", t, NULL, NULL);
}
