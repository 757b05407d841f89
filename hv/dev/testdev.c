/* QEMU's pc-testdev, for test kernels of the `qemu -kernel` kind (tools/hvrun
 * gives it to its VM; ordinary VMs do not get it: xl.cfg `testdev = 1`).
 * Port 0xe0: a 32-bit data register; 0xe4: "flush page" (accepted, no
 * effect: guest TLBs are the CPU's); 0xe8-0xeb: the same register a byte at
 * a time; 0x2000-0x2017: ISA interrupt lines 0-23 (write 1 raise, 0 lower:
 * a rising edge goes through the IOAPIC as a device interrupt would);
 * 0xff000000: 64 KiB of scratch MMIO. Lines are edge-delivered: the IOAPIC
 * here routes edges only. */
#include "vm.h"
#include "iobus.h"
#include "vmarea.h"
#include <string.h>

#define TESTDEV_IOMEM 0xff000000ull
#define TESTDEV_IOMEM_LEN 0x10000

static void data_io(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)v;
    struct testdev *t = dev;
    uint64_t mask = size >= 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
    if (write)
        t->data = (uint32_t)((t->data & ~mask) | (*val & mask));
    else
        *val = t->data & mask;
    (void)off;
}

static void flush_io(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)dev, (void)v, (void)off, (void)size;
    if (!write)
        *val = 0;
}

static void byte_io(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)v;
    struct testdev *t = dev;
    uint8_t *b = (uint8_t *)&t->data;
    for (unsigned i = 0; i < size && off + i < 4; i++) {
        if (write)
            b[off + i] = (uint8_t)(*val >> (8 * i));
        else
            *val = (i ? *val : 0) | (uint64_t)b[off + i] << (8 * i);
    }
}

static void irq_io(void *dev, struct vcpu *v, uint64_t line, unsigned size, bool write, uint64_t *val)
{
    (void)size;
    struct testdev *t = dev;
    if (!write) {
        *val = (t->irq_level >> line) & 1;
        return;
    }
    bool was = (t->irq_level >> line) & 1, now = *val & 1;
    t->irq_level = (t->irq_level & ~(1u << line)) | ((uint32_t)now << line);
    if (now && !was)
        vm_isa_irq(v->vm, (unsigned)line);
}

static void iomem_io(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)v;
    struct testdev *t = dev;
    if (off + size > TESTDEV_IOMEM_LEN)
        size = (unsigned)(TESTDEV_IOMEM_LEN - off);
    if (write)
        memcpy(t->iomem + off, val, size);
    else
        memcpy(val, t->iomem + off, size);
}

void dev_testdev_init(struct vm *vm)
{
    struct testdev *t = &vm->dev.testdev;
    t->iomem = vmarea_alloc(&vm->area, TESTDEV_IOMEM_LEN);
    struct iobus *b = &vm->bus;
    iobus_register(b, IOBUS_PIO, 0xe0, 4, data_io, t, "pc-testdev");
    iobus_register(b, IOBUS_PIO, 0xe4, 4, flush_io, t, "pc-testdev-flush");
    iobus_register(b, IOBUS_PIO, 0xe8, 4, byte_io, t, "pc-testdev-byte");
    iobus_register(b, IOBUS_PIO, 0x2000, 24, irq_io, t, "pc-testdev-irq");
    iobus_register(b, IOBUS_MMIO, TESTDEV_IOMEM, TESTDEV_IOMEM_LEN, iomem_io, t, "pc-testdev-iomem");
}
