// uses: hv/x86/msrpolicy.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "msrpolicy.h"

static void classes(void **s)
{
    (void)s;
    assert_int_equal(msr_classify(0xc0000080), MSR_EMULATED);      /* EFER */
    assert_int_equal(msr_classify(0x1b), MSR_EMULATED);            /* APIC_BASE */
    assert_int_equal(msr_classify(0x808), MSR_EMULATED);           /* x2APIC TPR */
    assert_int_equal(msr_classify(0x8ff), MSR_EMULATED);
    assert_int_equal(msr_classify(0x6e0), MSR_EMULATED);           /* TSC_DEADLINE */
    assert_int_equal(msr_classify(0xc0000100), MSR_PASSTHROUGH);   /* FS base */
    assert_int_equal(msr_classify(0xc0000082), MSR_PASSTHROUGH);   /* LSTAR */
    assert_int_equal(msr_classify(0x175), MSR_PASSTHROUGH);        /* SYSENTER_ESP */
    assert_int_equal(msr_classify(0x3a), MSR_GP);                  /* FEATURE_CONTROL: no VMX */
    assert_int_equal(msr_classify(0x480), MSR_GP);                 /* VMX_BASIC */
    assert_int_equal(msr_classify(0x10b), MSR_GP);                 /* FLUSH_CMD */
    assert_int_equal(msr_classify(0xdeadbeef), MSR_GP);
    assert_int_equal(msr_classify(0x900), MSR_GP);
}

static int bit(const uint8_t *bm, unsigned off, uint32_t msr)
{
    unsigned b = msr & 0x1fff;
    return (bm[off + b / 8] >> (b % 8)) & 1;
}

/* the inline shortcut agrees with the table everywhere it could matter */
static void hot_path_agrees(void **s)
{
    (void)s;
    for (uint32_t m = 0; m < 0x3000; m++)
        assert_int_equal(msr_classify_hot(m), msr_classify(m));
    for (uint32_t m = 0xc0000000; m < 0xc0002000; m++)
        assert_int_equal(msr_classify_hot(m), msr_classify(m));
    assert_int_equal(msr_classify_hot(0xffffffff), msr_classify(0xffffffff));
}

static void bitmap(void **s)
{
    (void)s;
    uint8_t bm[4096];
    msr_bitmap_build(bm);
    /* pass-through: neither read nor write exits */
    assert_int_equal(bit(bm, 1024, 0xc0000100), 0);
    assert_int_equal(bit(bm, 3072, 0xc0000100), 0);
    assert_int_equal(bit(bm, 0, 0x174), 0);
    assert_int_equal(bit(bm, 2048, 0x176), 0);
    /* everything else exits, both ways */
    assert_int_equal(bit(bm, 1024, 0xc0000080), 1);
    assert_int_equal(bit(bm, 3072, 0xc0000080), 1);
    assert_int_equal(bit(bm, 0, 0x1b), 1);
    assert_int_equal(bit(bm, 2048, 0x808), 1);
    unsigned cleared = 0;
    for (unsigned i = 0; i < 4096 * 8; i++)
        cleared += !((bm[i / 8] >> (i % 8)) & 1);
    assert_int_equal(cleared, 2 * (3 + 4 + 4));   /* read+write for 11 MSRs */
}

/* The SVM permission map: two bits per MSR (read, write) in three ranges;
 * the same pass-through MSRs as the VMX bitmap, every other one exits. */
static int pm_bits(const uint8_t *pm, uint32_t msr)
{
    unsigned base = msr >= 0xc0010000 ? 0x1000 : msr >= 0xc0000000 ? 0x800 : 0;
    unsigned b = (msr & 0x1fff) * 2;
    return (pm[base + b / 8] >> (b % 8)) & 3;
}

static void svm_permission_map(void **s)
{
    (void)s;
    uint8_t pm[8192];
    msrpm_build(pm);
    assert_int_equal(pm_bits(pm, 0xc0000100), 0);   /* FS base: pass-through */
    assert_int_equal(pm_bits(pm, 0xc0000103), 0);   /* TSC_AUX */
    assert_int_equal(pm_bits(pm, 0x174), 0);
    assert_int_equal(pm_bits(pm, 0xc0000084), 0);   /* SFMASK */
    assert_int_equal(pm_bits(pm, 0xc0000080), 3);   /* EFER: both ways (SVME hidden) */
    assert_int_equal(pm_bits(pm, 0x277), 3);
    assert_int_equal(pm_bits(pm, 0xc0010117), 3);   /* VM_HSAVE_PA */
    assert_int_equal(pm_bits(pm, 0xc0010114), 3);   /* VM_CR */
    assert_int_equal(pm_bits(pm, 0x1b), 3);
    unsigned cleared = 0;
    for (unsigned i = 0; i < 8192 * 8; i++)
        cleared += !((pm[i / 8] >> (i % 8)) & 1);
    assert_int_equal(cleared, 2 * (3 + 4 + 4));     /* as the VMX bitmap: 11 MSRs, read and write */
    for (uint32_t m = 0; m < 0x2000; m++)           /* the policy and the map agree everywhere */
        if (msr_classify(m) != MSR_PASSTHROUGH)
            assert_int_equal(pm_bits(pm, m), 3);
}

int main(void)
{
    const struct CMUnitTest t[] = { cmocka_unit_test(classes), cmocka_unit_test(hot_path_agrees), cmocka_unit_test(bitmap),
                                    cmocka_unit_test(svm_permission_map) };
    return cmocka_run_group_tests_name("msrpolicy", t, NULL, NULL);
}
