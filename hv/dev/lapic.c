/* Local APIC: xAPIC registers over MMIO and the same registers as x2APIC
 * MSRs; timer one-shot, periodic and TSC-deadline (clocked at the TSC rate,
 * divided by TDCR); EOI; IPIs to the VM's vCPUs (fixed, lowest priority,
 * NMI, INIT, SIPI; physical, logical, shorthands). One per vCPU. */
#include "vm.h"
#include "cpu.h"
#include "console.h"
#include "apicdest.h"
#include "kick.h"

#define LVT_MASKED (1u << 16)
#define TIMER_MODE(l) (((l)->lvt_timer >> 17) & 3)   /* 0 one-shot, 1 periodic, 2 TSC-deadline */

/* IRR and ISR are 256-bit sets with a summary byte (bit n: word n is not
 * empty), so "highest pending vector" is two bit scans, not a loop over
 * eight words on every event check. */
static void set_bit256(uint32_t *b, uint8_t *sum, unsigned v)
{
    b[v >> 5] |= 1u << (v & 31);
    *sum |= (uint8_t)(1u << (v >> 5));
}

static void clr_bit256(uint32_t *b, uint8_t *sum, unsigned v)
{
    if (!(b[v >> 5] &= ~(1u << (v & 31))))
        *sum &= (uint8_t)~(1u << (v >> 5));
}

/* The IRR is also written by other CPUs (an IPI or IOAPIC interrupt from
 * a vCPU running elsewhere): its bits and summary change atomically, the
 * word first when setting, the summary re-checked after clearing it, so a
 * summary bit is never missing under a non-empty word. The ISR is the
 * owner's alone. */
static void irr_set(struct lapic *l, unsigned v)
{
    __atomic_fetch_or(&l->irr[v >> 5], 1u << (v & 31), __ATOMIC_SEQ_CST);
    __atomic_fetch_or(&l->irr_sum, (uint8_t)(1u << (v >> 5)), __ATOMIC_SEQ_CST);
}

static void irr_clear(struct lapic *l, unsigned v)
{
    uint32_t *w = &l->irr[v >> 5];
    uint8_t bit = (uint8_t)(1u << (v >> 5));
    __atomic_fetch_and(w, ~(1u << (v & 31)), __ATOMIC_SEQ_CST);
    if (__atomic_load_n(w, __ATOMIC_SEQ_CST))
        return;
    __atomic_fetch_and(&l->irr_sum, (uint8_t)~bit, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(w, __ATOMIC_SEQ_CST))      /* set meanwhile by another CPU */
        __atomic_fetch_or(&l->irr_sum, bit, __ATOMIC_SEQ_CST);
}

static int highest(const uint32_t *b, uint8_t sum)
{
    if (!sum)
        return -1;
    int i = 31 - __builtin_clz(sum);
    return i * 32 + 31 - __builtin_clz(b[i]);
}

/* The same for the IRR, which a CPU reading another vCPU's may catch
 * between word and summary: an empty word then reads as its lowest vector
 * (a moment's "something is pending"), never as undefined. */
static int highest_irr(const struct lapic *l)
{
    uint8_t sum = l->irr_sum;
    if (!sum)
        return -1;
    int i = 31 - __builtin_clz(sum);
    return i * 32 + 31 - __builtin_clz(l->irr[i] | 1);
}

void lapic_init(struct vcpu *v)
{
    struct lapic *l = &v->lapic;
    *l = (struct lapic){ 0 };
    l->id = v->id;
    l->dfr = 0xffffffff;
    l->svr = 0xff;
    l->lvt_timer = l->lvt_lint0 = l->lvt_lint1 = l->lvt_error = LVT_MASKED;
    l->lvt_thermal = l->lvt_perf = l->lvt_cmci = LVT_MASKED;
    l->apic_base = LAPIC_BASE | (1u << 11) | (v->id == 0 ? 1u << 8 : 0);
}

void lapic_set_irr(struct lapic *l, unsigned vec)
{
    if (vec >= 16)
        irr_set(l, vec);
}

static unsigned divisor(const struct lapic *l)
{
    unsigned d = (l->tdcr & 3) | ((l->tdcr >> 1) & 4);
    return d == 7 ? 1 : 2u << d;
}

/* The timer is due (the check before it is inline: dev.h). */
void lapic_timer_fire(struct lapic *l, uint64_t now)
{
    if (!(l->lvt_timer & LVT_MASKED))
        lapic_set_irr(l, l->lvt_timer & 0xff);
    if (TIMER_MODE(l) == 1 && l->tmict) {
        uint64_t period = (uint64_t)l->tmict * divisor(l);
        l->deadline += period;
        if (l->deadline <= now)     /* fell far behind: do not replay every tick */
            l->deadline = now + period;
    } else {
        l->deadline = 0;
        if (TIMER_MODE(l) == 2)
            l->tsc_deadline = 0;
    }
}

