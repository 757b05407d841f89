/* What the next VM entry carries, when there is work: one event at most,
 * exceptions first (an NMI sent through an ICR rides here as vector 2), then
 * the highest LAPIC vector if the guest can take it,
 * else an interrupt window; and when the guest must exit again (end of the
 * slice or the next timer). The backend programs it. Included by run.c only:
 * always inlined into the run loop (on every exit with entry work). */
#ifndef HV_ENTRY_EVENTS_H
#define HV_ENTRY_EVENTS_H
#include "vcpu.h"

static inline __attribute__((always_inline)) void vcpu_prepare_entry(struct vcpu *v, uint64_t now)
{
    struct vcpu_entry e = { .exc = -1, .intr = -1, .now = now };
    bool more = false;
    vcpu_timers_update(v, now);
    if (v->hw.reinject) {
        more = true;                /* an interrupted delivery goes first (backend) */
    } else if (v->pending_exc >= 0) {
        e.exc = v->pending_exc;
        e.exc_has_err = v->pending_exc_has_err;
        e.exc_err = v->pending_exc_err;
        v->pending_exc = v->nmi_pending && e.exc != 2 ? 2 : -1;    /* an NMI waiting behind it */
        more = true;
    } else {
        int vec = lapic_pending_vector(&v->lapic);
        bool pic = vec < 0 && v->id == 0 && lapic_accepts_extint(&v->lapic) &&
                   (vec = i8259_pending(&v->vm->dev.pic)) >= 0;
        if (vec >= 0) {
            if (arch_intr_allowed(v)) {
                if (pic) {
                    vm_dev_lock(v->vm);
                    i8259_ack(&v->vm->dev.pic);     /* INTA */
                    vm_dev_unlock(v->vm);
                }
                else
                    lapic_ack(&v->lapic, (unsigned)vec);
                e.intr = vec;
            } else {
                e.window = true;
            }
            more = true;            /* more vectors may be waiting */
        }
    }
    e.until = v->slice_end;
    uint64_t dl = vcpu_next_deadline(v);
    if (dl && dl < e.until)
        e.until = dl;
    v->entry_work = arch_prepare_entry(v, &e) || more;
}

#endif
