// uses: hv/dev/acpi_tables.c hv/arch/acpi_aml.c
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "acpigen.h"
#include "acpi.h"

static uint8_t area[ACPI_AREA_SIZE];
#define GPA 0xe0000u

static const uint8_t *at(uint64_t gpa) { return area + (gpa - GPA); }
static uint32_t r32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t r64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static void tables_walk_like_an_os(void **s)
{
    (void)s;
    size_t n = acpi_build(area, sizeof(area), GPA, 2, NULL);
    assert_true(n > 0 && n <= sizeof(area));
    assert_memory_equal(area, "RSD PTR ", 8);
    assert_true(acpi_checksum_ok(area, 20));
    assert_true(acpi_checksum_ok(area, 36));
    const uint8_t *xsdt = at(r64(area + 24));
    assert_memory_equal(xsdt, "XSDT", 4);
    assert_true(acpi_checksum_ok(xsdt, r32(xsdt + 4)));
    const uint8_t *rsdt = at(r32(area + 16));
    assert_true(acpi_checksum_ok(rsdt, r32(rsdt + 4)));
    const uint8_t *fadt = at(r64(xsdt + 36));
    assert_memory_equal(fadt, "FACP", 4);
    assert_true(acpi_checksum_ok(fadt, r32(fadt + 4)));
    assert_int_equal(r32(fadt + 64), 0x604);
    assert_int_equal(r32(fadt + 76), 0x608);
    const uint8_t *dsdt = at(r64(fadt + 140));
    assert_true(acpi_checksum_ok(dsdt, r32(dsdt + 4)));
    assert_int_equal(acpi_s5_slp_typ(dsdt + 36, r32(dsdt + 4) - 36), 0);
    const uint8_t *madt = at(r64(xsdt + 44));
    assert_memory_equal(madt, "APIC", 4);
    assert_true(acpi_checksum_ok(madt, r32(madt + 4)));
    assert_int_equal(r32(madt + 36), 0xfee00000);
    /* two LAPIC entries, then the IOAPIC, then the IRQ0 override */
    assert_int_equal(madt[44], 0);
    assert_int_equal(madt[44 + 3], 0);
    assert_int_equal(madt[52 + 3], 1);
    assert_int_equal(madt[60], 1);
    assert_int_equal(r32(madt + 64), 0xfec00000);
    assert_int_equal(madt[72], 2);
    assert_int_equal(r32(madt + 76), 2);
    assert_int_equal(r32(xsdt + 4), 36 + 16);       /* two tables listed: no token table */
    assert_int_equal(r32(rsdt + 4), 36 + 8);
}

/* The control VM's token: a third table in both lists, checksummed, with
 * the 16 bytes as given; the largest MADT still fits. */
static void control_token_table(void **s)
{
    (void)s;
    uint8_t tok[16];
    for (unsigned i = 0; i < 16; i++)
        tok[i] = (uint8_t)(0xa0 + i);
    assert_true(acpi_build(area, sizeof(area), GPA, 4, tok) > 0);
    const uint8_t *xsdt = at(r64(area + 24)), *rsdt = at(r32(area + 16));
    assert_int_equal(r32(xsdt + 4), 36 + 24);
    assert_int_equal(r32(rsdt + 4), 36 + 12);
    assert_true(acpi_checksum_ok(xsdt, r32(xsdt + 4)));
    assert_true(acpi_checksum_ok(rsdt, r32(rsdt + 4)));
    const uint8_t *t = at(r64(xsdt + 52));
    assert_ptr_equal(t, at(r32(rsdt + 44)));
    assert_memory_equal(t, "HVCT", 4);
    assert_int_equal(r32(t + 4), 52);
    assert_true(acpi_checksum_ok(t, 52));
    assert_memory_equal(t + 36, tok, 16);
    const uint8_t *madt = at(r64(xsdt + 44));
    assert_true(t >= madt + r32(madt + 4));           /* after the MADT, not over it */
    assert_true(acpi_build(area, sizeof(area), GPA, 255, tok) > 0);
}

/* The DSDT's PCI root bridge: one Device whose PkgLength ends the table,
 * _HID PNP0A03, and a _CRS buffer ending in the end tag. */
static void dsdt_has_the_pci_root(void **s)
{
    (void)s;
    assert_true(acpi_build(area, sizeof(area), GPA, 1, NULL) > 0);
    const uint8_t *fadt = at(r64(at(r64(area + 24)) + 36));
    const uint8_t *dsdt = at(r64(fadt + 140));
    uint32_t len = r32(dsdt + 4);
    const uint8_t *aml = dsdt + 36, *end = dsdt + len;
    const uint8_t *dev = NULL;
    for (const uint8_t *p = aml; p + 1 < end; p++)
        if (p[0] == 0x5b && p[1] == 0x82) {
            dev = p;
            break;
        }
    assert_non_null(dev);
    const uint8_t *pl = dev + 2;
    size_t n = (pl[0] >> 6) ? (size_t)((pl[0] & 0xf) | pl[1] << 4) : pl[0];
    assert_ptr_equal(pl + n, end);                      /* the device runs to the end of the table */
    assert_memory_equal(pl + 2, "\\\x2e_SB_PCI0", 10);
    static const uint8_t hid[] = { '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x03 };
    assert_non_null(memmem(dev, (size_t)(end - dev), hid, sizeof(hid)));
    const uint8_t *crs = memmem(dev, (size_t)(end - dev), "_CRS\x11", 5);
    assert_non_null(crs);
    const uint8_t *buf = crs + 5 + ((crs[5] >> 6) ? 2 : 1);
    assert_int_equal(buf[0], 0x0a);
    assert_ptr_equal(buf + 2 + buf[1], end);
    assert_int_equal(end[-2], 0x79);                    /* end tag */
}

static void too_small(void **s)
{
    (void)s;
    assert_int_equal(acpi_build(area, 100, GPA, 1, NULL), 0);
    assert_int_equal(acpi_build(area, sizeof(area), GPA, 0, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(tables_walk_like_an_os), cmocka_unit_test(control_token_table), cmocka_unit_test(too_small), cmocka_unit_test(dsdt_has_the_pci_root),
    };
    return cmocka_run_group_tests_name("acpigen", t, NULL, NULL);
}
