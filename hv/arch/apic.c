/* The host local APIC: mode, ID, IPIs. */
#include "apic.h"
#include "cpu.h"
#include "mm.h"
#include "asi.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_EN  (1u << 11)
#define APIC_BASE_X2  (1u << 10)

static bool x2 __asi_shared;                 /* every CPU in the same mode */
static uint64_t xapic_phys = 0xfee00000;
static bool deadline_timer;                  /* every CPU the same (vmx_check_ap compares) */

bool apic_x2(void)
{
    return x2;
}

static volatile uint32_t *reg(unsigned off)
{
    return (volatile uint32_t *)((uint8_t *)phys_to_virt(xapic_phys) + off);
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
    deadline_timer = cpuid(1, 0).ecx & (1u << 24);
    apic_write(0x320, deadline_timer ? (2u << 17) | APIC_IDLE_TIMER : 1u << 16);   /* TSC-deadline, else masked */
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
