/* A VM's end-of-run statistics (hv/vm/stats.c). */
#ifndef HV_STATS_H
#define HV_STATS_H
#include "vm.h"

void vm_print_stats(const struct vm *vm);

#endif
