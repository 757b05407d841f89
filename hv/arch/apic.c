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
}

bool apic_x2(void)
{
    return x2;
}

static volatile uint32_t *reg(unsigned off)
{
    return (volatile uint32_t *)((uint8_t *)phys_to_virt(xapic_phys) + off);
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