uint64_t lapic_next_deadline(struct vcpu *v)
{
    const struct lapic *l = &v->lapic;
    return (l->lvt_timer & LVT_MASKED) ? 0 : l->deadline;
}

int lapic_pending_vector(struct lapic *l)
{
    if (!(l->svr & 0x100))
        return -1;
    int irr = highest_irr(l);
    if (irr < 0)
        return -1;
    int isr = highest(l->isr, l->isr_sum);
    unsigned ppr = l->tpr & 0xf0;
    if (isr >= 0 && (unsigned)(isr & 0xf0) > ppr)
        ppr = isr & 0xf0;
    return ((unsigned)irr & 0xf0) > ppr ? irr : -1;
}

bool lapic_accepts_extint(const struct lapic *l)
{
    if (!(l->apic_base & (1u << 11)) || !(l->svr & 0x100))
        return true;                /* APIC off: the INTR pin goes to the core (virtual wire) */
    return !(l->lvt_lint0 & LVT_MASKED) && ((l->lvt_lint0 >> 8) & 7) == 7;
}

void lapic_ack(struct lapic *l, unsigned vec)
{
    irr_clear(l, vec);
    set_bit256(l->isr, &l->isr_sum, vec);
}

static void eoi(struct lapic *l)
{
    int v = highest(l->isr, l->isr_sum);
    if (v >= 0)
        clr_bit256(l->isr, &l->isr_sum, (unsigned)v);
}

void lapic_target(const struct vcpu *v, struct apic_target *t)
{
    *t = (struct apic_target){ .id = v->lapic.id, .ldr = v->lapic.ldr, .dfr = v->lapic.dfr,
                               .x2apic = v->lapic.apic_base & (1u << 10) };
}

/* INIT: the vCPU stops and waits for a SIPI, its LAPIC reset (ID kept). */
static void deliver_init(struct vcpu *t)
{
    uint32_t id = t->lapic.id;
    uint64_t base = t->lapic.apic_base;
    lapic_init(t);
    t->lapic.id = id;
    t->lapic.apic_base = base & ~(1ull << 10);      /* back to xAPIC mode */
    t->wait_sipi = true;
    t->sipi_vector = -1;
    t->halted = false;
    t->nmi_pending = false;
    t->pending_exc = -1;            /* INIT drops what was waiting to be delivered (an NMI too) */
    t->yield_now = true;            /* if it is the sender itself, it stops after this exit */
    t->entry_work = true;
}

/* INIT, SIPI and NMI for t, on t's own CPU (see post). Posted ones come
 * together, in no known order: taken as NMI, INIT, SIPI, the order a guest
 * sends them in (an NMI flood, then INIT-SIPI to restart the AP). An NMI
 * taken after the INIT would be injected into the code the SIPI starts:
 * in its real-mode trampoline, mid-switch to protected mode, a triple fault
 * (svm-smp-guest-2vcpus-2cpus failed so about one run in eight). */
static void apply(struct vcpu *t, uint32_t req, unsigned vec)
{
    if ((req & VCPU_REQ_NMI) && !t->wait_sipi) {    /* injected as "vector 2" (events.c), one at a time */
        if (!t->nmi_pending && t->pending_exc < 0)
            t->pending_exc = 2;
        t->nmi_pending = true;
        t->entry_work = true;
    }
    if (req & VCPU_REQ_INIT)
        deliver_init(t);                /* drops the NMI */
    if ((req & VCPU_REQ_SIPI) && t->wait_sipi) {    /* only a vCPU waiting for one starts */
        t->wait_sipi = false;
        t->sipi_vector = (int)vec;
    }
}

/* A message for t from v: t's state is written directly when the two share
 * a CPU (they never run at once); otherwise only posted, atomically, for
 * t's CPU to apply (lapic_take_requests). Then t is told. */
static void post(struct vcpu *v, struct vcpu *t, uint32_t req, unsigned vec)
{
    if (t->cpu == v->cpu) {
        apply(t, req, vec);
    } else {
        if (req & VCPU_REQ_SIPI)
            t->req_sipi = (uint8_t)vec;
        __atomic_fetch_or(&t->req, req, __ATOMIC_SEQ_CST);
    }
    vcpu_kick(t);
}

