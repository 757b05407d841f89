/* A vCPU's timer sources in one place: its LAPIC timer and the VM's PIT. */
#include "vcpu.h"

uint64_t vcpu_next_deadline(struct vcpu *v)
{
    uint64_t a = lapic_next_deadline(v), b = v->id == 0 ? pit_next_deadline(v->vm) : 0;
    if (!a)
        return b;
    if (!b)
        return a;
    return a < b ? a : b;
}
