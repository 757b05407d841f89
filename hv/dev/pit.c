/* 8254 PIT channel 0: modes 0 (one-shot), 2 and 3 (periodic) raise ISA IRQ0
 * (GSI 2 through the IOAPIC, as the MADT override says). Linux's boot-time
 * check that the timer interrupt works depends on it. Counting is derived
 * from the TSC; channels 1 and 2 are not modelled. */
#include "vm.h"
#include "kick.h"
#include "iobus.h"
#include "cpu.h"
#include "tsc.h"

#define PIT_HZ 1193182ull

static uint64_t ticks_per_count(void)
{
    return tsc_hz ? tsc_hz : 1000000000ull;
}

/* TSC ticks for n PIT counts */
static uint64_t tsc_for(uint64_t n)
{
    return n * ticks_per_count() / PIT_HZ;
}

static uint16_t current_count(const struct pit *p, uint64_t now)
{
    if (!p->start)
        return 0;
    uint64_t elapsed = (now - p->start) * PIT_HZ / ticks_per_count();
    if (p->mode == 0)
        return elapsed >= p->reload ? 0 : (uint16_t)(p->reload - elapsed);
    return (uint16_t)(p->reload - elapsed % p->reload);
}

static void pit_io(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)size;
    struct pit *p = &((struct vm *)dev)->dev.pit;
    bool in = !write;
    unsigned port = 0x40 + (unsigned)off;
    uint64_t now = rdtsc();
    if (port == 0x43) {
        if (in) {
            *val = 0xff;
            return;
        }
        unsigned ch = (*val >> 6) & 3, acc = (*val >> 4) & 3;
        if (ch != 0)
            return;                     /* channels 1, 2 and read-back: not modelled */
        if (acc == 0) {                 /* counter latch */
            p->latch = current_count(p, now);
            p->latched = true;
            p->read_hi = false;
            return;
        }
        p->access = (uint8_t)acc;
        p->mode = (uint8_t)((*val >> 1) & 7);
        if (p->mode > 5)
            p->mode -= 4;               /* 6, 7 alias 2, 3 */
        p->write_hi = p->read_hi = false;
        p->next = 0;                    /* writing the control word stops the count */
        return;
    }
    if (port != 0x40) {
        if (in)
            *val = 0xff;
        return;
    }
    if (in) {
        uint16_t c = p->latched ? p->latch : current_count(p, now);
        bool hi = p->access == 2 || (p->access == 3 && p->read_hi);
        *val = hi ? c >> 8 : c & 0xff;
        if (p->access == 3)
            p->read_hi = !p->read_hi;
        if (p->access != 3 || !p->read_hi)
            p->latched = false;
        return;
    }
    uint8_t b = (uint8_t)*val;
    if (p->access == 1 || (p->access == 3 && !p->write_hi)) {
        p->reload = (p->reload & 0xff00) | b;
        if (p->access == 3) {
            p->write_hi = true;
            return;
        }
    } else {
        p->reload = (p->reload & 0x00ff) | ((uint32_t)b << 8);
        p->write_hi = false;
    }
    if ((p->reload & 0xffff) == 0)
        p->reload = 65536;
    p->start = now;
    p->next = now + tsc_for(p->reload);
    vcpu_kick(&v->vm->vcpus[0]);        /* vCPU 0 keeps the PIT's timer: it must know */
}

/* IRQ0 is due: under the device lock (vCPU 0's entry path; other vCPUs may
 * be reprogramming the PIT on other CPUs). The check before it is inline (dev.h). */
void pit_fire(struct vm *vm, uint64_t now)
{
    struct pit *p = &vm->dev.pit;
    vm_dev_lock(vm);
    if (p->next && now >= p->next) {
        vm_isa_irq(vm, 0);
        if (p->mode == 2 || p->mode == 3) {
            uint64_t period = tsc_for(p->reload);
            p->next += period;
            if (p->next <= now)         /* far behind: one interrupt, not a burst */
                p->next = now + period;
        } else {
            p->next = 0;
        }
    }
    vm_dev_unlock(vm);
}

uint64_t pit_next_deadline(struct vm *vm)
{
    return vm->dev.pit.next;
}

void dev_pit_init(struct vm *vm)
{
    iobus_register(&vm->bus, IOBUS_PIO, 0x40, 4, pit_io, vm, "pit");
}
