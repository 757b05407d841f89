/* At the end of a time slice: a vCPU that made no other exit for the
 * watchdog period with interrupts off is stuck for good; otherwise it may
 * keep the CPU unless another VM needs it. */
#include "vcpu.h"
#include "lifecycle.h"
#include "cpu.h"
#include "tsc.h"
#include "options.h"
#include "percpu.h"
#include "conswitch.h"
#include "console.h"

enum exit_action vcpu_watchdog(struct vcpu *v)
{
    struct vm *vm = v->vm;
    uint64_t now = rdtsc();
    uint64_t progress = vcpu_total_exits(v) - v->timer_exits;   /* its own: siblings may run elsewhere */
    if (progress != v->wd_progress || (arch_get_rflags(v) & 0x200)) {
        v->wd_progress = progress;
        v->wd_since = now;
        return vcpu_should_yield(now) ? EXIT_YIELD : EXIT_CONTINUE;
    }
    uint64_t limit = hv_opts.watchdog_ms * (tsc_hz / 1000);
    if (limit && now - v->wd_since > limit) {
        vm_request_stop(vm, VM_STOP_CRASH, -1,
                        "watchdog: no exit for %llu ms with interrupts disabled (endless loop at RIP 0x%llx)",
                        (unsigned long long)hv_opts.watchdog_ms, (unsigned long long)arch_get_rip(v));
        return EXIT_VM_DEAD;
    }
    return vcpu_should_yield(now) ? EXIT_YIELD : EXIT_CONTINUE;
}

/* Does another VM need this CPU now? (Hints the scheduler left in per-CPU
 * data.) Or is there console input for the hypervisor's keys, or for the
 * VM this CPU feeds it to (a guest that spins must not keep it from it)? */
bool vcpu_should_yield(uint64_t now)
{
    struct percpu *pc = this_cpu();
    bool input_matters = pc->input_waiter || (console_input.target < 0 && pc->cpu == 0);
    return pc->others_runnable || now >= pc->foreign_deadline || (input_matters && serial_has_input());
}
