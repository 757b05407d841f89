/* The pure part of the virtio-pci transport (virtio.h): config space and
 * capabilities, the common configuration registers, status and reset, and
 * the MSI-X table. No guest memory, no interrupts sent: hv/dev/virtio_pci.c
 * does those. */
#include "virtio.h"
#include <string.h>

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* A virtio_pci_cap: type, BAR 0, offset and length in it. */
static void vcap(struct pci_func *f, uint8_t type, uint32_t off, uint32_t len, bool notify)
{
    int c = pci_func_cap(f, PCI_CAP_VENDOR, notify ? 20 : 16);
    f->cfg[c + 2] = notify ? 20 : 16;
    f->cfg[c + 3] = type;
    f->cfg[c + 4] = 0;
    put32(f->cfg + c + 8, off);
    put32(f->cfg + c + 12, len);
    if (notify)
        put32(f->cfg + c + 16, VIRTIO_NOTIFY_MULT);
}

/* A VM reset: the device as at power-on (MSI-X table masked, queues gone). */
static void pci_reset(struct pci_func *f)
{
    struct virtio_pci *vp = (struct virtio_pci *)f;      /* pci is its first member */
    for (unsigned i = 0; i < VIRTIO_MSIX_VECTORS; i++)
        vp->msix[i] = (struct msix_entry){ 0, 0, 0, 1 };
    virtio_reset_state(vp);
    if (vp->ops->reset)
        vp->ops->reset(vp);
}

void virtio_build_config(struct virtio_pci *vp, const struct virtio_ops *ops, uint32_t bar_gpa)
{
    struct pci_func *f = &vp->pci;
    pci_func_init(f, 0x1af4, (uint16_t)(0x1040 + ops->type), ops->pci_class << 8 | 1, 0x1af4, ops->type);
    pci_func_bar_mem32(f, 0, bar_gpa, VIRTIO_BAR_SIZE);
    int m = pci_func_cap(f, PCI_CAP_MSIX, 12);
    f->cfg[m + 2] = VIRTIO_MSIX_VECTORS - 1;
    f->wmask[m + 3] = 0xc0;                          /* enable, function mask */
    put32(f->cfg + m + 4, VIRTIO_BAR_MSIX);          /* table in BAR 0 */
    put32(f->cfg + m + 8, VIRTIO_BAR_PBA);
    vp->msix_cap = m;
    vcap(f, 1, VIRTIO_BAR_COMMON, 0x38, false);
    vcap(f, 2, VIRTIO_BAR_NOTIFY, VIRTIO_NOTIFY_MULT * VIRTIO_MAX_QUEUES, true);
    vcap(f, 3, VIRTIO_BAR_ISR, 1, false);
    vcap(f, 4, VIRTIO_BAR_DEVICE, 0x100, false);
    vp->ops = ops;
    f->reset = pci_reset;
    pci_func_done(f);
    pci_reset(f);
}

void virtio_reset_state(struct virtio_pci *vp)
{
    vp->status = 0;
    vp->isr = 0;
    vp->driver_features = 0;
    vp->dfeat_sel = vp->gfeat_sel = 0;
    vp->queue_sel = 0;
    vp->msix_config = VIRTIO_NO_VECTOR;
    vp->msix_pending = 0;
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
        vp->vq[i] = (struct virtq){ .size = VIRTQ_MAX_SIZE, .msix_vector = VIRTIO_NO_VECTOR };
}

void virtio_set_fault(struct virtio_pci *vp, const char *what)
{
    vp->status |= VIRTIO_S_NEEDS_RESET;
    vp->faults++;
    vp->fault = what;
}

static struct virtq *selected(struct virtio_pci *vp)
{
    return vp->queue_sel < vp->ops->nqueues ? &vp->vq[vp->queue_sel] : NULL;
}

void virtio_common_read(struct virtio_pci *vp, unsigned off, unsigned size, uint64_t *val)
{
    uint8_t img[0x38];
    memset(img, 0, sizeof(img));
    struct virtq *q = selected(vp);
    uint64_t feat = vp->dfeat_sel < 2 ? vp->features >> (32 * vp->dfeat_sel) : 0;
    put32(img + 0x00, vp->dfeat_sel);
    put32(img + 0x04, (uint32_t)feat);
    put32(img + 0x08, vp->gfeat_sel);
    put32(img + 0x0c, vp->gfeat_sel < 2 ? (uint32_t)(vp->driver_features >> (32 * vp->gfeat_sel)) : 0);
    put32(img + 0x10, vp->msix_config | (uint32_t)vp->ops->nqueues << 16);
    put32(img + 0x14, vp->status | (uint32_t)vp->cfg_gen << 8 | (uint32_t)vp->queue_sel << 16);
    if (q) {
        put32(img + 0x18, q->size | (uint32_t)q->msix_vector << 16);
        put32(img + 0x1c, q->enabled | (uint32_t)vp->queue_sel << 16);   /* notify_off = queue index */
        put32(img + 0x20, (uint32_t)q->desc);
        put32(img + 0x24, (uint32_t)(q->desc >> 32));
        put32(img + 0x28, (uint32_t)q->avail);
        put32(img + 0x2c, (uint32_t)(q->avail >> 32));
        put32(img + 0x30, (uint32_t)q->used);
        put32(img + 0x34, (uint32_t)(q->used >> 32));
    }
    *val = 0;
    for (unsigned i = 0; i < size && off + i < sizeof(img); i++)
        *val |= (uint64_t)img[off + i] << (8 * i);
}

