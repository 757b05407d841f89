/* 8259A pair; see i8259.h. */
#include "i8259.h"

void i8259_reset(struct i8259_pair *p)
{
    *p = (struct i8259_pair){ .m = { .imr = 0xff }, .s = { .imr = 0xff } };
}

static int lowest_bit(uint8_t v)
{
    return v ? __builtin_ctz(v) : -1;
}

/* The IR a controller would raise: the highest-priority (lowest numbered)
 * requested, unmasked line above everything in service (fully nested). */
static int best(const struct i8259 *c, uint8_t extra_irr)
{
    if (!c->initialized || c->init_step)
        return -1;
    int r = lowest_bit((uint8_t)((c->irr | extra_irr) & ~c->imr));
    int s = lowest_bit(c->isr);
    if (r < 0 || (s >= 0 && s <= r))
        return -1;
    return r;
}

static bool slave_requests(const struct i8259_pair *p)
{
    return !p->m.single && best(&p->s, 0) >= 0;
}

int i8259_pending(const struct i8259_pair *p)
{
    int r = best(&p->m, slave_requests(p) ? 1u << 2 : 0);
    if (r < 0)
        return -1;
    if (r == 2 && !p->m.single && slave_requests(p))
        return (p->s.base & 0xf8) + best(&p->s, 0);
    return (p->m.base & 0xf8) + r;
}

int i8259_ack(struct i8259_pair *p)
{
    int vec = i8259_pending(p);
    if (vec < 0)
        return -1;
    int r = best(&p->m, slave_requests(p) ? 1u << 2 : 0);
    p->m.irr &= (uint8_t)~(1u << r);
    p->m.isr |= (uint8_t)(1u << r);
    if (r == 2 && !p->m.single) {
        int sr = best(&p->s, 0);
        p->s.irr &= (uint8_t)~(1u << sr);
        p->s.isr |= (uint8_t)(1u << sr);
    }
    return vec;
}

void i8259_raise(struct i8259_pair *p, unsigned irq)
{
    if (irq < 8)
        p->m.irr |= (uint8_t)(1u << irq);
    else if (irq < 16)
        p->s.irr |= (uint8_t)(1u << (irq - 8));
}

static void command(struct i8259 *c, uint8_t v)
{
    if (v & 0x10) {                                 /* ICW1: start initialization */
        *c = (struct i8259){ .init_step = 2, .icw4 = v & 1, .single = v & 2 };
        return;
    }
    if ((v & 0x18) == 0x08) {                       /* OCW3 */
        if (v & 2)
            c->read_isr = v & 1;
        return;
    }
    unsigned op = v >> 5;                           /* OCW2 */
    if (op == 1) {                                  /* non-specific EOI */
        int s = lowest_bit(c->isr);
        if (s >= 0)
            c->isr &= (uint8_t)~(1u << s);
    } else if (op == 3) {                           /* specific EOI */
        c->isr &= (uint8_t)~(1u << (v & 7));
    }                                               /* rotation modes: not modelled */
}

static void data(struct i8259 *c, uint8_t v)
{
    switch (c->init_step) {
    case 2:                                         /* ICW2: vector base */
        c->base = v & 0xf8;
        c->initialized = true;
        c->init_step = c->single ? (c->icw4 ? 4 : 0) : 3;
        return;
    case 3:                                         /* ICW3: cascade wiring (fixed here) */
        c->init_step = c->icw4 ? 4 : 0;
        return;
    case 4:                                         /* ICW4: 8086 mode assumed */
        c->init_step = 0;
        return;
    default:                                        /* OCW1: the mask */
        c->imr = v;
    }
}

void i8259_write(struct i8259_pair *p, bool slave, unsigned off, uint8_t val)
{
    struct i8259 *c = slave ? &p->s : &p->m;
    if (off == 0)
        command(c, val);
    else
        data(c, val);
}

uint8_t i8259_read(const struct i8259_pair *p, bool slave, unsigned off)
{
    const struct i8259 *c = slave ? &p->s : &p->m;
    if (off == 1)
        return c->imr;
    return c->read_isr ? c->isr : c->irr;
}
