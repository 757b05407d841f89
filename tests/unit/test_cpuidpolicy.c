// uses: hv/x86/cpuidpolicy.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "cpuidpolicy.h"

static const struct cpuid_ctx ctx = { .vcpu_id = 2, .tsc_hz = 3500000000ull, .rdtscp = false, .invpcid = true };

static void leaf1(void **s)
{
    (void)s;
    struct cpuid_out r = { 0x50654, 0x01000800, 0xfffa3203 | (1u << 5) | (1u << 6), 0xbfebfbff };
    cpuid_filter(1, 0, &ctx, &r);
    assert_false(r.ecx & (1u << 5));          /* VMX */
    assert_false(r.ecx & (1u << 6));          /* SMX */
    assert_false(r.ecx & (1u << 3));          /* MONITOR */
    assert_false(r.ecx & (1u << 27));         /* OSXSAVE: the guest has not set CR4.OSXSAVE */
    assert_true(r.ecx & (1u << 31));          /* hypervisor */
    assert_true(r.ecx & (1u << 21));          /* x2APIC stays */
    assert_false(r.edx & (1u << 7));          /* MCE */
    assert_false(r.edx & (1u << 14));         /* MCA */
    assert_false(r.edx & (1u << 29));         /* TM */
    assert_true(r.edx & (1u << 0));           /* FPU stays */
    assert_int_equal(r.ebx >> 24, 2);         /* APIC ID = vCPU */
    assert_int_equal(r.eax, 0x50654);
}

static void hv_leaves(void **s)
{
    (void)s;
    struct cpuid_out r = { 1, 2, 3, 4 };
    cpuid_filter(0x40000000, 0, &ctx, &r);
    char sig[13];
    memcpy(sig, &r.ebx, 4); memcpy(sig + 4, &r.ecx, 4); memcpy(sig + 8, &r.edx, 4);
    sig[12] = 0;
    assert_string_equal(sig, "ASIHypervsr");
    assert_int_equal(r.eax, 0x40000010);
    cpuid_filter(0x40000010, 0, &ctx, &r);
    assert_int_equal(r.eax, 3500000);
    r = (struct cpuid_out){ 9, 9, 9, 9 };
    cpuid_filter(0x40000005, 0, &ctx, &r);
    assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
}

static void hidden(void **s)
{
    (void)s;
    struct cpuid_out r = { 0, ~0u, ~0u, ~0u };
    cpuid_filter(7, 0, &ctx, &r);
    assert_false(r.ebx & (1u << 1));          /* TSC_ADJUST */
    assert_true(r.ebx & (1u << 10));          /* INVPCID: enabled in ctx */
    assert_false(r.edx & (1u << 29));         /* ARCH_CAPABILITIES */
    assert_false(r.edx & (1u << 26));         /* IBRS/IBPB MSRs */
    r = (struct cpuid_out){ ~0u, ~0u, ~0u, ~0u };
    cpuid_filter(7, 1, &ctx, &r);             /* other subleaves untouched */
    assert_int_equal(r.edx, ~0u);
    r = (struct cpuid_out){ ~0u, ~0u, ~0u, ~0u };
    cpuid_filter(6, 0, &ctx, &r);
    assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
    r = (struct cpuid_out){ ~0u, ~0u, ~0u, ~0u };
    cpuid_filter(0x80000001, 0, &ctx, &r);
    assert_false(r.edx & (1u << 27));         /* RDTSCP not enabled in ctx */
    assert_false(r.ecx & (1u << 2));          /* AMD SVM: no nested virtualization */
    assert_false(r.ecx & (1u << 12));         /* SKINIT */
    assert_true(r.ecx & 1);                   /* LAHF/SAHF stays */
    r = (struct cpuid_out){ ~0u, ~0u, ~0u, ~0u };
    cpuid_filter(0x8000000a, 0, &ctx, &r);    /* the SVM leaf: empty */
    assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
    r = (struct cpuid_out){ ~0u, ~0u, ~0u, ~0u };
    cpuid_filter(0xd, 1, &ctx, &r);
    assert_false(r.eax & (1u << 3));          /* XSAVES */
    r = (struct cpuid_out){ 0xff, 2688, 2696, 0 };
    cpuid_filter(0xd, 0, &ctx, &r);
    assert_int_equal(r.eax, 7);               /* x87, SSE, AVX only */
    assert_int_equal(r.ecx, 832);
    r = (struct cpuid_out){ 512, 1152, 0, 0 };
    cpuid_filter(0xd, 5, &ctx, &r);           /* AVX-512 opmask component: gone */
    assert_int_equal(r.eax | r.ebx, 0);
    struct cpuid_ctx osx = ctx;
    osx.osxsave = true;
    r = (struct cpuid_out){ 0, 0, 0, 0 };
    cpuid_filter(1, 0, &osx, &r);
    assert_true(r.ecx & (1u << 27));
    r = (struct cpuid_out){ 0, 0, 0, 0 };
    cpuid_filter(0xb, 0, &ctx, &r);
    assert_int_equal(r.edx, 2);
}

int main(void)
{
    const struct CMUnitTest t[] = { cmocka_unit_test(leaf1), cmocka_unit_test(hv_leaves), cmocka_unit_test(hidden) };
    return cmocka_run_group_tests_name("cpuidpolicy", t, NULL, NULL);
}
