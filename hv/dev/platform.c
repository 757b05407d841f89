/* The small fixed-function devices a PC-like guest probes:
 * isa-debug-exit (0xf4), ACPI PM block (0x600: PM1 event/control, PM timer),
 * PCI config ports (a host bridge at 00:00.0; pci-testdev at 00:01.0 with
 * testdev = 1), the 8259 pair
 * (hv/dev/i8259.c), port 0x61, POST port 0x80 and the i8042 reset
 * line. The PIT and CMOS have files of their own. */
#include "vm.h"
#include "iobus.h"
#include "pcicfg.h"
#include "lifecycle.h"
#include "console.h"
#include "cpu.h"
#include "tsc.h"

static void debug_exit(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)off, (void)size, (void)v;
    if (!write) {
        *val = 0;
        return;
    }
    int code = (int)(((*val & 0xff) << 1) | 1);
    vm_request_stop(dev, VM_STOP_POWEROFF, code, "debug-exit port 0xf4 written with 0x%x",
                    (unsigned)(*val & 0xff));
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

static void pm_io(void *dev, struct vcpu *v, uint64_t reg, unsigned size, bool write, uint64_t *val)
{
    struct vm *vm = dev;
    struct vm_devices *d = &vm->dev;
    bool in = !write;
    (void)size, (void)v;
    if (in) {
        switch (reg) {
        case 0: *val = 0; break;                    /* PM1 status */
        case 2: *val = d->pm1_en; break;
        case 4: *val = d->pm1_cnt | 1; break;       /* SCI_EN: ACPI mode */
        case 8: *val = pm_timer(vm); break;
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
            vm_request_stop(vm, VM_STOP_POWEROFF, 0, "ACPI power-off (S5)");
    }
}

static void pci_io(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    struct vm_devices *d = &((struct vm *)dev)->dev;
    unsigned port = 0xcf8 + (unsigned)off;
    bool in = !write;
    (void)v;
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
    uint32_t a = d->pci_addr;
    uint32_t bus = (a >> 16) & 0xff, slot = (a >> 11) & 0x1f, fn = (a >> 8) & 7, reg = a & 0xfc;
    bool on_bus = (a & 0x80000000) && bus == 0 && fn == 0;
    unsigned byte = port - 0xcfc;
    if (on_bus && d->pci[slot]) {           /* an emulated function (pcicfg.h) */
        if (in)
            *val = pci_cfg_read(d->pci[slot], reg + byte, size);
        else
            pci_cfg_write(d->pci[slot], reg + byte, size, (uint32_t)*val);
        return;
    }
    bool testdev = on_bus && slot == 1 && d->pci_testdev.present;
    if (!in) {      /* config writes: only the test device's BAR sizing listens */
        if (testdev && size == 4)
            pci_testdev_config_write(&d->pci_testdev, reg, (uint32_t)*val);
        return;
    }
    uint32_t v32 = 0xffffffff;
    if (testdev) {
        v32 = pci_testdev_config_read(&d->pci_testdev, reg);
    } else if (on_bus && slot == 0) {
        /* Intel 440FX host bridge: vendor 8086, device 1237, class 06/00 */
        switch (reg) {
        case 0x00: v32 = 0x12378086; break;
        case 0x04: v32 = 0x00000006; break;
        case 0x08: v32 = 0x06000002; break;
        case 0x0c: v32 = 0x00000000; break;
        default: v32 = 0; break;
        }
    }
    unsigned sh = byte * 8;
    *val = (v32 >> sh) & (size == 4 ? 0xffffffff : size == 2 ? 0xffff : 0xff);
}

/* Legacy ports share one handler; dev is the VM, off is from each range's base. */
static void legacy_port(struct vm *vm, unsigned port, bool in, uint64_t *val)
{
    struct vm_devices *d = &vm->dev;
    switch (port) {
    case 0x20: case 0x21: case 0xa0: case 0xa1:        /* the 8259 pair (i8259.c) */
        if (in) *val = i8259_read(&d->pic, port >= 0xa0, port & 1);
        else i8259_write(&d->pic, port >= 0xa0, port & 1, (uint8_t)*val);
        return;
    case 0x61:
        if (in) *val = d->port61 | ((rdtsc() >> 14) & 1 ? 0x10 : 0) | 0x20;
        else d->port61 = (uint8_t)*val & 0x0f;
        return;
    case 0x64:
        if (in) { *val = 0x1c; return; }                   /* i8042: input empty */
        if ((*val & 0xff) == 0xfe)
            vm_request_stop(vm, VM_STOP_RESET, -1, "reset through the i8042 controller");
        return;
    default:
        if (in) *val = 0xff;                               /* PIC command, POST */
        return;
    }
}

#define LEGACY(name, base) \
    static void name(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val) \
    { \
        (void)v, (void)size; \
        legacy_port(dev, (base) + (unsigned)off, !write, val); \
    }
LEGACY(pic1_io, 0x20)
LEGACY(pic2_io, 0xa0)
LEGACY(kbc_io, 0x60)
LEGACY(post_io, 0x80)

void dev_platform_init(struct vm *vm)
{
    struct iobus *b = &vm->bus;
    iobus_register(b, IOBUS_PIO, 0xf4, 1, debug_exit, vm, "isa-debug-exit");
    iobus_register(b, IOBUS_PIO, PM_BASE, 12, pm_io, vm, "acpi-pm");
    iobus_register(b, IOBUS_PIO, 0xcf8, 8, pci_io, vm, "pci-host");
    iobus_register(b, IOBUS_PIO, 0x20, 2, pic1_io, vm, "pic-master");
    iobus_register(b, IOBUS_PIO, 0xa0, 2, pic2_io, vm, "pic-slave");
    iobus_register(b, IOBUS_PIO, 0x60, 5, kbc_io, vm, "i8042");     /* 0x60-0x64, port 0x61 among them */
    iobus_register(b, IOBUS_PIO, 0x80, 1, post_io, vm, "post");
}
