/* virtio 1.x over PCI (modern interface only): the transport that devices
 * (virtio-blk today) plug into. One memory BAR per device holds the common
 * configuration, ISR, device configuration, notification and MSI-X areas;
 * interrupts are MSI-X only (no INTx pin: docs/devices.md). Queue
 * notifications are handled in the notifying vCPU's exit, on the VM's
 * restricted space: guest buffers through ephmap windows. */
#ifndef HV_VIRTIO_H
#define HV_VIRTIO_H
#include <stdint.h>
#include <stdbool.h>
#include "pcicfg.h"
#include "virtq.h"

#define VIRTIO_MAX_QUEUES 4
#define VIRTIO_MSIX_VECTORS 4           /* config + one per queue */
#define VIRTIO_NO_VECTOR 0xffff
#define VIRTIO_F_VERSION_1 (1ull << 32)

/* device_status bits */
#define VIRTIO_S_ACKNOWLEDGE 1
#define VIRTIO_S_DRIVER 2
#define VIRTIO_S_DRIVER_OK 4
#define VIRTIO_S_FEATURES_OK 8
#define VIRTIO_S_NEEDS_RESET 0x40
#define VIRTIO_S_FAILED 0x80

/* BAR0 layout (16 KiB) */
#define VIRTIO_BAR_SIZE 0x4000u
#define VIRTIO_BAR_COMMON 0x0000u
#define VIRTIO_BAR_MSIX 0x0800u
#define VIRTIO_BAR_PBA 0x0c00u
#define VIRTIO_BAR_ISR 0x1000u
#define VIRTIO_BAR_DEVICE 0x2000u
#define VIRTIO_BAR_NOTIFY 0x3000u
#define VIRTIO_NOTIFY_MULT 4u

struct virtio_pci;
struct vm;

struct virtio_ops {
    const char *kind;               /* "virtio-blk" */
    uint16_t type;                  /* virtio device ID: 2 block, 1 network */
    uint32_t pci_class;             /* class, subclass, programming interface (0x018000) */
    unsigned nqueues;
    /* device configuration (off < 0x100), little-endian bytes */
    void (*cfg_read)(struct virtio_pci *vp, unsigned off, unsigned size, uint64_t *val);
    void (*queue_notify)(struct virtio_pci *vp, unsigned q);
    void (*reset)(struct virtio_pci *vp);
    /* optional: the device's own counters, appended to its statistics line */
    void (*stats)(const struct virtio_pci *vp, char *buf, unsigned len);
};

struct msix_entry { uint32_t addr_lo, addr_hi, data, ctrl; };

struct virtio_pci {
    struct pci_func pci;            /* first: a pci_func's reset finds its device */
    struct vm *vm;
    const struct virtio_ops *ops;
    void *dev;                      /* the device's own state */
    char name[24];                  /* "virtio-blk 00:02.0", for messages */
    uint64_t features;              /* offered */
    uint64_t driver_features;
    uint32_t dfeat_sel, gfeat_sel;
    uint8_t status, isr, cfg_gen;
    uint16_t queue_sel, msix_config;
    struct virtq vq[VIRTIO_MAX_QUEUES];
    int msix_cap;                   /* its offset in config space */
    struct msix_entry msix[VIRTIO_MSIX_VECTORS];
    uint32_t msix_pending;
    uint64_t ram_size;              /* the VM's RAM: queues must lie below it */
    const char *fault;              /* the last fault (virtio_set_fault), not yet said */
    bool yield;                     /* the notifying vCPU should give its CPU up (a receiver waits there) */
    uint64_t faults, interrupts, requests, ephmap_maps;
};

/* The transport's pure part (hv/dev/virtio_common.c): host-tested. */
void virtio_common_read(struct virtio_pci *vp, unsigned off, unsigned size, uint64_t *val);
void virtio_common_write(struct virtio_pci *vp, unsigned off, unsigned size, uint64_t val);
void virtio_reset_state(struct virtio_pci *vp);
bool virtio_msix_enabled(const struct virtio_pci *vp);
/* The MSI-X entry to send for vector, or NULL: masked (then it is pending), out of range, disabled. */
const struct msix_entry *virtio_msix_take(struct virtio_pci *vp, uint16_t vector);
void virtio_msix_access(struct virtio_pci *vp, unsigned off, unsigned size, bool write, uint64_t *val);

/* The driver broke the device's rules: DEVICE_NEEDS_RESET, and vp->fault for the log. */
void virtio_set_fault(struct virtio_pci *vp, const char *what);
/* Config space, capabilities and BAR0 at bar_gpa for a device of this kind. */
void virtio_build_config(struct virtio_pci *vp, const struct virtio_ops *ops, uint32_t bar_gpa);
/* Used buffers on queue q: interrupt the driver unless it asked not to. */
void virtio_used_notify(struct virtio_pci *vp, unsigned q);
/* Log vp->fault (rate-limited) and raise the configuration interrupt. */
void virtio_say_fault(struct virtio_pci *vp);
/* Register at 00:slot.0 with BAR0 at bar_gpa (hv/dev/virtio_pci.c). 0, or -1 (bus full). */
int virtio_pci_add(struct vm *vm, struct virtio_pci *vp, const struct virtio_ops *ops, void *dev,
                   uint64_t features);
void virtio_print_stats(const struct vm *vm);
/* Guest memory for the queues: ephmap windows, limited to the VM's RAM, each
 * page counted in vp->ephmap_maps (so are the copies: guest_phys_xfer_host). */
void virtio_mem(struct virtio_pci *vp, struct virtq_mem *m);
int virtio_read(struct virtio_pci *vp, uint64_t gpa, void *buf, unsigned len);
int virtio_write(struct virtio_pci *vp, uint64_t gpa, const void *buf, unsigned len);

#endif
