/* IOAPIC register file (IOREGSEL/IOWIN, 24 redirection entries, all masked
 * at reset), and the routing of ISA interrupts (PIT, UART) through it to
 * the LAPIC. */
#include "vm.h"
#include "kick.h"
#include "apicdest.h"
#include "iobus.h"

static struct ioapic *st(struct vm *vm)
{
    return &vm->dev.ioapic;
}

static void ioapic_mmio(void *dev, struct vcpu *v, uint64_t offset, unsigned size, bool write, uint64_t *val)
{
    struct ioapic *s = dev;
    unsigned off = offset & 0xff;
    (void)size, (void)v;
    if (off == 0x00) {
        if (write) s->sel = *val & 0xff;
        else *val = s->sel;
        return;
    }
    if (off != 0x10) {
        if (!write) *val = 0;
        return;
    }
    unsigned r = s->sel;
    if (!write) {
        if (r == 0) *val = s->id;
        else if (r == 1) *val = 0x00170020;        /* 24 entries, version 0x20 */
        else if (r == 2) *val = s->id;
        else if (r >= 0x10 && r < 0x40) *val = (uint32_t)(s->redir[(r - 0x10) / 2] >> ((r & 1) * 32));
        else *val = 0;
        return;
    }
    if (r == 0) {
        s->id = (uint32_t)*val & 0x0f000000;
    } else if (r >= 0x10 && r < 0x40) {
        uint64_t *e = &s->redir[(r - 0x10) / 2];
        unsigned sh = (r & 1) * 32;
        *e = (*e & ~(0xffffffffull << sh)) | ((uint64_t)(uint32_t)*val << sh);
    }
}

void dev_ioapic_reset(struct vm *vm)
{
    struct ioapic *s = st(vm);
    s->id = vm->nvcpus << 24;
    for (unsigned i = 0; i < 24; i++)
        s->redir[i] = 1ull << 16;
}

void dev_ioapic_init(struct vm *vm)
{
    iobus_register(&vm->bus, IOBUS_MMIO, IOAPIC_BASE, 0x1000, ioapic_mmio, &vm->dev.ioapic, "ioapic");
}

/* ISA IRQ n is GSI n, except IRQ0 (the PIT), which the MADT moves to GSI 2. */
void vm_isa_irq(struct vm *vm, unsigned irq)
{
    ioapic_raise(vm, irq == 0 ? 2 : irq);
    i8259_raise(&vm->dev.pic, irq);         /* and the 8259 pair sees the edge too, as on a PC */
    if (lapic_accepts_extint(&vm->vcpus[0].lapic))
        vcpu_kick(&vm->vcpus[0]);           /* the 8259 reaches vCPU 0 only (LINT0) */
}

static void deliver(struct vcpu *v, unsigned vec)
{
    lapic_set_irr(&v->lapic, vec);
    vcpu_kick(v);
}

/* An interrupt message (IOAPIC entry or MSI): fixed to every vCPU the
 * destination names, lowest priority to the first of them; a destination
 * naming no vCPU goes to vCPU 0 rather than being lost. */
void vm_apic_message(struct vm *vm, uint32_t dest, bool logical, unsigned mode, unsigned vec)
{
    if (mode > 1 || vec < 16)
        return;                         /* SMI/NMI/INIT/ExtINT: not routed here */
    bool any = false;
    for (unsigned i = 0; i < vm->nvcpus && !(any && mode == 1); i++) {
        struct apic_target t;
        lapic_target(&vm->vcpus[i], &t);
        t.x2apic = false;               /* IOAPIC and MSI destinations are 8 bits in either mode */
        if (apic_dest_match(SH_NONE, logical, dest, 0, &t)) {
            deliver(&vm->vcpus[i], vec);
            any = true;
        }
    }
    if (!any)
        deliver(&vm->vcpus[0], vec);
}

/* Edge-triggered delivery of a GSI through its redirection entry; masked pins drop the edge. */
void ioapic_raise(struct vm *vm, unsigned gsi)
{
    if (gsi >= 24)
        return;
    uint64_t e = vm->dev.ioapic.redir[gsi];
    if (e & (1ull << 16))
        return;
    vm_apic_message(vm, (uint32_t)(e >> 56), e & (1ull << 11), (e >> 8) & 7, e & 0xff);
}

/* MSI (PCI 6.8): address 0xfeeXXXXX with the destination in bits 19:12 and
 * logical mode in bit 2; data: vector and delivery mode. */
void vm_msi(struct vm *vm, uint64_t addr, uint32_t data)
{
    if ((addr >> 20) != 0xfee)
        return;                         /* not the interrupt range: a DMA write we do not do */
    vm_apic_message(vm, (uint32_t)(addr >> 12) & 0xff, addr & 4, (data >> 8) & 7, data & 0xff);
}
