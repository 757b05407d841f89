/* The host's ACPI tables: RSDP (from the boot loader, or a BIOS-area scan)
 * -> XSDT or RSDT -> a table by signature, checksummed, reached through
 * the physmap. */
#include "acpi.h"
#include "mm.h"
#include <string.h>

static const uint8_t *boot_rsdp;
static unsigned boot_rsdp_len;

void acpi_host_set_rsdp(const uint8_t *rsdp, unsigned len)
{
    boot_rsdp = rsdp;
    boot_rsdp_len = len;
}

const struct acpi_sdt_hdr *acpi_map_sdt(uint64_t phys, const char *sig)
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

const struct acpi_sdt_hdr *acpi_host_table(const char *sig)
{
    const uint8_t *rsdp = boot_rsdp;
    unsigned rsdp_len = boot_rsdp_len;
    if (!rsdp || rsdp_len < 20) {
        rsdp = scan_rsdp();
        rsdp_len = 20;
        if (!rsdp)
            return NULL;
    }
    uint32_t rsdt;
    uint64_t xsdt = 0;
    memcpy(&rsdt, rsdp + 16, 4);
    if (rsdp[15] >= 2 && rsdp_len >= 32)
        memcpy(&xsdt, rsdp + 24, 8);
    const struct acpi_sdt_hdr *root = acpi_map_sdt(xsdt, "XSDT");
    unsigned esz = 8;
    if (!root) {
        root = acpi_map_sdt(rsdt, "RSDT");
        esz = 4;
    }
    if (!root)
        return NULL;
    const uint8_t *ents = (const uint8_t *)(root + 1);
    unsigned n = (root->length - sizeof(*root)) / esz;
    for (unsigned i = 0; i < n; i++) {
        uint64_t a = 0;
        memcpy(&a, ents + i * esz, esz);
        const struct acpi_sdt_hdr *t = acpi_map_sdt(a, sig);
        if (t)
            return t;
    }
    return NULL;
}
