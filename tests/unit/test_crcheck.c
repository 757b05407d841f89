// uses: hv/x86/crcheck.c
/* MOV to CR0/CR4 checks: the #GP cases of the SDM, and the valid writes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "crcheck.h"

static const struct cr_ctx prot = { .cr0 = 0x11, .cr4 = 0, .cr4_allowed = CR4_GUEST_BITS };
static const struct cr_ctx lm = { .efer = 0x500, .cr0 = 0x80000011, .cr4 = 0x20, .cr4_allowed = CR4_GUEST_BITS };

static void cr0(void **s)
{
    (void)s;
    assert_int_equal(cr0_write_check(&prot, 0x11), 0);
    assert_int_equal(cr0_write_check(&prot, 0x60000011), 0);       /* CD+NW: valid */
    assert_int_equal(cr0_write_check(&prot, 0x40000011), 0);       /* CD alone */
    assert_int_equal(cr0_write_check(&prot, 0x20000011), 13);      /* NW without CD */
    assert_int_equal(cr0_write_check(&prot, 0x80000010), 13);      /* PG without PE */
    assert_int_equal(cr0_write_check(&prot, 1ull << 32 | 0x11), 13);
    struct cr_ctx lme = prot;
    lme.efer = 0x100;                                              /* LME, PAE off */
    assert_int_equal(cr0_write_check(&lme, 0x80000011), 13);
    lme.cr4 = 0x20;
    assert_int_equal(cr0_write_check(&lme, 0x80000011), 0);
    struct cr_ctx pcid = lm;
    pcid.cr4 |= 1u << 17;
    assert_int_equal(cr0_write_check(&pcid, 0x11), 13);            /* paging off with PCIDE in long mode */
    assert_int_equal(cr0_write_check(&lm, 0x11), 0);
}

static void cr4(void **s)
{
    (void)s;
    assert_int_equal(cr4_write_check(&prot, 0x6b0), 0);            /* PSE PAE PGE OSFXSR OSXMMEXCPT */
    assert_int_equal(cr4_write_check(&prot, 1u << 13), 13);        /* VMXE: no VMX for guests */
    assert_int_equal(cr4_write_check(&prot, 1u << 14), 13);        /* SMXE */
    assert_int_equal(cr4_write_check(&prot, 1u << 22), 13);        /* PKE: hidden by the CPUID policy */
    assert_int_equal(cr4_write_check(&prot, 1u << 15), 13);        /* reserved */
    assert_int_equal(cr4_write_check(&prot, 1ull << 40), 13);
    assert_int_equal(cr4_write_check(&prot, 1u << 17), 13);        /* PCIDE outside long mode */
    assert_int_equal(cr4_write_check(&lm, 0x20 | 1u << 17), 0);
    struct cr_ctx cr3 = lm;
    cr3.cr3 = 0x1005;
    assert_int_equal(cr4_write_check(&cr3, 0x20 | 1u << 17), 13);  /* PCIDE with CR3[11:0] != 0 */
    assert_int_equal(cr4_write_check(&lm, 0), 13);                 /* PAE off in long mode */
    struct cr_ctx nola57 = prot;
    nola57.cr4_allowed &= ~(1ull << 12);
    assert_int_equal(cr4_write_check(&nola57, 1u << 12), 13);      /* a CPU without LA57 */
}

int main(void)
{
    const struct CMUnitTest t[] = { cmocka_unit_test(cr0), cmocka_unit_test(cr4) };
    return cmocka_run_group_tests(t, NULL, NULL);
}
