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
#define ICR_FIXED     0x00004000u       /* level assert, fixed | vector */
#define APIC_SPURIOUS 0xff              /* spurious-interrupt vector: never EOIed */
#define APIC_IDLE_TIMER 0xf1            /* the idle loop's wake-up (TSC-deadline mode) */

/* On each CPU, before its first IPI: x2APIC mode where the CPU has it. */
void apic_cpu_init(uint64_t xapic_base);
uint32_t apic_id(void);
/* A register by its xAPIC offset (x2APIC: the MSR 0x800 + offset / 16). */
void apic_write(unsigned off, uint32_t val);
/* End of the interrupt in service (the kick, hv/arch/ipi.c). */
void apic_eoi(void);
/* Arm this CPU's timer to interrupt at TSC value tsc (0: disarm); false
 * when the CPU has no TSC-deadline timer (then idle loops spin). */
bool apic_idle_timer(uint64_t tsc);
bool apic_x2(void);
/* The xAPIC's physical page (0 in x2APIC mode: no MMIO). */
uint64_t apic_mmio_phys(void);
/* The timer as a VM slice timer (SVM: no preemption timer): calibrate once
 * per CPU, then interrupt at TSC value `until` (APIC_IDLE_TIMER's vector). */
void apic_slice_timer_init(uint64_t tsc_hz);
void apic_slice_timer_arm(uint64_t now, uint64_t until);
/* Send an IPI; false when the xAPIC never reported it delivered. */
bool apic_send(uint32_t dest, uint32_t icr);

#endif
