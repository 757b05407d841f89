/* ACPI tables: RSDP in the BIOS area, checksums, FADT PM block, MADT. */
#include "guest.h"
#include <string.h>

static bool sum_ok(const uint8_t *p, uint32_t n)
{
    uint8_t s = 0;
    while (n--)
        s += *p++;
    return s == 0;
}

static const uint8_t *find_rsdp(void)
{
    for (uint32_t a = 0xe0000; a < 0x100000; a += 16)
        if (!memcmp((const void *)a, "RSD PTR ", 8) && sum_ok((const uint8_t *)a, 20))
            return (const uint8_t *)a;
    return NULL;
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    const uint8_t *rsdp = find_rsdp();
    check(rsdp != NULL, "rsdp-found", "");
    if (!rsdp)
        return 0;
    check(rsdp[15] >= 2 && sum_ok(rsdp, 36), "rsdp-v2-checksum", "rev %u", rsdp[15]);
    const uint8_t *rsdt = (const uint8_t *)*(uint32_t *)(rsdp + 16);
    uint32_t len = *(uint32_t *)(rsdt + 4);
    check(!memcmp(rsdt, "RSDT", 4) && sum_ok(rsdt, len), "rsdt", "");
    const uint8_t *fadt = NULL, *madt = NULL;
    for (uint32_t i = 36; i + 4 <= len; i += 4) {
        const uint8_t *t = (const uint8_t *)*(uint32_t *)(rsdt + i);
        if (!memcmp(t, "FACP", 4)) fadt = t;
        if (!memcmp(t, "APIC", 4)) madt = t;
    }
    check(fadt && sum_ok(fadt, *(uint32_t *)(fadt + 4)), "fadt", "");
    check(madt && sum_ok(madt, *(uint32_t *)(madt + 4)), "madt", "");
    if (!fadt || !madt)
        return 0;
    uint32_t pmtmr = *(uint32_t *)(fadt + 76);
    check(pmtmr == 0x608, "fadt-pm-timer", "0x%x", pmtmr);
    uint32_t t0 = inl((uint16_t)pmtmr) & 0xffffff;
    for (volatile int i = 0; i < 10000; i++)
        ;
    check((inl((uint16_t)pmtmr) & 0xffffff) != t0, "pm-timer-ticks", "");
    const uint8_t *dsdt = (const uint8_t *)*(uint32_t *)(fadt + 40);
    check(!memcmp(dsdt, "DSDT", 4) && sum_ok(dsdt, *(uint32_t *)(dsdt + 4)), "dsdt", "");
    unsigned lapics = 0, ioapics = 0;
    uint32_t mlen = *(uint32_t *)(madt + 4);
    for (uint32_t o = 44; o + 2 <= mlen; o += madt[o + 1]) {
        if (madt[o] == 0) lapics++;
        if (madt[o] == 1) ioapics++;
        if (!madt[o + 1]) break;
    }
    check(lapics == 1 && ioapics == 1, "madt-entries", "%u LAPIC, %u IOAPIC", lapics, ioapics);
    check(*(uint32_t *)(madt + 36) == 0xfee00000, "madt-lapic-address", "");
    /* IOAPIC register file answers at its MMIO address */
    mmio_write32(0xfec00000, 1);
    uint32_t ver = mmio_read32(0xfec00010);
    check((ver & 0xff) == 0x20 && ((ver >> 16) & 0xff) == 23, "ioapic-version", "0x%x", ver);
    return 0;
}
