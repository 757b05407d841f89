/* Split virtqueues (virtio 1.x, section 2.7) from the device side: take a
 * descriptor chain the driver made available, give it back as used. Every
 * index, address and length the guest wrote is checked here, before a byte
 * moves; guest memory is reached only through the accessor (ephmap in the
 * hypervisor, an array in the host tests). Pure. */
#ifndef HV_VIRTQ_H
#define HV_VIRTQ_H
#include <stdint.h>
#include <stdbool.h>

#define VIRTQ_MAX_SIZE 256
#define VIRTQ_MAX_SEGS 128      /* descriptors per chain the devices accept */

#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2
#define VIRTQ_DESC_F_INDIRECT 4
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_mem {
    int (*read)(void *ctx, uint64_t gpa, void *buf, unsigned len);
    int (*write)(void *ctx, uint64_t gpa, const void *buf, unsigned len);
    void *ctx;
    uint64_t ram_size;          /* every segment lies below it */
};

struct virtq {
    uint16_t size;              /* the driver's choice: a power of two, <= VIRTQ_MAX_SIZE */
    bool enabled;
    uint16_t msix_vector;
    uint64_t desc, avail, used; /* guest-physical */
    uint16_t last_avail;        /* the next avail entry to take */
    uint16_t used_idx;
};

struct virtq_seg {
    uint64_t addr;
    uint32_t len;
    bool write;                 /* device-writable (the driver reads it) */
};

struct virtq_chain {
    uint16_t head;
    unsigned nseg;
    uint64_t out_len, in_len;   /* bytes readable / writable by the device */
    struct virtq_seg seg[VIRTQ_MAX_SEGS];
};

/* A queue the driver set up: 0, or -1 with *why (size, alignment, RAM). */
int virtq_check_setup(const struct virtq *q, const struct virtq_mem *m, const char **why);
/* 1: a chain in *c; 0: nothing available; -1: the driver broke the queue (*why). */
int virtq_pop(struct virtq *q, const struct virtq_mem *m, struct virtq_chain *c, const char **why);
/* Return a chain with `len` bytes written into it. 0, or -1 when the used ring is not RAM. */
int virtq_push(struct virtq *q, const struct virtq_mem *m, uint16_t head, uint32_t len);
/* Does the driver want an interrupt for used buffers (VIRTQ_AVAIL_F_NO_INTERRUPT clear)? */
bool virtq_wants_interrupt(const struct virtq *q, const struct virtq_mem *m);

/* Walk bytes [off, off + len) of the chain's readable (write = false) or
 * writable stream: fn gets each piece lying in one segment. 0, -1 when the
 * stream is shorter or fn failed. */
typedef int virtq_piece_fn(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos);
int virtq_chain_span(const struct virtq_chain *c, bool write, uint64_t off, uint64_t len,
                     virtq_piece_fn *fn, void *ctx);

#endif
