/* The small fixed-function devices a PC-like guest probes:
 * isa-debug-exit (0xf4), ACPI PM block (0x600: PM1 event/control, PM timer),
 * PCI config ports (a host bridge at 00:00.0, nothing else), 8259 PIC and
 * 8254 PIT (maskable, otherwise inert), port 0x61, POST port 0x80, CMOS
 * index/data, and the i8042 reset line. */
#include "vm.h"
#include "console.h"
#include "cpu.h"
#include "tsc.h"

static void debug_exit(struct vcpu *v, uint16_t port, unsigned size, bool in, uint32_t *val)
{
    (void)port, (void)size;
    if (in) {
        *val = 0;
        return;
    }
    int code = (int)(((*val & 0xff) << 1) | 1);
    vm_end(v->vm, code, "debug-exit port 0xf4 written with 0x%x", *val & 0xff);
}

/* ACPI PM timer: 3.579545 MHz, 24 bits, derived from the TSC. */
static uint32_t pm_timer(struct vm *vm)
{
    uint64_t t = rdtsc() - vm->start_tsc;
    uint64_t hz = tsc_hz ? tsc_hz : 1000000000ull;
    /* t * 3579545 / hz without overflow for ~days */
    uint64_t ticks = (t / hz) * 3579545ull + (t % hz) * 3579545ull / hz;
    return (uint32_t)ticks & 0xffffff;
}

static void pm_io(struct vcpu *v, uint16_t port, unsigned size, bool in, uint32_t *val)
{
    struct vm_devices *d = &v->vm->dev;
    unsigned reg = port - PM_BASE;
    (void)size;
    if (in) {
        switch (reg) {
        case 0: *val = 0; break;                    /* PM1 status */
        case 2: *val = d->pm1_en; break;
        case 4: *val = d->pm1_cnt | 1; break;       /* SCI_EN: ACPI mode */
        case 8: *val = pm_timer(v->vm); break;
        default: *val = 0; break;
        }
        return;
    }
    if (reg == 2)
        d->pm1_en = (uint16_t)*val;
    if (reg == 4) {
        d->pm1_cnt = (uint16_t)*val & ~(1u << 13);
        /* SLP_EN with SLP_TYP 0 (our \_S5) powers the VM off */
        if ((*val & (1u << 13)) && ((*val >> 10) & 7) == 0)
            vm_end(v->vm, 0, "ACPI power-off (S5)");
    }
}

static void pci_io(struct vcpu *v, uint16_t port, unsigned size, bool in, uint32_t *val)
{
    struct vm_devices *d = &v->vm->dev;
    if (port == 0xcf8 && size == 4) {
        if (in)
            *val = d->pci_addr;
        else
            d->pci_addr = *val & 0x80fffffc;
        return;
    }
    if (port < 0xcfc) {
        if (in)
            *val = 0xffffffff;
        return;
    }
    if (!in)
        return;     /* config writes ignored: nothing to configure */
    uint32_t a = d->pci_addr;
    uint32_t bus = (a >> 16) & 0xff, dev = (a >> 11) & 0x1f, fn = (a >> 8) & 7, reg = a & 0xfc;
    uint32_t v32 = 0xffffffff;
    if ((a & 0x80000000) && bus == 0 && dev == 0 && fn == 0) {
        /* Intel 440FX host bridge: vendor 8086, device 1237, class 06/00 */
        switch (reg) {
        case 0x00: v32 = 0x12378086; break;
        case 0x04: v32 = 0x00000006; break;
        case 0x08: v32 = 0x06000002; break;
        case 0x0c: v32 = 0x00000000; break;
        default: v32 = 0; break;
        }
    }
    unsigned sh = (port - 0xcfc) * 8;
    *val = (v32 >> sh) & (size == 4 ? 0xffffffff : size == 2 ? 0xffff : 0xff);
}

static void legacy_io(struct vcpu *v, uint16_t port, unsigned size, bool in, uint32_t *val)
{
    (void)size;
    struct vm_devices *d = &v->vm->dev;
    switch (port) {
    case 0x21: case 0xa1:
        if (in) *val = d->pic_mask[port == 0xa1];
        else d->pic_mask[port == 0xa1] = (uint8_t)*val;
        return;
    case 0x61:
        if (in) *val = d->port61 | ((rdtsc() >> 14) & 1 ? 0x10 : 0) | 0x20;
        else d->port61 = (uint8_t)*val & 0x0f;
        return;
    case 0x64:
        if (in) { *val = 0x1c; return; }                   /* i8042: input empty */
        if ((*val & 0xff) == 0xfe)
            vm_reset(v->vm, "reset through the i8042 controller");
        return;
    default:
        if (in) *val = 0xff;                               /* PIC command, POST */
        return;
    }
}

void dev_platform_init(struct vm *vm)
{
    vm_register_io(vm, 0xf4, 1, debug_exit);
    vm_register_io(vm, PM_BASE, 12, pm_io);
    vm_register_io(vm, 0xcf8, 8, pci_io);
    vm_register_io(vm, 0x20, 2, legacy_io);
    vm_register_io(vm, 0xa0, 2, legacy_io);
    vm_register_io(vm, 0x60, 5, legacy_io);     /* 0x60-0x64: i8042 and port 0x61 */
    vm_register_io(vm, 0x80, 1, legacy_io);
}