void lapic_take_requests(struct vcpu *t)
{
    uint32_t req = __atomic_exchange_n(&t->req, 0, __ATOMIC_SEQ_CST);
    apply(t, req, t->req_sipi);
}

/* An interrupt message from v's ICR to every vCPU of its VM that the
 * destination names: fixed and lowest priority (to the first match, as
 * the spec leaves the choice to the implementation), NMI, INIT, SIPI. */
static __attribute__((noinline)) void write_icr(struct vcpu *v, uint32_t lo, uint32_t dest)
{
    enum apic_shorthand sh = (enum apic_shorthand)((lo >> 18) & 3);
    unsigned mode = (lo >> 8) & 7, vec = lo & 0xff;
    bool logical = lo & (1u << 11);
    if (mode == 5 && !(lo & (1u << 14)))
        return;                     /* INIT level de-assert: nothing to do */
    if (mode == 2 || mode == 7 || ((mode == 5 || mode == 6) && (sh == SH_SELF || sh == SH_ALL)))
        return;                     /* SMI, ExtINT; INIT/SIPI to self: not delivered */
    struct vm *vm = v->vm;
    for (unsigned i = 0; i < vm->nvcpus; i++) {
        struct vcpu *t = &vm->vcpus[i];
        struct apic_target at;
        lapic_target(t, &at);
        if (!apic_dest_match(sh, logical, dest, v->lapic.id, &at))
            continue;
        if (t != v && t->cpu == v->cpu) {   /* it shares this CPU: the sender yields, so that
                                               a guest spinning on the answer does not wait a slice */
            v->yield_now = true;
            v->entry_work = true;
        }
        switch (mode) {
        case 0: case 1:             /* fixed, lowest priority */
            if (vec < 16)
                break;              /* illegal vector: an APIC error, nothing delivered */
            lapic_set_irr(&t->lapic, vec);
            vcpu_kick(t);
            if (mode == 1)
                return;
            break;
        case 4:
            post(v, t, VCPU_REQ_NMI, 0);
            break;
        case 5:
            post(v, t, VCPU_REQ_INIT, 0);
            break;
        case 6:
            post(v, t, VCPU_REQ_SIPI, vec);
            break;
        }
    }
}

static void arm_timer(struct vcpu *v)
{
    struct lapic *l = &v->lapic;
    l->timer_start = rdtsc();
    l->deadline = l->tmict ? l->timer_start + (uint64_t)l->tmict * divisor(l) : 0;
}

/* Register read by offset (0x20 .. 0x3f0); 0 = ok, -1 = no such register. */
static int reg_read(struct vcpu *v, unsigned off, uint64_t *val)
{
    struct lapic *l = &v->lapic;
    bool x2 = l->apic_base & (1u << 10);
    switch (off) {
    case 0x20: *val = x2 ? l->id : l->id << 24; return 0;
    case 0x30: *val = 0x50014; return 0;
    case 0x80: *val = l->tpr; return 0;
    case 0xa0: { int i = highest(l->isr, l->isr_sum); unsigned p = l->tpr & 0xf0;
        *val = (i >= 0 && (unsigned)(i & 0xf0) > p) ? (unsigned)(i & 0xf0) : l->tpr; return 0; }
    case 0xb0: *val = 0; return 0;
    case 0xd0: *val = x2 ? ((l->id >> 4) << 16) | (1u << (l->id & 15)) : l->ldr; return 0;
    case 0xe0: *val = l->dfr; return 0;
    case 0xf0: *val = l->svr; return 0;
    case 0x280: *val = l->esr; return 0;
    case 0x2f0: *val = l->lvt_cmci; return 0;
    case 0x300: *val = l->icr_lo; return 0;           /* delivery status: idle */
    case 0x310: *val = l->icr_hi; return 0;
    case 0x320: *val = l->lvt_timer; return 0;
    case 0x330: *val = l->lvt_thermal; return 0;
    case 0x340: *val = l->lvt_perf; return 0;
    case 0x350: *val = l->lvt_lint0; return 0;
    case 0x360: *val = l->lvt_lint1; return 0;
    case 0x370: *val = l->lvt_error; return 0;
    case 0x380: *val = l->tmict; return 0;
    case 0x390: {
        uint64_t now = rdtsc();
        *val = (TIMER_MODE(l) != 2 && l->deadline > now) ? (l->deadline - now) / divisor(l) : 0;
        return 0;
    }
    case 0x3e0: *val = l->tdcr; return 0;
    default:
        if (off >= 0x100 && off < 0x180) { *val = l->isr[(off - 0x100) >> 4]; return 0; }
        if (off >= 0x180 && off < 0x200) { *val = 0; return 0; }
        if (off >= 0x200 && off < 0x280) { *val = l->irr[(off - 0x200) >> 4]; return 0; }
        return -1;
    }
}

