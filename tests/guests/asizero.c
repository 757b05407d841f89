/* Every common exit type, thousands of times; then the hypervisor's own
 * counters must show zero asi_exits for each of them. */
#include "guest.h"

#define N 2000
#define LAPIC 0xfee00000u

static long stats(long reason, long *cycles, long *asi)
{
    long ret = hypercall(4, reason, 0, cycles, asi);     /* VMCALL, or VMMCALL on AMD */
    return ret;
}

static void report(const char *name, long reason, long min)
{
    long cyc, asi;
    long n = stats(reason, &cyc, &asi);
    check(n >= min && asi == 0, name, "%ld exits, %ld asi_exits", n, asi);
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    if (!under_hypervisor()) {
        printf("not under a hypervisor: skipping\n");
        return 0;
    }
    idt_setup();
    uint32_t r[4];
    for (int i = 0; i < N; i++)
        cpuid(0, 0, r);
    for (int i = 0; i < N; i++)
        wrmsr(0x6e0, 0);                            /* TSC_DEADLINE (disarmed) */
    for (int i = 0; i < N; i++)
        (void)rdmsr(0x1b);                          /* APIC_BASE */
    for (int i = 0; i < N; i++)
        (void)inl(0x608);                           /* ACPI PM timer */
    for (int i = 0; i < N; i++)
        outb(0x3f8 + 7, (uint8_t)i);                /* UART scratch */
    for (int i = 0; i < N; i++) {
        mmio_write32(LAPIC + 0x80, i & 0xf0);       /* TPR: EPT violation + decode */
        (void)mmio_read32(LAPIC + 0x80);
    }
    for (int i = 0; i < N; i++)
        (void)hypercall(0, 0, 0, 0, 0);
    mmio_write32(LAPIC + 0x80, 0);
    mmio_write32(LAPIC + 0xf0, 0x1ff);
    mmio_write32(LAPIC + 0x3e0, 0xb);
    mmio_write32(LAPIC + 0x320, 0x30);              /* one-shot timer, then HLT until it fires */
    for (int i = 0; i < 200; i++) {
        unsigned before = irq_count[0x30];
        mmio_write32(LAPIC + 0x380, 5000);
        while (irq_count[0x30] == before)
            __asm__ volatile("sti; hlt; cli");
    }
    check(irq_count[0x30] == 200, "timer-wakeups", "%u", irq_count[0x30]);
    report("asi0-cpuid", 10, N);
    report("asi0-rdmsr", 31, N);
    report("asi0-wrmsr", 32, N);
    report("asi0-io", 30, 2 * N);
    report("asi0-mmio-decode", 48, 2 * N);
    report("asi0-hypercall", 18, N);
    report("asi0-hlt", 12, 200);
    report("asi0-interrupt-window-or-timer", 52, 0);
    long cyc, asi;
    long tot = stats(0xffff, &cyc, &asi);
    check(asi == 0, "asi0-all-exits", "%ld exits, %ld asi_exits", tot, asi);
    return 0;
}
