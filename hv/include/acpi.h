/* Just enough of the host's ACPI: RSDP -> RSDT/XSDT -> FADT and the \_S5
 * sleep type from the DSDT (power-off), the MADT (CPUs, madt.h). The
 * parsing is pure (host-tested). */
#ifndef HV_ACPI_H
#define HV_ACPI_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

struct acpi_sdt_hdr {
    char sig[4];
    uint32_t length;
    uint8_t revision, checksum;
    char oem[6], oem_table[8];
    uint32_t oem_rev, creator, creator_rev;
} __attribute__((packed));

bool acpi_checksum_ok(const void *p, size_t len);
/* SLP_TYPa of the \_S5_ package in AML, or -1 when not found. */
int acpi_s5_slp_typ(const uint8_t *aml, size_t len);

struct acpi_power {
    uint16_t pm1a_cnt, pm1b_cnt;  /* I/O ports, 0 = absent */
    int s5_typ_a;                 /* -1 = unknown */
};

/* The host's tables (hv/arch/acpi_host.c): the RSDP copy from boot_info
 * (NULL: scan the BIOS area), then a checksummed table by signature. */
void acpi_host_set_rsdp(const uint8_t *rsdp, unsigned len);
const struct acpi_sdt_hdr *acpi_host_table(const char *sig);
const struct acpi_sdt_hdr *acpi_map_sdt(uint64_t phys, const char *sig);

#endif
