/* The host CPU's identity and the features the hypervisor cares about, as
 * boot lines (hv/arch/cpuident.c). */
#ifndef HV_CPUIDENT_H
#define HV_CPUIDENT_H

/* Print "cpu: vendor ..." and "cpu: pcid=..."; the vendor string into out. */
void cpu_print_identity(char out[13]);

#endif