static int reg_write(struct vcpu *v, unsigned off, uint64_t val)
{
    struct lapic *l = &v->lapic;
    uint32_t w = (uint32_t)val;
    switch (off) {
    case 0x20: if (!(l->apic_base & (1u << 10))) l->id = w >> 24; return 0;
    case 0x80: l->tpr = w & 0xff; return 0;
    case 0xb0: eoi(l); return 0;
    case 0xd0: l->ldr = w & 0xff000000; return 0;
    case 0xe0: l->dfr = w | 0x0fffffff; return 0;
    case 0xf0: l->svr = w & 0x13ff; return 0;
    case 0x280: l->esr = 0; return 0;
    case 0x2f0: l->lvt_cmci = w & 0x117ff; return 0;
    case 0x300:
        l->icr_lo = w & ~(1u << 12);    /* delivery is done at once: status idle */
        write_icr(v, w, (l->apic_base & (1u << 10)) ? (uint32_t)(val >> 32) : l->icr_hi >> 24);
        return 0;
    case 0x310: l->icr_hi = w; return 0;
    case 0x320: {
        unsigned old = TIMER_MODE(l);
        l->lvt_timer = w & 0x710ff;
        if (TIMER_MODE(l) != old) {     /* switching modes disarms the timer */
            l->deadline = 0;
            l->tsc_deadline = 0;
        }
        return 0;
    }
    case 0x330: l->lvt_thermal = w & 0x107ff; return 0;
    case 0x340: l->lvt_perf = w & 0x107ff; return 0;
    case 0x350: l->lvt_lint0 = w & 0x1a7ff; return 0;
    case 0x360: l->lvt_lint1 = w & 0x1a7ff; return 0;
    case 0x370: l->lvt_error = w & 0x100ff; return 0;
    case 0x380:
        if (TIMER_MODE(l) == 2)
            return 0;
        l->tmict = w;
        arm_timer(v);
        return 0;
    case 0x3e0: l->tdcr = w & 0xb; return 0;
    case 0x3f0: lapic_set_irr(l, w & 0xff); return 0;  /* x2APIC SELF_IPI (the sender's own) */
    default:
        return -1;
    }
}

void lapic_mmio(void *dev, struct vcpu *v, uint64_t offset, unsigned size, bool write, uint64_t *val)
{
    unsigned off = offset & 0xff0;
    (void)size, (void)dev;     /* the LAPIC is the accessing vCPU's own */
    v->entry_work |= write;         /* timers, IPIs, EOI: the next entry must look */
    if (v->lapic.apic_base & (1u << 10)) {     /* x2APIC mode: MMIO is off */
        if (!write)
            *val = 0xffffffff;
        return;
    }
    if (write) {
        if (off != 0x3f0)
            reg_write(v, off, *val);
    } else if (reg_read(v, off, val)) {
        *val = 0;
    }
}

int lapic_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    if (!(v->lapic.apic_base & (1u << 10)))
        return -1;                              /* x2APIC MSRs #GP in xAPIC mode */
    if (msr == 0x830) {
        *val = 0;
        return 0;
    }
    return reg_read(v, (msr - 0x800) << 4, val);
}

int lapic_msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
    struct lapic *l = &v->lapic;
    if (msr == 0x6e0) {
        uint64_t old = l->deadline;
        l->tsc_deadline = val;
        if (TIMER_MODE(l) == 2) {
            l->deadline = val ? val - v->vm->tsc_offset : 0;
            if (!l->deadline && val)
                l->deadline = 1;    /* a deadline in the past fires at once */
        }
        v->entry_work |= l->deadline != old;    /* the exit timer follows a changed deadline only */
        return 0;
    }
    v->entry_work = true;           /* EOI, TPR, ICR, timer: events may change */
    if (msr == 0x1b) {
        /* enable (bit 11) and x2APIC (bit 10); the base stays where it is */
        l->apic_base = (l->apic_base & ~((1ull << 10) | (1ull << 11))) | (val & ((1ull << 10) | (1ull << 11)));
        return 0;
    }
    if (!(l->apic_base & (1u << 10)))
        return -1;
    if (msr == 0x830)
        return reg_write(v, 0x300, val);
    if (msr == 0x802 || msr == 0x803 || msr == 0x80d || msr == 0x839)
        return -1;                              /* read-only in x2APIC mode */
    return reg_write(v, (msr - 0x800) << 4, val);
}