static void set_status(struct virtio_pci *vp, uint8_t s)
{
    if (!s) {
        virtio_reset_state(vp);
        if (vp->ops->reset)
            vp->ops->reset(vp);
        return;
    }
    if ((s & VIRTIO_S_FEATURES_OK) && !(vp->status & VIRTIO_S_FEATURES_OK)) {
        /* only what was offered, and the modern interface */
        if ((vp->driver_features & ~vp->features) || !(vp->driver_features & VIRTIO_F_VERSION_1))
            s &= (uint8_t)~VIRTIO_S_FEATURES_OK;
    }
    if ((s & VIRTIO_S_DRIVER_OK) && !(s & VIRTIO_S_FEATURES_OK))
        s &= (uint8_t)~VIRTIO_S_DRIVER_OK;
    vp->status = (uint8_t)((s & ~VIRTIO_S_NEEDS_RESET) | (vp->status & VIRTIO_S_NEEDS_RESET));
}

/* A 64-bit queue address written in halves (or whole). */
static void set_addr(uint64_t *a, unsigned half, unsigned size, uint64_t val)
{
    if (size == 8 && !half)
        *a = val;
    else if (size == 4)
        *a = half ? (*a & 0xffffffffull) | val << 32 : (*a & ~0xffffffffull) | (uint32_t)val;
}

void virtio_common_write(struct virtio_pci *vp, unsigned off, unsigned size, uint64_t val)
{
    struct virtq *q = selected(vp);
    bool q_open = q && !q->enabled;
    switch (off) {
    case 0x00: vp->dfeat_sel = (uint32_t)val; return;
    case 0x08: vp->gfeat_sel = (uint32_t)val; return;
    case 0x0c:
        if (vp->gfeat_sel < 2 && !(vp->status & VIRTIO_S_FEATURES_OK)) {
            unsigned sh = 32 * vp->gfeat_sel;
            vp->driver_features = (vp->driver_features & ~(0xffffffffull << sh)) | (val & 0xffffffffull) << sh;
        }
        return;
    case 0x10: vp->msix_config = (uint16_t)val; return;
    case 0x14: set_status(vp, (uint8_t)val); return;
    case 0x16: vp->queue_sel = (uint16_t)val; return;
    case 0x18: if (q_open) q->size = (uint16_t)val; return;
    case 0x1a: if (q) q->msix_vector = (uint16_t)val; return;
    case 0x1c:
        if (q_open && (val & 1)) {
            struct virtq_mem m = { .ram_size = vp->ram_size };
            const char *why;
            if (virtq_check_setup(q, &m, &why)) {
                virtio_set_fault(vp, why);
                return;
            }
            q->enabled = true;
            q->last_avail = q->used_idx = 0;
        }
        return;
    }
    if (q_open && off >= 0x20 && off < 0x38) {
        uint64_t *a = off < 0x28 ? &q->desc : off < 0x30 ? &q->avail : &q->used;
        set_addr(a, (off & 7) != 0, size, val);
    }
}

bool virtio_msix_enabled(const struct virtio_pci *vp)
{
    return vp->pci.cfg[vp->msix_cap + 3] & 0x80;
}

const struct msix_entry *virtio_msix_take(struct virtio_pci *vp, uint16_t vector)
{
    if (vector >= VIRTIO_MSIX_VECTORS || !virtio_msix_enabled(vp))
        return NULL;
    if ((vp->pci.cfg[vp->msix_cap + 3] & 0x40) || (vp->msix[vector].ctrl & 1)) {
        vp->msix_pending |= 1u << vector;           /* sent when unmasked */
        return NULL;
    }
    vp->msix_pending &= ~(1u << vector);
    return &vp->msix[vector];
}

void virtio_msix_access(struct virtio_pci *vp, unsigned off, unsigned size, bool write, uint64_t *val)
{
    if (off >= VIRTIO_BAR_PBA) {
        if (!write)
            *val = off == VIRTIO_BAR_PBA ? vp->msix_pending : 0;
        return;
    }
    unsigned rel = off - VIRTIO_BAR_MSIX, e = rel / 16, w = (rel % 16) / 4;
    if (e >= VIRTIO_MSIX_VECTORS || (rel & 3) || (size != 4 && size != 8)) {
        if (!write)
            *val = 0;
        return;
    }
    uint32_t *f = &vp->msix[e].addr_lo + w;
    if (!write) {
        *val = f[0] | (size == 8 && w < 3 ? (uint64_t)f[1] << 32 : 0);
        return;
    }
    f[0] = (uint32_t)*val;
    if (size == 8 && w < 3)
        f[1] = (uint32_t)(*val >> 32);
    vp->msix[e].ctrl &= 1;                           /* only the mask bit exists */
}
