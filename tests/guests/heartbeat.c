/* A healthy VM that keeps answering while another VM misbehaves: each beat
 * checks CPUID and a hypercall, prints "alive N" (every tenth), then waits
 * 1 ms for its LAPIC timer: halted, or with spin=1 spinning with
 * interrupts on (a VM that never gives up its CPU by itself).
 * extra: beats=N (default 100), spin=1. */
#include "guest.h"

#define REG(r) (0xfee00000u + (r))

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    idt_setup();
    const char *b = cmdline_arg(info, "beats");
    unsigned beats = 0;
    for (; b && *b >= '0' && *b <= '9'; b++)
        beats = beats * 10 + (unsigned)(*b - '0');
    if (!beats)
        beats = 100;
    const char *sp = cmdline_arg(info, "spin");
    bool spin = sp && *sp == '1';
    uint32_t r[4];
    cpuid(0x40000010, 0, r);
    uint32_t per_ms = r[1] ? r[1] : 1000000;        /* LAPIC timer kHz = ticks per ms */
    mmio_write32(REG(0xf0), 0x1ff);                 /* software-enable the LAPIC */
    mmio_write32(REG(0x3e0), 0xb);                  /* divide by 1 */
    unsigned bad = 0;
    for (unsigned n = 1; n <= beats; n++) {
        cpuid(0x40000000, 0, r);
        bad += r[1] != 0x48495341u;                 /* "ASIH" */
        bad += hypercall(0, 0, 0, 0, 0) != 0;
        if (n % 10 == 0)
            printf("alive %u\n", n);
        unsigned before = irq_count[0x30];
        mmio_write32(REG(0x320), 0x30);             /* one-shot, vector 0x30 */
        mmio_write32(REG(0x380), per_ms);
        while (irq_count[0x30] == before) {
            if (spin)
                __asm__ volatile("sti; pause; pause; cli");
            else
                __asm__ volatile("sti; hlt; cli");
        }
    }
    check(bad == 0, "heartbeat", "%u beats, %u wrong answers", beats, bad);
    return 0;
}
