/* virtio-blk (virtio 1.x, section 5.2) on a disk image that GRUB loaded as
 * a boot module: read, write, flush, get-id. The image stays where GRUB put
 * it, in no address space at all: each request maps its pages and the
 * guest's buffers through two ephmap windows at once (guest.c), so the VM's
 * restricted space holds neither. Writes change that copy in RAM only: the
 * hypervisor has no storage driver, so they are gone at power-off. */
#include "virtio_blk.h"
#include "vm.h"
#include "vcpu.h"
#include "fmt.h"
#include <string.h>

#define BLK_T_IN 0
#define BLK_T_OUT 1
#define BLK_T_FLUSH 4
#define BLK_T_GET_ID 8
#define BLK_S_OK 0
#define BLK_S_IOERR 1
#define BLK_S_UNSUPP 2
#define BLK_F_SEG_MAX (1ull << 2)
#define BLK_F_RO (1ull << 5)
#define BLK_F_FLUSH (1ull << 9)

static void cfg_read(struct virtio_pci *vp, unsigned off, unsigned size, uint64_t *val)
{
    struct virtio_blk *b = vp->dev;
    uint8_t img[24];
    uint64_t cap = b->size / 512;
    uint32_t seg_max = VIRTQ_MAX_SEGS - 2;      /* header and status take two */
    memset(img, 0, sizeof(img));
    memcpy(img, &cap, 8);                       /* capacity, in 512-byte sectors */
    memcpy(img + 12, &seg_max, 4);
    *val = 0;
    for (unsigned i = 0; i < size && off + i < sizeof(img); i++)
        *val |= (uint64_t)img[off + i] << (8 * i);
}

struct xfer {
    struct virtio_blk *b;
    uint64_t disk_off;
    bool to_guest;
};

static int piece(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    struct xfer *x = ctx;
    return guest_phys_xfer_host(x->b->vp.vm, gpa, x->b->hpa + x->disk_off + pos, len, x->to_guest,
                                &x->b->vp.ephmap_maps);
}

static int to_buf(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    struct xfer *x = ctx;
    return virtio_read(&x->b->vp, gpa, (uint8_t *)x->b->scratch + pos, len);
}

static int from_buf(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    struct xfer *x = ctx;
    return virtio_write(&x->b->vp, gpa, (const uint8_t *)x->b->scratch + pos, len);
}

/* Data of `len` bytes at `sector`: inside the disk? */
static bool in_disk(const struct virtio_blk *b, uint64_t sector, uint64_t len)
{
    return sector <= b->size / 512 && len <= b->size - sector * 512;
}

/* One request: the status it ends with, *written = bytes put into the chain.
 * -1: the chain cannot carry a status (the queue is broken). */
static int request(struct virtio_blk *b, const struct virtq_chain *c, uint32_t *written)
{
    struct {
        uint32_t type, reserved;
        uint64_t sector;
    } h;
    if (c->out_len < sizeof(h) || c->in_len < 1)
        return -1;
    struct xfer x = { b, 0, false };
    if (virtq_chain_span(c, false, 0, sizeof(h), to_buf, &x))
        return -1;
    memcpy(&h, b->scratch, sizeof(h));
    uint64_t data = c->in_len - 1;          /* writable bytes before the status byte */
    *written = 1;
    switch (h.type) {
    case BLK_T_IN:
        if (data % 512 || !in_disk(b, h.sector, data))
            return b->errors++, BLK_S_IOERR;
        x = (struct xfer){ b, h.sector * 512, true };
        if (virtq_chain_span(c, true, 0, data, piece, &x))
            return b->errors++, BLK_S_IOERR;
        b->reads++;
        *written += (uint32_t)data;
        return BLK_S_OK;
    case BLK_T_OUT:
        data = c->out_len - sizeof(h);
        if (b->ro || data % 512 || !in_disk(b, h.sector, data))
            return b->errors++, BLK_S_IOERR;
        x = (struct xfer){ b, h.sector * 512, false };
        if (virtq_chain_span(c, false, sizeof(h), data, piece, &x))
            return b->errors++, BLK_S_IOERR;
        b->writes++;
        return BLK_S_OK;
    case BLK_T_FLUSH:
        return BLK_S_OK;                    /* nothing below us to flush: RAM is the medium */
    case BLK_T_GET_ID: {
        uint64_t n = data < 20 ? data : 20;
        memset(b->scratch, 0, 20);
        memcpy(b->scratch, b->id, strlen(b->id));
        if (virtq_chain_span(c, true, 0, n, from_buf, &x))
            return BLK_S_IOERR;
        *written += (uint32_t)n;
        return BLK_S_OK;
    }
    default:
        return BLK_S_UNSUPP;
    }
}

static void queue_notify(struct virtio_pci *vp, unsigned q)
{
    struct virtio_blk *b = vp->dev;
    struct virtq *vq = &vp->vq[q];
    struct virtq_mem m;
    virtio_mem(vp, &m);
    bool used = false;
    for (unsigned n = 0; n < vq->size; n++) {
        const char *why;
        int r = virtq_pop(vq, &m, &b->chain, &why);
        if (r < 0) {
            virtio_set_fault(vp, why);
            break;
        }
        if (!r)
            break;
        vp->requests++;
        uint32_t written = 0;
        int st = request(b, &b->chain, &written);
        if (st < 0) {
            virtio_set_fault(vp, "request without a header or a status byte");
            break;
        }
        uint8_t s = (uint8_t)st;
        struct xfer x = { b, 0, false };
        b->scratch[0] = s;
        if (virtq_chain_span(&b->chain, true, b->chain.in_len - 1, 1, from_buf, &x) ||
            virtq_push(vq, &m, b->chain.head, written)) {
            virtio_set_fault(vp, "used ring or status byte outside the VM's RAM");
            break;
        }
        used = true;
    }
    if (used)
        virtio_used_notify(vp, q);
}

static void blk_stats(const struct virtio_pci *vp, char *buf, unsigned len)
{
    const struct virtio_blk *b = vp->dev;
    hv_snprintf(buf, len, "; %llu reads, %llu writes, %llu I/O errors", (unsigned long long)b->reads,
                (unsigned long long)b->writes, (unsigned long long)b->errors);
}

static const struct virtio_ops blk_ops = {
    .kind = "virtio-blk",
    .type = 2,
    .pci_class = 0x018000,              /* mass storage, other */
    .nqueues = 1,
    .cfg_read = cfg_read,
    .queue_notify = queue_notify,
    .stats = blk_stats,
};

int virtio_blk_add(struct vm *vm, struct virtio_blk *b, uint64_t hpa, uint64_t size, bool ro,
                   const char *id)
{
    b->hpa = hpa;
    b->size = size & ~511ull;
    b->ro = ro;
    memset(b->id, 0, sizeof(b->id));
    memcpy(b->id, id, strnlen(id, sizeof(b->id) - 1));
    return virtio_pci_add(vm, &b->vp, &blk_ops, b, BLK_F_SEG_MAX | BLK_F_FLUSH | (ro ? BLK_F_RO : 0));
}
