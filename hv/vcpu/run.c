/* The vCPU run loop, the exit hot path: enter through the backend, get a
 * decoded exit, dispatch on its kind, account, enter again. Reads top to
 * bottom; the handlers live in exit_*.c. */
#include "vcpu.h"
#include "lifecycle.h"
#include "cpu.h"
#include "percpu.h"
#include "asi.h"
#include "kick.h"
#include "entry_events.h"

uint64_t slice_ticks __asi_shared = 10000000;   /* set from the TSC rate: 10 ms */

/* vCPUs of one VM may share a CPU: a guest spinning on a lock that a sibling
 * holds waits for the slice to end, so their slices are 1 ms, not 10. */
static inline uint64_t vcpu_slice(const struct vcpu *v)
{
    return v->vm->nvcpus > 1 ? slice_ticks / 10 : slice_ticks;
}

void vcpu_asi_follow(struct vcpu *v)
{
    if (this_cpu()->restricted_on != v->vm->asi_on) {
        asi_set(v->vm, v->vm->asi_on);
        arch_set_exit_space(v, asi_host_cr3(v->vm), v->vm->asi_on);
    }
}

static enum exit_action exit_fatal(struct vcpu *v)
{
    vm_request_stop(v->vm, VM_STOP_CRASH, -1, "%s", v->hw.why);
    return EXIT_VM_DEAD;
}

static enum exit_action exit_triple_fault(struct vcpu *v)
{
    vm_request_stop(v->vm, VM_STOP_RESET, -1, "triple fault at RIP 0x%llx (guest reset its CPU)",
                    (unsigned long long)arch_get_rip(v));
    return EXIT_VM_DEAD;
}

static enum exit_action exit_timer(struct vcpu *v)
{
    v->entry_work = true;           /* a LAPIC timer may be due; the timer needs a new value */
    uint64_t now = rdtsc();
    enum exit_action act = EXIT_CONTINUE;
    if (now >= v->slice_end) {      /* else it was a guest timer, not the end of the slice */
        v->slice_end = now + vcpu_slice(v);
        act = vcpu_watchdog(v);
    }
    v->timer_exits++;           /* after the watchdog: it compares exits counted so far */
    return act;
}

/* Another CPU kicked this one: something was posted for this vCPU, or its
 * VM is stopping (entry_work is set: the loop looks) or was paused. */
/* Out of line: a rare exit, so the dispatch the hot exits share keeps its registers. */
static __attribute__((noinline)) enum exit_action exit_kick(struct vcpu *v)
{
    ipi_kicked();                   /* seen (a wait loop would stop for it again) */
    if (v->req)
        lapic_take_requests(v);
    vcpu_io_work(v);
    vcpu_asi_follow(v);
    if (v->vm->paused || ipi_news_for_others(v->cpu, vcpu_kick_bit(v)))
        return EXIT_YIELD;          /* the scheduler looks at this CPU's other vCPUs */
    return EXIT_CONTINUE;
}

/* SVM: the guest's #UD. Is it VMCALL (0F 01 C1), which AMD CPUs do not know?
 * It is the hypercall as on VMX (guests built for Intel run unchanged, as on
 * KVM); any other instruction gets its #UD. Rare: out of line. */
static __attribute__((noinline)) bool ud_is_vmcall(struct vcpu *v)
{
    uint8_t b[3];
    if (!guest_read(v, arch_cs_base(v) + arch_get_rip(v), b, 3) && b[0] == 0x0f && b[1] == 0x01 && b[2] == 0xc1)
        return true;
    vcpu_inject_exception(v, 6, false, 0);
    return false;
}

static inline enum exit_action dispatch(struct vcpu *v, const struct vmexit *x)
{
    switch (x->kind) {
    case VMEXIT_CPUID:        return exit_cpuid(v);
    case VMEXIT_MSR_READ:     return exit_rdmsr(v);
    case VMEXIT_MSR_WRITE:    return exit_wrmsr(v);
    case VMEXIT_IO:           return exit_io(v, x);
    case VMEXIT_MMIO:         return exit_mmio(v, x);
    case VMEXIT_HLT:          return exit_hlt(v);
    case VMEXIT_UD_FAULT:     if (!ud_is_vmcall(v))
                                  return EXIT_CONTINUE;
                              __attribute__((fallthrough));    /* one call site: exit_vmcall stays inlined */
    case VMEXIT_HYPERCALL:    return exit_vmcall(v);
    case VMEXIT_XSETBV:       return exit_xsetbv(v);
    case VMEXIT_TIMER:        return exit_timer(v);
    case VMEXIT_INTR_WINDOW:  v->entry_work = true; return EXIT_CONTINUE;   /* injection: events.c */
    case VMEXIT_SKIP:         vcpu_skip(v, 0); return EXIT_CONTINUE;
    case VMEXIT_UD:           vcpu_inject_exception(v, 6, false, 0); return EXIT_CONTINUE;
    case VMEXIT_TRIPLE_FAULT: return exit_triple_fault(v);
    case VMEXIT_FATAL:        return exit_fatal(v);
    case VMEXIT_NONE:         return EXIT_CONTINUE;     /* the backend did it */
    case VMEXIT_KICK:         return exit_kick(v);
    case VMEXIT_CR_WRITE:     return exit_cr_write(v, x);
    default:                  __builtin_unreachable();  /* backends give only these kinds */
    }
}

enum exit_action vcpu_run(struct vcpu *v)
{
    struct vm *vm = v->vm;
    struct percpu *pc = this_cpu();
    uint64_t t_end = rdtsc();
    struct vmexit x;
    v->entry_work = true;
    v->slice_end = t_end + vcpu_slice(v);
    vcpu_io_work(v);
    vcpu_asi_follow(v);
    for (;;) {
        if (v->entry_work) {        /* events, timers, a stop request, an asi_exit */
            if (vm_stop_requested(vm))
                return EXIT_VM_DEAD;
            if (v->yield_now) {     /* it sent an IPI to a vCPU waiting on this CPU: let it run */
                v->yield_now = false;
                return EXIT_YIELD;
            }
            vcpu_prepare_entry(v, t_end);
            if (pc->asi_exited)
                asi_enter_slow();   /* last: nothing before the entry may leave again */
        }
        arch_enter(v, &x);
        uint64_t t0 = rdtsc();
        unsigned raw = x.raw_reason;
        pc->cur_exit = raw;
        enum exit_action act = dispatch(v, &x);
        t_end = rdtsc();
        struct exit_stat *s = &v->stats[raw];     /* its own table: no sharing between CPUs */
        s->count++;
        s->cycles += t_end - t0;
        if (act != EXIT_CONTINUE)
            return vm_stop_requested(vm) ? EXIT_VM_DEAD : act;
    }
}
