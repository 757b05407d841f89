/* Operating VMs at run time (hv/vm/vmctl.c): what the console's keys
 * (conkeys.c) and the control VM's hypercalls (hc_control.c) ask for. Each
 * records the request and kicks the VM's CPUs; the scheduler carries out
 * stops, starts and rebuilds on the VM's home CPU, on the full space. */
#ifndef HV_VMCTL_H
#define HV_VMCTL_H
#include <stdbool.h>
#include <stddef.h>
#include "vm.h"
#include "hvctl_abi.h"

enum hv_vmstate vmctl_state(const struct vm *vm);
const char *vmctl_state_name(enum hv_vmstate s);
/* Guest time it has been running: paused time does not count. */
uint64_t vmctl_uptime_ms(const struct vm *vm, uint64_t now);
void vmctl_info(const struct vm *vm, struct hv_vminfo *out);
/* The VM named so, or whose config module is named so: its index, or -1. */
int vmctl_find(const char *name, size_t len);

/* 0, or HC_EBUSY (not running, or already in that state) / HC_EEXIST
 * (start: it runs). `by` says who asked, for the console's line. */
int vmctl_pause(struct vm *vm, bool pause, const char *by);
int vmctl_destroy(struct vm *vm, const char *by);
int vmctl_restart(struct vm *vm, const char *by);
/* Off or ended: boots it; destroyed: builds it again from its config. */
int vmctl_start(struct vm *vm, const char *by);

#endif
