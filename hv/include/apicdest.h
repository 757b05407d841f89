/* Which local APICs an interrupt message reaches: the destination rules of
 * the xAPIC and x2APIC (ICR and IOAPIC redirection entries). Pure; unit-tested. */
#ifndef HV_APICDEST_H
#define HV_APICDEST_H
#include <stdint.h>
#include <stdbool.h>

enum apic_shorthand { SH_NONE, SH_SELF, SH_ALL, SH_ALL_BUT_SELF };

struct apic_target {
    uint32_t id;            /* APIC ID */
    uint32_t ldr, dfr;      /* xAPIC logical destination and format registers */
    bool x2apic;            /* in x2APIC mode (its LDR is derived from its ID) */
};

/* Does a message with (shorthand, logical, dest) from `self_id` reach t?
 * xAPIC: dest is 8 bits, 0xff broadcast; logical flat (DFR model 0xf) or
 * cluster (model 0x0). x2APIC: dest is 32 bits, 0xffffffff broadcast;
 * logical = cluster (dest[31:16]) and a bit mask (dest[15:0]). */
bool apic_dest_match(enum apic_shorthand sh, bool logical, uint32_t dest, uint32_t self_id,
                     const struct apic_target *t);

#endif
