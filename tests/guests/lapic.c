/* LAPIC: timer one-shot, periodic and TSC-deadline, HLT wake-up, self-IPI
 * through the ICR and through x2APIC SELF_IPI. */
#include "guest.h"

#define LAPIC 0xfee00000u
#define REG(o) (LAPIC + (o))

static void wait_irq(unsigned vec, unsigned n)
{
    for (int spins = 0; irq_count[vec] < n && spins < 1000; spins++)
        __asm__ volatile("sti; hlt; cli");
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    idt_setup();
    mmio_write32(REG(0xf0), 0x1ff);                 /* software enable, spurious 0xff */
    check((mmio_read32(REG(0x20)) >> 24) == 0, "lapic-id", "");
    mmio_write32(REG(0x3e0), 0xb);                  /* divide by 1 */

    mmio_write32(REG(0x320), 0x30);                 /* one-shot, vector 0x30 */
    mmio_write32(REG(0x380), 200000);
    uint32_t cur = mmio_read32(REG(0x390));
    check(cur > 0 && cur <= 200000, "tmcct-counts-down", "%u", cur);
    wait_irq(0x30, 1);
    check(irq_count[0x30] == 1, "timer-oneshot-hlt-wakeup", "%u", irq_count[0x30]);
    check(mmio_read32(REG(0x390)) == 0, "tmcct-zero-after", "");

    mmio_write32(REG(0x320), 0x31 | (1u << 17));    /* periodic */
    mmio_write32(REG(0x380), 100000);
    wait_irq(0x31, 3);
    mmio_write32(REG(0x320), 0x31 | (1u << 16));    /* mask */
    check(irq_count[0x31] >= 3, "timer-periodic", "%u ticks", irq_count[0x31]);

    mmio_write32(REG(0x320), 0x32 | (2u << 17));    /* TSC-deadline */
    wrmsr(0x6e0, rdtsc() + 300000);
    check(rdmsr(0x6e0) != 0, "tsc-deadline-armed", "");
    wait_irq(0x32, 1);
    check(irq_count[0x32] == 1, "timer-tsc-deadline", "%u", irq_count[0x32]);
    check(rdmsr(0x6e0) == 0, "tsc-deadline-cleared", "");

    __asm__ volatile("sti");
    mmio_write32(REG(0x300), (1u << 18) | 0x33);    /* self-IPI via ICR shorthand */
    __asm__ volatile("nop; cli");
    check(irq_count[0x33] == 1, "self-ipi-icr", "%u", irq_count[0x33]);

    wrmsr(0x1b, rdmsr(0x1b) | (1u << 10));          /* x2APIC mode */
    x2apic_mode = true;
    check(rdmsr(0x802) == 0 && (rdmsr(0x803) & 0xff) == 0x14, "x2apic-id-version", "");
    __asm__ volatile("sti");
    wrmsr(0x83f, 0x34);                             /* SELF_IPI */
    __asm__ volatile("nop; cli");
    check(irq_count[0x34] == 1, "self-ipi-x2apic", "%u", irq_count[0x34]);
    wrmsr(0x838, 50000);                            /* x2APIC TMICT, one-shot */
    wrmsr(0x832, 0x35);
    wrmsr(0x838, 50000);
    wait_irq(0x35, 1);
    check(irq_count[0x35] == 1, "x2apic-timer", "%u", irq_count[0x35]);
    return 0;
}
