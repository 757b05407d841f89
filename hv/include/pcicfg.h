/* A PCI function's configuration space as a device describes it: which bits
 * the guest may write, memory BARs at addresses the hypervisor fixed (the
 * bus never moves: a BAR write only sizes it) and a capability list. The
 * config ports (hv/dev/platform.c) reach it through pci_cfg_read/write.
 * Pure: host-tested. */
#ifndef HV_PCICFG_H
#define HV_PCICFG_H
#include <stdint.h>
#include <stdbool.h>

#define PCI_MAX_BARS 6
#define PCI_CAP_MSIX 0x11
#define PCI_CAP_VENDOR 0x09

struct pci_func {
    uint8_t cfg[256];
    uint8_t wmask[256];             /* bits the guest may change */
    uint32_t bar_size[PCI_MAX_BARS];/* power of two >= 16; 0: no BAR */
    bool bar_sizing[PCI_MAX_BARS];  /* last written with all ones: reads give the size */
    uint8_t cap_last, cap_free;     /* the list's tail; the next free byte */
    uint8_t cfg0[256];              /* as built: what a reset puts back */
    void (*reset)(struct pci_func *f);  /* the device's own reset, after the config space's */
};

/* class_rev: class code << 8 | revision. No INTx pin: the device interrupts by MSI-X only. */
void pci_func_init(struct pci_func *f, uint16_t vendor, uint16_t device, uint32_t class_rev,
                   uint16_t subvendor, uint16_t subdevice);
void pci_func_bar_mem32(struct pci_func *f, unsigned bar, uint32_t addr, uint32_t size);
/* Append a capability of len bytes (id and next pointer included): its offset, or -1 when full. */
int pci_func_cap(struct pci_func *f, uint8_t id, unsigned len);
/* Take the built configuration as the power-on one (after the BARs and capabilities). */
void pci_func_done(struct pci_func *f);
/* VM reset: power-on configuration, then the device's reset. */
void pci_func_reset(struct pci_func *f);
/* size 1, 2 or 4 at any offset; bytes past 255 read as ones and ignore writes. */
uint32_t pci_cfg_read(const struct pci_func *f, unsigned reg, unsigned size);
void pci_cfg_write(struct pci_func *f, unsigned reg, unsigned size, uint32_t val);
static inline bool pci_mem_enabled(const struct pci_func *f) { return f->cfg[4] & 2; }

#endif
