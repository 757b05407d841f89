/* Split virtqueue walker (virtq.h). */
#include "virtq.h"
#include <string.h>

struct vdesc { uint64_t addr; uint32_t len; uint16_t flags, next; };
_Static_assert(sizeof(struct vdesc) == 16, "virtio descriptor layout");

static bool in_ram(const struct virtq_mem *m, uint64_t gpa, uint64_t len)
{
    return gpa <= m->ram_size && len <= m->ram_size - gpa;
}

int virtq_check_setup(const struct virtq *q, const struct virtq_mem *m, const char **why)
{
    uint64_t n = q->size;
    if (!n || n > VIRTQ_MAX_SIZE || (n & (n - 1)))
        return *why = "queue size is not a power of two up to 256", -1;
    if ((q->desc & 15) || (q->avail & 1) || (q->used & 3))
        return *why = "ring address misaligned", -1;
    if (!in_ram(m, q->desc, 16 * n) || !in_ram(m, q->avail, 6 + 2 * n) || !in_ram(m, q->used, 6 + 8 * n))
        return *why = "ring outside the VM's RAM", -1;
    return 0;
}

static int rd16(const struct virtq_mem *m, uint64_t gpa, uint16_t *v)
{
    return m->read(m->ctx, gpa, v, 2);
}

int virtq_pop(struct virtq *q, const struct virtq_mem *m, struct virtq_chain *c, const char **why)
{
    uint16_t avail_idx, head;
    if (rd16(m, q->avail + 2, &avail_idx))
        return *why = "avail ring unreadable", -1;
    uint16_t pending = (uint16_t)(avail_idx - q->last_avail);
    if (!pending)
        return 0;
    if (pending > q->size)
        return *why = "avail index moved by more than the queue size", -1;
    if (rd16(m, q->avail + 4 + 2 * (uint64_t)(q->last_avail & (q->size - 1)), &head))
        return *why = "avail ring unreadable", -1;
    if (head >= q->size)
        return *why = "descriptor index past the queue size", -1;
    q->last_avail++;
    c->head = head;
    c->nseg = 0;
    c->out_len = c->in_len = 0;
    uint16_t i = head;
    for (unsigned n = 0;; n++) {
        struct vdesc d;
        if (n >= q->size)
            return *why = "descriptor chain loops (longer than the queue)", -1;
        if (n >= VIRTQ_MAX_SEGS)
            return *why = "descriptor chain longer than 128", -1;
        if (m->read(m->ctx, q->desc + 16ull * i, &d, sizeof(d)))
            return *why = "descriptor table unreadable", -1;
        if (d.flags & VIRTQ_DESC_F_INDIRECT)
            return *why = "indirect descriptor (not offered)", -1;
        if (!in_ram(m, d.addr, d.len))
            return *why = "buffer outside the VM's RAM", -1;
        bool w = d.flags & VIRTQ_DESC_F_WRITE;
        if (!w && c->in_len)
            return *why = "device-readable buffer after a writable one", -1;
        c->seg[c->nseg++] = (struct virtq_seg){ d.addr, d.len, w };
        if (w)
            c->in_len += d.len;
        else
            c->out_len += d.len;
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            return 1;
        if (d.next >= q->size)
            return *why = "descriptor index past the queue size", -1;
        i = d.next;
    }
}

int virtq_push(struct virtq *q, const struct virtq_mem *m, uint16_t head, uint32_t len)
{
    uint32_t elem[2] = { head, len };
    uint64_t slot = q->used + 4 + 8ull * (q->used_idx & (q->size - 1));
    if (m->write(m->ctx, slot, elem, sizeof(elem)))
        return -1;
    q->used_idx++;
    /* the element is visible before the index that publishes it (x86 keeps store order) */
    return m->write(m->ctx, q->used + 2, &q->used_idx, 2);
}

bool virtq_wants_interrupt(const struct virtq *q, const struct virtq_mem *m)
{
    uint16_t flags;
    return rd16(m, q->avail, &flags) || !(flags & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

int virtq_chain_span(const struct virtq_chain *c, bool write, uint64_t off, uint64_t len,
                     virtq_piece_fn *fn, void *ctx)
{
    uint64_t pos = 0;
    for (unsigned i = 0; i < c->nseg && len; i++) {
        const struct virtq_seg *s = &c->seg[i];
        if (s->write != write)
            continue;
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        uint64_t n = s->len - off;
        if (n > len)
            n = len;
        if (fn(ctx, s->addr + off, (uint32_t)n, pos))
            return -1;
        pos += n, len -= n, off = 0;
    }
    return len ? -1 : 0;
}
