/* vm_request_stop: record the first reason a VM must stop. Nothing else
 * happens here: the scheduler acts on it (hv/vm/sched.c). */
#include "lifecycle.h"
#include "fmt.h"
#include "kick.h"
#include <stdarg.h>

void vm_request_stop(struct vm *vm, enum vm_stop kind, int code, const char *fmt, ...)
{
    if (vm->state != VM_RUNNING || vm->stop != VM_STOP_NONE || kind == VM_STOP_NONE)
        return;                 /* the first reason is the one reported */
    uint32_t none = 0;          /* vCPUs on two CPUs may ask at once: one claims it */
    if (!__atomic_compare_exchange_n(&vm->stop_claim, &none, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
        return;
    va_list ap;
    va_start(ap, fmt);
    hv_vsnprintf(vm->end_reason, sizeof(vm->end_reason), fmt, ap);
    va_end(ap);
    vm->stop_code = code;
    __atomic_store_n(&vm->stop, kind, __ATOMIC_SEQ_CST);   /* last: whoever sees it sees the reason */
    for (unsigned i = 0; i < vm->nvcpus; i++)
        vcpu_kick(&vm->vcpus[i]);           /* each run loop looks before its next entry */
}
