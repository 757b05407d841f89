/* The host local APIC: mode, ID, IPIs. */
#include "apic.h"
#include "cpu.h"
#include "mm.h"
#include "asi.h"
#include "percpu.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_EN  (1u << 11)
#define APIC_BASE_X2  (1u << 10)

static bool x2 __asi_shared;                 /* every CPU in the same mode */
static uint64_t xapic_phys __asi_shared = 0xfee00000;
static bool deadline_timer __asi_shared;     /* every CPU the same (vmx_check_ap compares) */
static uint64_t oneshot_mult __asi_shared;   /* LAPIC timer counts per TSC tick, 32.32 fixed point */

bool apic_x2(void)
{
    return x2;
}

/* xAPIC MMIO: through this CPU's private-slot alias once it has one (every
 * restricted space maps it: an exit may EOI without leaving), else the physmap. */
static volatile uint32_t *reg(unsigned off)
{
    volatile uint32_t *va = this_cpu()->lapic_va;
    if (!va)
        va = phys_to_virt(xapic_phys);
    return (volatile uint32_t *)((volatile uint8_t *)va + off);
}

uint64_t apic_mmio_phys(void)
{
    return x2 ? 0 : xapic_phys;
}

void apic_write(unsigned off, uint32_t val)
{
    if (x2)
        wrmsr(0x800 + (off >> 4), val);
    else
        *reg(off) = val;
}

void apic_eoi(void)
{
    apic_write(0xb0, 0);
}

void apic_cpu_init(uint64_t xapic_base)
{
    if (xapic_base)
        xapic_phys = xapic_base;
    uint64_t b = rdmsr(MSR_APIC_BASE);
    if (cpuid(1, 0).ecx & (1u << 21)) {     /* x2APIC */
        if (!(b & APIC_BASE_EN))
            wrmsr(MSR_APIC_BASE, b |= APIC_BASE_EN);
        if (!(b & APIC_BASE_X2))
            wrmsr(MSR_APIC_BASE, b | APIC_BASE_X2);
        x2 = true;
    }
    /* Software-enabled so that fixed IPIs (the kick) are accepted; LINT0
     * masked: no device interrupt reaches the host (LINT1 keeps the
     * firmware's NMI wiring); the timer, disarmed until an idle loop arms
     * it, in TSC-deadline mode where the CPU has it. */
    apic_write(0xf0, 0x100 | APIC_SPURIOUS);    /* SVR first: a disabled LAPIC keeps LVTs masked */
    apic_write(0x350, 1u << 16);                /* LVT LINT0 */
    if (!x2)
        percpu_map_lapic(xapic_phys);
    deadline_timer = cpuid(1, 0).ecx & (1u << 24);
    /* TSC-deadline; else one-shot if a backend slices with it, else masked */
    apic_write(0x320, deadline_timer ? (2u << 17) | APIC_IDLE_TIMER : oneshot_mult ? APIC_IDLE_TIMER : 1u << 16);
}

/* The timer as a slice timer (hv/svm, which has no preemption timer): the
 * TSC deadline where the CPU has it, else one-shot mode calibrated against
 * the TSC over a millisecond, both on the idle timer's vector. */
void apic_slice_timer_init(uint64_t tsc_hz)
{
    if (deadline_timer)
        return;
    apic_write(0x3e0, 0xb);                     /* divide by 1 */
    apic_write(0x320, 1u << 16 | APIC_IDLE_TIMER);   /* masked while calibrating */
    apic_write(0x380, 0xffffffffu);
    uint64_t t0 = rdtsc(), dt = tsc_hz / 1000;
    while (rdtsc() - t0 < dt)
        cpu_relax();
    uint32_t left = *reg(0x390);
    uint64_t t1 = rdtsc();
    apic_write(0x380, 0);
    oneshot_mult = ((uint64_t)(0xffffffffu - left) << 32) / (t1 - t0);
    apic_write(0x320, APIC_IDLE_TIMER);        /* one-shot, unmasked */
}

void apic_slice_timer_arm(uint64_t now, uint64_t until)
{
    if (deadline_timer) {
        wrmsr(0x6e0, until);
        return;
    }
    uint64_t d = until > now ? until - now : 1;
    if (d > 0xffffffffull)
        d = 0xffffffffull;
    uint64_t n = (d * oneshot_mult) >> 32;
    apic_write(0x380, n ? (n > 0xffffffffull ? 0xffffffffu : (uint32_t)n) : 1);
}

bool apic_idle_timer(uint64_t tsc)
{
    if (!deadline_timer)
        return false;
    wrmsr(0x6e0, tsc);                          /* IA32_TSC_DEADLINE; 0 disarms */
    return true;
}

uint32_t apic_id(void)
{
    return x2 ? (uint32_t)rdmsr(0x802) : *reg(0x20) >> 24;
}

bool apic_send(uint32_t dest, uint32_t icr)
{
    if (x2) {
        wrmsr(0x830, (uint64_t)dest << 32 | icr);
        return true;
    }
    *reg(0x310) = dest << 24;
    *reg(0x300) = icr;
    for (int i = 0; i < 1000000; i++)
        if (!(*reg(0x300) & (1u << 12)))    /* delivery status: idle */
            return true;
    return false;
}
