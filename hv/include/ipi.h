/* Requests from one CPU to others: stop the machine, flush TLBs. Each is
 * a flag in the target's struct percpu plus an NMI: the hypervisor runs
 * with interrupts off and takes no device interrupts, so an NMI is the one
 * signal that reaches a CPU in guest mode (an NMI exit) and in host code
 * alike. docs/smp.md. */
#ifndef HV_IPI_H
#define HV_IPI_H
#include <stdint.h>
#include <stdbool.h>

/* hv_stop and fatal exceptions: the first CPU to call it owns the stop;
 * the others halt in their NMI handler. A second caller halts too. */
void ipi_stop_others(void);
/* Flush the TLBs of the CPUs in mask (this one excluded) and wait until
 * each has done it. Returns how many were asked. */
unsigned ipi_flush(uint64_t mask);
/* From the NMI handler: act on this CPU's requests; true if there were any. */
bool ipi_nmi(void);

#endif
