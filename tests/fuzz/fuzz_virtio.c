// uses: hv/dev/virtq.c hv/dev/virtio_common.c hv/dev/pcicfg.c
/* libFuzzer: a hostile virtio driver. The input's first bytes are register
 * writes to the common configuration and MSI-X table (offset, size, value),
 * the rest is 64 KiB of guest RAM holding whatever rings it likes; every
 * enabled queue is then drained as the devices do (pop, walk both streams,
 * push). ASan/UBSan catch any access outside RAM or the device state. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "virtio.h"

#define RAM (64u * 1024)
#define OPS 24
static uint8_t ram[RAM];

static int rd(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
    (void)ctx;
    if (gpa > RAM || len > RAM - gpa)
        return -1;
    memcpy(buf, ram + gpa, len);
    return 0;
}

static int wr(void *ctx, uint64_t gpa, const void *buf, unsigned len)
{
    (void)ctx;
    if (gpa > RAM || len > RAM - gpa)
        return -1;
    memcpy(ram + gpa, buf, len);
    return 0;
}

static int piece(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    (void)pos;
    uint8_t b[64];
    return rd(ctx, gpa, b, len < 64 ? len : 64);
}

static const struct virtio_ops ops = { .kind = "fuzz", .type = 2, .pci_class = 0x018000, .nqueues = 2 };
static struct virtio_pci vp;
static struct virtq_chain chain;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < OPS * 6)
        return 0;
    memset(&vp, 0, sizeof(vp));
    vp.features = VIRTIO_F_VERSION_1;
    vp.ram_size = RAM;
    virtio_build_config(&vp, &ops, 0xfd000000);
    memset(ram, 0, sizeof(ram));
    memcpy(ram, data + OPS * 6, size - OPS * 6 > RAM ? RAM : size - OPS * 6);
    for (unsigned i = 0; i < OPS; i++) {
        const uint8_t *op = data + 6 * i;
        unsigned off = op[0], sz = 1u << (op[1] & 3);
        uint64_t val;
        uint32_t v32;
        memcpy(&v32, op + 2, 4);
        val = v32;
        if (op[1] & 0x80)
            virtio_msix_access(&vp, VIRTIO_BAR_MSIX + (off | (op[1] & 0x40) << 2), sz, op[1] & 4, &val);
        else if (op[1] & 0x40)
            pci_cfg_write(&vp.pci, off, sz > 4 ? 4 : sz, v32);
        else
            virtio_common_write(&vp, off % 0x40, sz, val);
        virtio_common_read(&vp, off % 0x40, sz, &val);
        virtio_msix_take(&vp, (uint16_t)(v32 & 7));
    }
    struct virtq_mem m = { rd, wr, NULL, RAM };
    for (unsigned q = 0; q < ops.nqueues; q++) {
        if (!vp.vq[q].enabled)
            continue;
        for (unsigned n = 0; n < 300; n++) {
            const char *why;
            if (virtq_pop(&vp.vq[q], &m, &chain, &why) <= 0)
                break;
            virtq_chain_span(&chain, false, 0, chain.out_len, piece, NULL);
            virtq_chain_span(&chain, true, chain.in_len / 2, chain.in_len - chain.in_len / 2, piece, NULL);
            virtq_push(&vp.vq[q], &m, chain.head, (uint32_t)chain.in_len);
        }
        virtq_wants_interrupt(&vp.vq[q], &m);
    }
    return 0;
}
