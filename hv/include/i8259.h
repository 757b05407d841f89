/* The two cascaded 8259A interrupt controllers of a PC (hv/dev/i8259.c):
 * what guests that do not use the IOAPIC (real-mode and simple test
 * kernels) take their ISA interrupts from. Edge-triggered, fully nested,
 * non-specific and specific EOI, OCW3 IRR/ISR reads. Pure: host-tested. */
#ifndef HV_I8259_H
#define HV_I8259_H
#include <stdint.h>
#include <stdbool.h>

struct i8259 {
    uint8_t irr, isr, imr;
    uint8_t base;               /* vector of IR0 (ICW2, low 3 bits zero) */
    uint8_t init_step;          /* 0 ready; 2, 3, 4: the next ICW expected */
    bool icw4, single;          /* ICW1: ICW4 follows; no cascade */
    bool read_isr;              /* OCW3: the command port reads ISR (else IRR) */
    bool initialized;           /* ICW1-ICW2 done once: it may deliver */
};

struct i8259_pair { struct i8259 m, s; };   /* master (0x20), slave (0xa0) on master IR2 */

void i8259_reset(struct i8259_pair *p);
/* port offset 0 (command) or 1 (data) of controller `slave` */
void i8259_write(struct i8259_pair *p, bool slave, unsigned off, uint8_t val);
uint8_t i8259_read(const struct i8259_pair *p, bool slave, unsigned off);
/* a rising edge on ISA IRQ 0-15 */
void i8259_raise(struct i8259_pair *p, unsigned irq);
/* the vector the pair would present to the CPU now, or -1 */
int i8259_pending(const struct i8259_pair *p);
/* the CPU takes it (INTA): in service from now on; returns the vector */
int i8259_ack(struct i8259_pair *p);

#endif
