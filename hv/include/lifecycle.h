/* Stopping a VM is a request (hv/vm/lifecycle.c): devices, exit handlers
 * and the scheduler record why; the vCPU loop sees it after the exit and
 * returns (the request sets each vCPU's entry_work, which the loop checks
 * anyway); the scheduler carries it out on the full space (statistics,
 * restart, memory). The first request wins. Another CPU will stop a VM the
 * same way, with a kick to the CPUs that run it. */
#ifndef HV_LIFECYCLE_H
#define HV_LIFECYCLE_H
#include <stdbool.h>
#include "vm.h"

/* kind POWEROFF (code >= 0: the guest powered off), CRASH (code -1: the
 * hypervisor ended it), RESET (the guest reset its machine), DESTROY and
 * RESTART (the operator's, whatever the VM's config says). */
__attribute__((format(printf, 4, 5)))
void vm_request_stop(struct vm *vm, enum vm_stop kind, int code, const char *fmt, ...);

static inline bool vm_stop_requested(const struct vm *vm)
{
    return vm->stop != VM_STOP_NONE;
}

#endif
