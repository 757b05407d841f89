/* PCI configuration space of an emulated function (pcicfg.h). */
#include "pcicfg.h"
#include <string.h>

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }

void pci_func_init(struct pci_func *f, uint16_t vendor, uint16_t device, uint32_t class_rev,
                   uint16_t subvendor, uint16_t subdevice)
{
    memset(f, 0, sizeof(*f));
    put16(f->cfg, vendor);
    put16(f->cfg + 2, device);
    put32(f->cfg + 8, class_rev);
    put16(f->cfg + 0x2c, subvendor);
    put16(f->cfg + 0x2e, subdevice);
    put16(f->wmask + 4, 0x0406);        /* memory space, bus master, INTx disable */
    f->wmask[0x0c] = 0xff;              /* cache line size */
    f->wmask[0x3c] = 0xff;              /* interrupt line: a scratch byte for the OS */
    f->cap_free = 0x40;
}

void pci_func_bar_mem32(struct pci_func *f, unsigned bar, uint32_t addr, uint32_t size)
{
    f->bar_size[bar] = size;
    put32(f->cfg + 0x10 + 4 * bar, addr & ~(size - 1));   /* 32-bit, non-prefetchable memory */
}

int pci_func_cap(struct pci_func *f, uint8_t id, unsigned len)
{
    unsigned off = (f->cap_free + 3u) & ~3u;
    if (len < 2 || off + len > 256)
        return -1;
    f->cfg[off] = id;
    f->cfg[off + 1] = 0;
    if (f->cap_last)
        f->cfg[f->cap_last + 1] = (uint8_t)off;
    else
        f->cfg[0x34] = (uint8_t)off;
    f->cfg[6] |= 0x10;                  /* status: capabilities list */
    f->cap_last = (uint8_t)off;
    f->cap_free = (uint8_t)(off + len > 255 ? 255 : off + len);
    return (int)off;
}

void pci_func_done(struct pci_func *f)
{
    memcpy(f->cfg0, f->cfg, sizeof(f->cfg));
}

void pci_func_reset(struct pci_func *f)
{
    memcpy(f->cfg, f->cfg0, sizeof(f->cfg));
    memset(f->bar_sizing, 0, sizeof(f->bar_sizing));
    if (f->reset)
        f->reset(f);
}

static int bar_of(unsigned reg)
{
    return reg >= 0x10 && reg < 0x28 ? (int)(reg - 0x10) / 4 : -1;
}

uint32_t pci_cfg_read(const struct pci_func *f, unsigned reg, unsigned size)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        unsigned r = reg + i;
        uint8_t b = 0xff;
        if (r < 256) {
            b = f->cfg[r];
            int bar = bar_of(r);
            if (bar >= 0 && f->bar_sizing[bar])
                b = (uint8_t)((~(f->bar_size[bar] - 1) & ~0xfu) >> (8 * (r & 3)));
        }
        v |= (uint32_t)b << (8 * i);
    }
    return v;
}

void pci_cfg_write(struct pci_func *f, unsigned reg, unsigned size, uint32_t val)
{
    int bar = bar_of(reg);
    if (bar >= 0) {
        /* Sizing writes all ones; any other value puts the fixed address back. */
        if (f->bar_size[bar] && size == 4 && (reg & 3) == 0)
            f->bar_sizing[bar] = (val | 0xf) == 0xffffffff;
        return;
    }
    for (unsigned i = 0; i < size && reg + i < 256; i++) {
        uint8_t m = f->wmask[reg + i], b = (uint8_t)(val >> (8 * i));
        f->cfg[reg + i] = (uint8_t)((f->cfg[reg + i] & ~m) | (b & m));
    }
}
