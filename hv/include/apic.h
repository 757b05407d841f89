/* The host's own local APIC (not a guest's: that is hv/dev/lapic.c): its
 * ID and the interrupt command register, in x2APIC mode where the CPU has
 * it (no MMIO, so usable from any address space), else xAPIC MMIO. */
#ifndef HV_APIC_H
#define HV_APIC_H
#include <stdint.h>
#include <stdbool.h>

#define ICR_INIT      0x00004500u       /* level assert, INIT */
#define ICR_SIPI      0x00004600u       /* | vector (page number) */
#define ICR_NMI       0x00004400u
#define ICR_ALL_BUT_SELF (3u << 18)

/* On each CPU, before its first IPI: x2APIC mode where the CPU has it. */
void apic_cpu_init(uint64_t xapic_base);
uint32_t apic_id(void);
bool apic_x2(void);
/* Send an IPI; false when the xAPIC never reported it delivered. */
bool apic_send(uint32_t dest, uint32_t icr);

#endif
