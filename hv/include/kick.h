/* Telling a vCPU that something was posted for it (an IRR bit, a request,
 * a stop): on this CPU its loop is told directly (the two never run at
 * once); on another CPU that CPU gets a kick IPI, which makes it leave
 * guest mode (or, in host code, leave it at the next entry) and look.
 * Inline: a self-IPI is on the interrupt bench path. docs/smp.md. */
#ifndef HV_KICK_H
#define HV_KICK_H
#include "vm.h"
#include "ipi.h"

/* A vCPU's bit in ipi_kick_for (shared by several: a false "news for
 * another" costs one trip through the scheduler). */
static inline uint64_t vcpu_kick_bit(const struct vcpu *t)
{
    return 1ull << ((t->vm->id * VM_MAX_VCPUS + t->id) & 63);
}

static inline void vcpu_kick(struct vcpu *t)
{
    struct percpu *pc = this_cpu();
    if (t->cpu != pc->cpu) {
        ipi_kick_vcpu(t->cpu, vcpu_kick_bit(t));
        return;
    }
    t->entry_work = true;
    if (t != pc->loaded)
        pc->others_runnable = true;     /* a halted sibling here must get the CPU */
}

#endif
