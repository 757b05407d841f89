// uses: hv/arch/acpi_aml.c hv/arch/tsc_cpuid.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "acpi.h"
#include "tsc.h"

static void checksum(void **s)
{
    (void)s;
    uint8_t t[8] = { 1, 2, 3, 4, 5, 6, 7, 0 };
    assert_false(acpi_checksum_ok(t, 8));
    t[7] = (uint8_t)(0 - 28);
    assert_true(acpi_checksum_ok(t, 8));
}

static void s5(void **s)
{
    (void)s;
    /* Name(_S5_, Package(2) { 0x05, Zero }) after some noise */
    const uint8_t aml1[] = { 0x10, 0x20, '_', 'S', '5', '_', 0x08, '_', 'S', '5', '_', 0x12, 0x06, 0x02,
                             0x0a, 0x05, 0x00, 0x00, 0x00 };
    assert_int_equal(acpi_s5_slp_typ(aml1, sizeof(aml1)), 5);
    /* Name(\_S5_, Package { Zero, Zero }) */
    const uint8_t aml2[] = { 0x08, '\\', '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x00, 0x00, 0, 0, 0 };
    assert_int_equal(acpi_s5_slp_typ(aml2, sizeof(aml2)), 0);
    /* One as a plain opcode */
    const uint8_t aml3[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x04, 0x02, 0x01, 0x00, 0, 0, 0 };
    assert_int_equal(acpi_s5_slp_typ(aml3, sizeof(aml3)), 1);
    /* no _S5_ at all, and one that is cut short */
    const uint8_t aml4[] = { 0x08, '_', 'S', '4', '_', 0x12, 0x04, 0x02, 0x01, 0x00, 0, 0, 0 };
    assert_int_equal(acpi_s5_slp_typ(aml4, sizeof(aml4)), -1);
    assert_int_equal(acpi_s5_slp_typ(aml1, 12), -1);
}

static void tsc_from_cpuid(void **s)
{
    (void)s;
    uint32_t l15[4] = { 2, 250, 24000000, 0 }, l16[4] = { 3500, 0, 0, 0 }, z[4] = { 0 };
    assert_int_equal(tsc_hz_from_cpuid(0x16, l15, l16), 3000000000ull);   /* 24 MHz * 250/2 */
    l15[2] = 0;                                                          /* no crystal: use 0x16 */
    assert_int_equal(tsc_hz_from_cpuid(0x16, l15, l16), 3500000000ull);
    assert_int_equal(tsc_hz_from_cpuid(0x15, l15, l16), 0);              /* 0x16 beyond max leaf */
    assert_int_equal(tsc_hz_from_cpuid(0x0d, z, z), 0);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(checksum), cmocka_unit_test(s5), cmocka_unit_test(tsc_from_cpuid),
    };
    return cmocka_run_group_tests_name("acpi+tsc", t, NULL, NULL);
}
