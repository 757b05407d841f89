/* Whether a vCPU has an interrupt to take (the entry's event choice is in
 * entry_events.h, inlined into the run loop). */
#include "vcpu.h"

/* An interrupt the vCPU would take if it could: its LAPIC's, or the 8259's
 * through LINT0 (vCPU 0, as on a PC). */
bool vcpu_intr_pending(struct vcpu *v)
{
    return lapic_pending_vector(&v->lapic) >= 0 ||
           (v->id == 0 && lapic_accepts_extint(&v->lapic) && i8259_pending(&v->vm->dev.pic) >= 0);
}
