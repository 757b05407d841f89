/* tiny: the small VM of the default machine (config/tiny.cfg), there to be
 * managed from the control VM: `hvctl console tiny` talks to it, `hvctl
 * pause|destroy|create tiny` stop and start it. It answers each line typed
 * on its console and says every minute that it is alive. A multiboot
 * kernel of a few pages: HLT between its LAPIC timer's 100 ms ticks. */
#include "guest.h"

#define REG(r) (0xfee00000u + (r))
#define COM1 0x3f8

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    idt_setup();
    uint32_t r[4];
    cpuid(0x40000010, 0, r);
    uint32_t per_ms = r[1] ? r[1] : 1000000;        /* LAPIC timer kHz = ticks per ms */
    mmio_write32(REG(0xf0), 0x1ff);                 /* software-enable the LAPIC */
    mmio_write32(REG(0x3e0), 0xb);                  /* divide by 1 */
    printf("tiny: up; type a line and it answers (from the control VM: hvctl console tiny)\n");
    char line[80];
    unsigned len = 0, lines = 0;
    for (unsigned tick = 1;; tick++) {
        while (inb(COM1 + 5) & 1) {                 /* LSR: data ready */
            char c = (char)inb(COM1);
            if (c == '\r' || c == '\n') {
                line[len] = 0;
                printf("\ntiny: you typed '%s' (line %u, up %u s)\n", line, ++lines, tick / 10);
                len = 0;
            } else if ((c == 0x7f || c == 8) && len) {
                len--;
                printf("\b \b");
            } else if (c >= 32 && c < 127 && len < sizeof(line) - 1) {
                line[len++] = c;
                printf("%c", c);                    /* as a terminal echoes */
            }
        }
        if (tick % 600 == 0)
            printf("tiny: alive, up %u s, %u lines answered\n", tick / 10, lines);
        unsigned before = irq_count[0x30];
        mmio_write32(REG(0x320), 0x30);             /* one-shot, vector 0x30 */
        mmio_write32(REG(0x380), per_ms * 100);
        while (irq_count[0x30] == before)
            __asm__ volatile("sti; hlt; cli");
    }
}
