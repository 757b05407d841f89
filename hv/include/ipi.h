/* Requests from one CPU to others: stop the machine, flush TLBs. Each is
 * a flag in the target's struct percpu plus an NMI: the hypervisor runs
 * with interrupts off and takes no device interrupts, so an NMI is the one
 * signal that reaches a CPU in guest mode (an NMI exit) and in host code
 * alike. docs/smp.md. */
#ifndef HV_IPI_H
#define HV_IPI_H
#include <stdint.h>
#include <stdbool.h>
#include "percpu.h"

/* hv_stop and fatal exceptions: the first CPU to call it owns the stop;
 * the others halt in their NMI handler. A second caller halts too. */
void ipi_stop_others(void);
/* Flush the TLBs of the CPUs in mask (this one excluded) and wait until
 * each has done it. Returns how many were asked. */
unsigned ipi_flush(uint64_t mask);
/* Kicks (vcpu_kick, kick.h): a fixed IPI, not an NMI. In guest mode it is
 * an external-interrupt exit (acknowledged on exit, EOI in the backend); in
 * host code, where interrupts stay off, it waits in the LAPIC and the next
 * VM entry exits at once, so a kick cannot be lost between a check and the
 * entry; an idle CPU halted with interrupts on wakes for it. */
#define KICK_VECTOR 0xf0
void ipi_cpu_online(unsigned cpu, uint32_t apic_id);
void ipi_kick(unsigned cpu);                    /* look at every vCPU there */
/* For some vCPUs there (who: their kick bits, kick.h): a CPU running one
 * of its vCPUs goes back to its scheduler when the news is for another. */
void ipi_kick_vcpu(unsigned cpu, uint64_t who);
extern volatile uint64_t ipi_kick_for[MAX_CPUS];
/* Take this CPU's news: true when some is for other vCPUs than `mine`. */
static inline bool ipi_news_for_others(unsigned cpu, uint64_t mine)
{
    return __atomic_exchange_n(&ipi_kick_for[cpu], 0, __ATOMIC_SEQ_CST) & ~mine;
}
/* Was this CPU kicked since the last call? (Clears it.) */
bool ipi_kicked(void);
/* Set by ipi_kick, per CPU: a wait loop polls its own without a call. */
extern volatile uint8_t ipi_kick_flags[MAX_CPUS];
/* A CPU in a wait loop that polls its kick flag says so: kicks then set
 * the flag and send no IPI (no spurious exit at its next entry). After the
 * loop, whoever waited looks at what was posted before entering a guest. */
extern volatile uint8_t ipi_cpu_polling[MAX_CPUS];
static inline volatile uint8_t *ipi_poll_begin(unsigned cpu)
{
    __atomic_store_n(&ipi_cpu_polling[cpu], 1, __ATOMIC_SEQ_CST);
    return &ipi_kick_flags[cpu];
}
static inline void ipi_poll_end(unsigned cpu)
{
    __atomic_store_n(&ipi_cpu_polling[cpu], 0, __ATOMIC_RELEASE);
}
/* From the NMI handler: act on this CPU's requests; true if there were any. */
bool ipi_nmi(void);

#endif
