/* vm_request_stop: record the first reason a VM must stop. Nothing else
 * happens here: the scheduler acts on it (hv/vm/sched.c). */
#include "lifecycle.h"
#include "fmt.h"
#include <stdarg.h>

void vm_request_stop(struct vm *vm, enum vm_stop kind, int code, const char *fmt, ...)
{
    if (vm->state != VM_RUNNING || vm->stop != VM_STOP_NONE || kind == VM_STOP_NONE)
        return;                 /* the first reason is the one reported */
    va_list ap;
    va_start(ap, fmt);
    hv_vsnprintf(vm->end_reason, sizeof(vm->end_reason), fmt, ap);
    va_end(ap);
    vm->stop_code = code;
    vm->stop = kind;            /* last: a reader that sees it sees the reason */
    for (unsigned i = 0; i < vm->nvcpus; i++)
        vm->vcpus[i].entry_work = true;     /* the kick: its run loop looks before the next entry */
}
