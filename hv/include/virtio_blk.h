/* virtio-blk on an in-memory disk image (hv/dev/virtio_blk.c). */
#ifndef HV_VIRTIO_BLK_H
#define HV_VIRTIO_BLK_H
#include "virtio.h"

struct virtio_blk {
    struct virtio_pci vp;
    uint64_t hpa, size;         /* the image (a boot module), bytes: whole sectors */
    bool ro;
    char id[21];                /* GET_ID: the vdev name */
    uint64_t reads, writes, errors;
    uint8_t scratch[32];        /* headers, IDs and status bytes on their way */
    struct virtq_chain chain;   /* the request being served */
};

int virtio_blk_add(struct vm *vm, struct virtio_blk *b, uint64_t hpa, uint64_t size, bool ro,
                   const char *id);

#endif
