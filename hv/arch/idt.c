/* The IDT: exception vectors 0-31, a spurious-interrupt vector, and the
 * host LAPIC's kick, idle-timer and spurious vectors. #DF, NMI and #MC run
 * on their own IST stacks. */
#include "percpu.h"
#include "asi.h"
#include <stdint.h>

struct __attribute__((packed)) idt_entry {
    uint16_t off_lo, sel;
    uint8_t ist, type;
    uint16_t off_mid;
    uint32_t off_hi, zero;
};

#define NVEC 33
extern const uint64_t isr_table[NVEC];
extern const uint64_t isr_host_irq[3];     /* the host's own interrupts, taken only in an idle HLT */
static const uint8_t host_irq_vec[3] = { 240, 241, 255 };
static struct idt_entry idt[256] __asi_shared __attribute__((aligned(16)));

static void gate(unsigned v, uint64_t a)
{
    idt[v] = (struct idt_entry){
        .off_lo = a & 0xffff, .sel = GDT_CODE,
        .ist = v == 8 ? 1 : v == 2 ? 2 : v == 18 ? 3 : 0,
        .type = 0x8e, /* present, interrupt gate */
        .off_mid = (a >> 16) & 0xffff, .off_hi = a >> 32,
    };
}

void idt_init(void)
{
    for (unsigned v = 0; v < NVEC; v++)
        gate(v, isr_table[v]);
    for (unsigned i = 0; i < 3; i++)
        gate(host_irq_vec[i], isr_host_irq[i]);
}

void idt_load(void)
{
    struct __attribute__((packed)) { uint16_t limit; uint64_t base; } p = {
        sizeof(idt) - 1, (uint64_t)idt };
    __asm__ volatile("lidt %0" :: "m"(p));
}
