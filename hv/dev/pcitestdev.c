/* QEMU's pci-testdev (1b36:0005) at 00:01.0, for test kernels (xl.cfg
 * `testdev = 1`, as tools/hvrun sets). BAR0: 4 KiB of MMIO, BAR1: 256 I/O
 * ports, both at fixed addresses (the bus is frozen: a BAR write only
 * sizes it). Each BAR answers QEMU's test-header protocol: writing a test
 * number (0-2) to offset 0 selects "<type>-no-eventfd", "-wildcard-eventfd"
 * or "-datamatch-eventfd"; the header then reads back the access width (1),
 * the offset to write, the data to write and a count of the matching
 * writes seen, followed by the test's name. */
#include "vm.h"
#include "iobus.h"
#include "fmt.h"
#include <string.h>

#define PTD_MMIO 0xfe000000u
#define PTD_MMIO_LEN 4096u
#define PTD_PORT 0xc000u
#define PTD_PORT_LEN 256u
#define PTD_MATCH 0xfa
#define PTD_NOMATCH 0xce

static const char *const test_names[3] = { "no-eventfd", "wildcard-eventfd", "datamatch-eventfd" };

/* Header bytes of the selected test: test, width, pad[2], offset (le32),
 * data, pad[3], count (le32), name + NUL. */
static unsigned header(const struct pci_testdev *t, uint8_t *h, unsigned cap)
{
    int i = t->current;
    bool mem = i < 3;
    uint32_t off = (mem ? PTD_MMIO_LEN : PTD_PORT_LEN) / 2 + (unsigned)i;
    memset(h, 0, cap);
    h[0] = (uint8_t)i;
    h[1] = 1;
    memcpy(h + 4, &off, 4);
    h[8] = i % 3 == 1 ? PTD_NOMATCH : PTD_MATCH;
    memcpy(h + 12, &t->count, 4);
    int n = hv_snprintf((char *)h + 16, cap - 16, "%s-%s", mem ? "mmio" : "portio", test_names[i % 3]);
    return 16 + (unsigned)n + 1;
}

static void bar_io(struct pci_testdev *t, bool mem, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    int type = mem ? 0 : 1;
    if (write && off == 0) {                        /* select a test (or none) */
        uint8_t n = (uint8_t)*val;
        t->current = n < 3 ? type * 3 + n : -1;
        t->count = 0;
        return;
    }
    if (write) {
        if (t->current < 0 || t->current / 3 != type)
            return;
        uint32_t want = (mem ? PTD_MMIO_LEN : PTD_PORT_LEN) / 2 + (unsigned)t->current;
        bool wildcard = t->current % 3 == 1;
        if (off == want && (wildcard || (size == 1 && (uint8_t)*val == PTD_MATCH)))
            t->count++;
        return;
    }
    *val = 0;
    if (t->current < 0)
        return;
    uint8_t h[64];
    unsigned len = header(t, h, sizeof(h));
    for (unsigned i = 0; i < size; i++)
        if (off + i < len)
            *val |= (uint64_t)h[off + i] << (8 * i);
}

static void mmio_fn(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)v;
    bar_io(dev, true, off, size, write, val);
}

static void port_fn(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)v;
    bar_io(dev, false, off, size, write, val);
}

uint32_t pci_testdev_config_read(const struct pci_testdev *t, unsigned reg)
{
    switch (reg) {
    case 0x00: return 0x00051b36;                   /* Red Hat, PCI test device */
    case 0x04: return 0x00000003;                   /* I/O and memory decoding on */
    case 0x08: return 0x00ff0000;                   /* class 00/ff ("other"), revision 0 */
    case 0x10: return t->sizing[0] ? ~(PTD_MMIO_LEN - 1) : PTD_MMIO;
    case 0x14: return t->sizing[1] ? ~(PTD_PORT_LEN - 1) | 1 : PTD_PORT | 1;
    default: return 0;                              /* no capabilities, no interrupt pin */
    }
}

void pci_testdev_config_write(struct pci_testdev *t, unsigned reg, uint32_t val)
{
    if (reg == 0x10 || reg == 0x14)                 /* all ones: the size next; else the fixed address */
        t->sizing[(reg - 0x10) / 4] = val == 0xffffffffu;
}

void dev_pci_testdev_init(struct vm *vm)
{
    struct pci_testdev *t = &vm->dev.pci_testdev;
    t->present = true;
    t->current = -1;
    iobus_register(&vm->bus, IOBUS_MMIO, PTD_MMIO, PTD_MMIO_LEN, mmio_fn, t, "pci-testdev-bar0");
    iobus_register(&vm->bus, IOBUS_PIO, PTD_PORT, PTD_PORT_LEN, port_fn, t, "pci-testdev-bar1");
}
