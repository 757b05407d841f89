/* virtio-net (virtio 1.x, section 5.1) on the hypervisor's switch: queue 0
 * receives, queue 1 transmits; features VERSION_1 and MAC only (no
 * checksum or segmentation offload: frames are whole Ethernet frames of
 * at most 1518 bytes). A transmitted frame goes to the receivers' port
 * inboxes from the sender's exit; each receiver's own context moves it into
 * its receive queue (netswitch.h). Every copy is through ephmap windows. */
#include "virtio_net.h"
#include "netswitch.h"
#include "vm.h"
#include "vcpu.h"
#include "fmt.h"
#include "console.h"
#include <string.h>

#define NET_F_MAC (1ull << 5)
#define NET_HDR 12                      /* virtio_net_hdr_v1 */
#define RXQ 0
#define TXQ 1

static void cfg_read(struct virtio_pci *vp, unsigned off, unsigned size, uint64_t *val)
{
    struct virtio_net *n = vp->dev;
    uint8_t img[8] = { 0 };
    memcpy(img, n->mac, 6);             /* mac; status (not offered) reads 0 */
    *val = 0;
    for (unsigned i = 0; i < size && off + i < sizeof(img); i++)
        *val |= (uint64_t)img[off + i] << (8 * i);
}

struct io {
    struct virtio_net *n;
    uint64_t hpa;
};

static int hdr_in(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    struct io *x = ctx;
    return virtio_read(&x->n->vp, gpa, x->n->scratch + pos, len);
}

static int hdr_out(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    struct io *x = ctx;
    return virtio_write(&x->n->vp, gpa, x->n->scratch + pos, len);
}

static int frame_out(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    struct io *x = ctx;
    return guest_phys_xfer_host(x->n->vp.vm, gpa, x->hpa + pos, len, true, &x->n->vp.ephmap_maps);
}

static void transmit(struct virtio_net *n)
{
    struct virtio_pci *vp = &n->vp;
    struct virtq *q = &vp->vq[TXQ];
    struct virtq_mem m;
    virtio_mem(vp, &m);
    bool used = false;
    for (unsigned i = 0; i < q->size; i++) {
        const char *why;
        int r = virtq_pop(q, &m, &n->chain, &why);
        if (r <= 0) {
            if (r < 0)
                virtio_set_fault(vp, why);
            break;
        }
        struct virtq_chain *c = &n->chain;
        struct io x = { n, 0 };
        if (c->out_len < NET_HDR + NET_FRAME_MIN || c->out_len > NET_HDR + NET_FRAME_MAX) {
            virtio_set_fault(vp, "transmitted frame shorter than an Ethernet header or longer than 1518 bytes");
            break;
        }
        if (virtq_chain_span(c, false, 0, NET_HDR, hdr_in, &x)) {
            virtio_set_fault(vp, "transmit header unreadable");
            break;
        }
        if (n->scratch[1] || (n->scratch[0] & 1)) {
            virtio_set_fault(vp, "transmit header asks for segmentation or checksum offload (not offered)");
            break;
        }
        vp->requests++;
        if (net_send(vp->vm, n->port, c, NET_HDR, (uint32_t)(c->out_len - NET_HDR), &vp->ephmap_maps))
            vp->yield = true;           /* a receiver waits on this CPU: let it run */
        n->tx_frames++;
        if (virtq_push(q, &m, c->head, 0)) {
            virtio_set_fault(vp, "used ring outside the VM's RAM");
            break;
        }
        used = true;
    }
    if (used)
        virtio_used_notify(vp, TXQ);
}

/* One frame from the inbox into the next receive buffer; false: none posted (it waits). */
static bool take(void *ctx, uint64_t hpa, uint32_t len)
{
    struct virtio_net *n = ctx;
    struct virtio_pci *vp = &n->vp;
    struct virtq_mem m;
    virtio_mem(vp, &m);
    const char *why;
    int r = virtq_pop(&vp->vq[RXQ], &m, &n->chain, &why);
    if (r <= 0) {
        if (r < 0)
            virtio_set_fault(vp, why);
        return false;
    }
    struct virtq_chain *c = &n->chain;
    if (c->in_len < NET_HDR + len) {
        virtio_set_fault(vp, "receive buffer smaller than a frame");
        return false;
    }
    memset(n->scratch, 0, NET_HDR);
    n->scratch[10] = 1;                 /* num_buffers */
    struct io x = { n, hpa };
    if (virtq_chain_span(c, true, 0, NET_HDR, hdr_out, &x) ||
        virtq_chain_span(c, true, NET_HDR, len, frame_out, &x) ||
        virtq_push(&vp->vq[RXQ], &m, c->head, NET_HDR + len)) {
        virtio_set_fault(vp, "receive buffer outside the VM's RAM");
        return false;
    }
    n->rx_frames++;
    vp->requests++;
    return true;
}

static void receive(struct virtio_net *n)
{
    struct virtio_pci *vp = &n->vp;
    if (!(vp->status & VIRTIO_S_DRIVER_OK) || (vp->status & VIRTIO_S_NEEDS_RESET) || !vp->vq[RXQ].enabled)
        return;
    if (net_receive(n->port, take, n, &vp->ephmap_maps))
        virtio_used_notify(vp, RXQ);
}

static void queue_notify(struct virtio_pci *vp, unsigned q)
{
    if (q == TXQ)
        transmit(vp->dev);
    else
        receive(vp->dev);               /* buffers posted: frames that waited go in now */
}

/* In the VM's own context (vCPU 0's entry work or wake-up): frames that other VMs left. */
void dev_io_work(struct vm *vm)
{
    net_pending[vm->id] = 0;
    vm_dev_lock(vm);
    for (unsigned i = 0; i < vm->nnics; i++) {
        receive(vm->nics[i]);
        if (vm->nics[i]->vp.fault)
            virtio_say_fault(&vm->nics[i]->vp);
    }
    vm_dev_unlock(vm);
}

void virtio_net_print_stats(const struct vm *vm)
{
    for (unsigned i = 0; i < vm->nnics; i++) {
        const struct virtio_net *n = vm->nics[i];
        uint64_t in, lost, switched, dropped;
        net_port_counts(n->port, &in, &lost);
        net_bridge_counts(n->port, &switched, &dropped);
        hv_printf("hv: vm %s: vif %u on bridge '%s': %llu frames sent, %llu received (%llu put in its inbox, "
                  "%llu lost to a full inbox); the bridge: %llu frames, %llu deliveries lost\n",
                  vm->name, i, net_bridge_name(n->port), (unsigned long long)n->tx_frames,
                  (unsigned long long)n->rx_frames, (unsigned long long)in, (unsigned long long)lost,
                  (unsigned long long)switched, (unsigned long long)dropped);
    }
}

static const struct virtio_ops net_ops = {
    .kind = "virtio-net",
    .type = 1,
    .pci_class = 0x020000,              /* network, Ethernet */
    .nqueues = 2,
    .cfg_read = cfg_read,
    .queue_notify = queue_notify,
};

int virtio_net_add(struct vm *vm, struct virtio_net *n, const uint8_t mac[6], const char *bridge,
                   char *why, unsigned whylen)
{
    memcpy(n->mac, mac, 6);
    n->port = net_port_add(vm, bridge, mac, why, whylen);
    if (n->port < 0)
        return -1;
    if (virtio_pci_add(vm, &n->vp, &net_ops, n, NET_F_MAC)) {
        net_port_remove(n->port);
        hv_snprintf(why, whylen, "no PCI slot or BAR range left");
        return -1;
    }
    return 0;
}
