/* Stopping the machine: ACPI S5 through the FADT's PM1 control block, then
 * the emulators' own ports, then a halt loop with interrupts off. */
#include "acpi.h"
#include "console.h"
#include "power.h"
#include "cpu.h"
#include "mm.h"
#include <string.h>

static const struct acpi_sdt_hdr *map_sdt(uint64_t phys, const char *sig)
{
    if (!phys || phys >= (1ull << 40))
        return NULL;
    const struct acpi_sdt_hdr *h = phys_to_virt(phys);
    if (!h || memcmp(h->sig, sig, 4) || h->length < sizeof(*h) || h->length > (1u << 24))
        return NULL;
    return acpi_checksum_ok(h, h->length) ? h : NULL;
}

static const uint8_t *scan_rsdp(void)
{
    /* EBDA's first KiB, then the BIOS area 0xE0000-0xFFFFF */
    uint64_t ebda = (uint64_t)*(const uint16_t *)phys_to_virt(0x40e) << 4;
    uint64_t ranges[2][2] = { { ebda, ebda + 1024 }, { 0xe0000, 0x100000 } };
    for (int r = 0; r < 2; r++)
        for (uint64_t a = ranges[r][0]; a && a + 20 <= ranges[r][1]; a += 16) {
            const uint8_t *p = phys_to_virt(a);
            if (!memcmp(p, "RSD PTR ", 8) && acpi_checksum_ok(p, 20))
                return p;
        }
    return NULL;
}

bool acpi_find_power(const uint8_t *rsdp, unsigned rsdp_len, struct acpi_power *out)
{
    memset(out, 0, sizeof(*out));
    out->s5_typ_a = -1;
    if (!rsdp || rsdp_len < 20) {
        rsdp = scan_rsdp();
        rsdp_len = 20;
        if (!rsdp)
            return false;
    }
    uint32_t rsdt;
    uint64_t xsdt = 0;
    memcpy(&rsdt, rsdp + 16, 4);
    if (rsdp[15] >= 2 && rsdp_len >= 32)
        memcpy(&xsdt, rsdp + 24, 8);
    const struct acpi_sdt_hdr *root = map_sdt(xsdt, "XSDT");
    unsigned esz = 8;
    if (!root) {
        root = map_sdt(rsdt, "RSDT");
        esz = 4;
    }
    if (!root)
        return false;
    const uint8_t *ents = (const uint8_t *)(root + 1);
    unsigned n = (root->length - sizeof(*root)) / esz;
    for (unsigned i = 0; i < n; i++) {
        uint64_t a = 0;
        memcpy(&a, ents + i * esz, esz);
        const struct acpi_sdt_hdr *fadt = map_sdt(a, "FACP");
        if (!fadt)
            continue;
        const uint8_t *f = (const uint8_t *)fadt;
        uint32_t v;
        if (fadt->length >= 68) {
            memcpy(&v, f + 64, 4);
            out->pm1a_cnt = v;
            memcpy(&v, f + 68, 4);
            out->pm1b_cnt = v;
        }
        uint64_t dsdt = 0;
        memcpy(&v, f + 40, 4);
        dsdt = v;
        if (fadt->length >= 148) {
            uint64_t x;
            memcpy(&x, f + 140, 8);
            if (x)
                dsdt = x;
        }
        const struct acpi_sdt_hdr *d = map_sdt(dsdt, "DSDT");
        if (d)
            out->s5_typ_a = acpi_s5_slp_typ((const uint8_t *)(d + 1), d->length - sizeof(*d));
        return out->pm1a_cnt != 0;
    }
    return false;
}

static const uint8_t *boot_rsdp;
static unsigned boot_rsdp_len;

void power_set_rsdp(const uint8_t *rsdp, unsigned len)
{
    boot_rsdp = rsdp;
    boot_rsdp_len = len;
}

void machine_poweroff(void)
{
    cli();
    struct acpi_power pw;
    if (acpi_find_power(boot_rsdp, boot_rsdp_len, &pw)) {
        int typ = pw.s5_typ_a >= 0 ? pw.s5_typ_a : 0;
        hv_printf("hv: powering off (ACPI S5 via PM1a_CNT 0x%x, SLP_TYP %d)\n", pw.pm1a_cnt, typ);
        outw(pw.pm1a_cnt, (uint16_t)((typ << 10) | (1 << 13)));
        if (pw.pm1b_cnt)
            outw(pw.pm1b_cnt, (uint16_t)((typ << 10) | (1 << 13)));
    } else {
        hv_printf("hv: powering off (no usable ACPI FADT; using emulator ports)\n");
    }
    for (volatile int i = 0; i < 1000000; i++)
        ;
    /* Bochs: the shutdown string on port 0x8900, then its PIIX4 PM port. */
    for (const char *s = "Shutdown"; *s; s++)
        outb(0x8900, (uint8_t)*s);
    outw(0xb004, 0x2000);
    /* QEMU: PIIX4/ICH9 PM1a_CNT at 0x604, then isa-debug-exit if present. */
    outw(0x604, 0x2000);
    outb(0xf4, 0x10);
    hv_printf("hv: power-off failed; halted with interrupts off\n");
    for (;;)
        hlt();
}
