/* ACPI tables for a guest, built into a buffer that becomes guest memory at
 * `gpa` (in the BIOS area, where an OS scans for the RSDP). Pure. */
#ifndef HV_ACPIGEN_H
#define HV_ACPIGEN_H
#include <stdint.h>
#include <stddef.h>

#define ACPI_AREA_SIZE 0x1000
/* Returns bytes used, 0 if `max` is too small. token (16 bytes, or NULL):
 * the control VM's, in an OEM table "HVCT" the XSDT and RSDT list. */
size_t acpi_build(uint8_t *buf, size_t max, uint64_t gpa, unsigned ncpus, const uint8_t *token);

#endif
