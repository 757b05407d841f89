/* The host's ACPI MADT: which CPUs exist (xAPIC and x2APIC entries). The
 * parser is pure (host-tested and fuzzed); finding the table is not. */
#ifndef HV_MADT_H
#define HV_MADT_H
#include <stdint.h>
#include <stddef.h>

#define MADT_MAX_CPUS 64            /* listed; how many come online is MAX_CPUS */

struct madt_info {
    uint64_t lapic_addr;            /* xAPIC MMIO base (the override entry wins) */
    unsigned ncpus;                 /* enabled or online-capable CPUs, in table order */
    uint32_t apic_id[MADT_MAX_CPUS];
    unsigned disabled;              /* entries neither enabled nor online-capable */
    unsigned duplicates;            /* an APIC ID listed twice (xAPIC and x2APIC entries) */
    unsigned over;                  /* CPUs past MADT_MAX_CPUS */
};

/* Parse a whole MADT (header included, checksum already checked). Returns
 * 0, or -1 with err naming the entry and what is wrong with it. */
int madt_parse(const void *tbl, size_t len, struct madt_info *out, char *err, size_t errlen);

#endif
