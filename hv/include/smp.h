/* The machine's other CPUs: bring-up from the ACPI MADT, then each CPU
 * runs the VMs placed on it (docs/smp.md). */
#ifndef HV_SMP_H
#define HV_SMP_H
#include <stdint.h>

/* Boot CPU, after mm, ASI and VMX are up on it: start every CPU the MADT
 * lists (up to maxcpus=), each checked like the boot CPU; say which came. */
void smp_boot(void);
unsigned smp_ncpus(void);
/* Let the other CPUs run their VMs; then wait until all of them ended. */
void smp_start_vms(void);
void smp_wait_vms(void);

#endif
