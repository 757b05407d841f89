/* The per-bridge switches and their port inboxes (netswitch.h). */
#include "netswitch.h"
#include "vm.h"
#include "vcpu.h"
#include "ephmap.h"
#include "mm.h"
#include "asi.h"
#include "ipi.h"
#include "kick.h"
#include "percpu.h"
#include "fmt.h"
#include <string.h>

static struct net_bridge bridges[NET_BRIDGES] __asi_shared;
volatile uint8_t net_pending[VMAREA_MAX] __asi_shared;

/* The inbox's control page (its first frame). */
struct inbox {
    struct spinlock lock;
    uint32_t head, tail;                /* slots head..tail-1 hold frames */
    uint32_t len[NET_SLOTS];
};
_Static_assert(sizeof(struct inbox) <= 4096, "one page");

static void block(volatile uint32_t *l)
{
    while (__atomic_exchange_n(l, 1, __ATOMIC_ACQUIRE))
        __asm__ volatile("pause");
}

static void bunlock(volatile uint32_t *l)
{
    __atomic_store_n(l, 0, __ATOMIC_RELEASE);
}

void net_port_counts(int port, uint64_t *delivered, uint64_t *dropped)
{
    const struct net_port *p = &bridges[port / NETFWD_PORTS].port[port % NETFWD_PORTS];
    *delivered = p->delivered;
    *dropped = p->dropped;
}

void net_bridge_counts(int port, uint64_t *frames, uint64_t *drops)
{
    const struct net_bridge *b = &bridges[port / NETFWD_PORTS];
    *frames = b->frames;
    *drops = b->drops;
}

const char *net_bridge_name(int port)
{
    return bridges[port / NETFWD_PORTS].name;
}

int net_port_add(struct vm *vm, const char *name, const uint8_t mac[6], char *why, unsigned whylen)
{
    struct net_bridge *b = 0;
    for (unsigned i = 0; i < NET_BRIDGES && !b; i++)
        if (!strcmp(bridges[i].name, name))
            b = &bridges[i];
    for (unsigned i = 0; i < NET_BRIDGES && !b; i++)
        if (!bridges[i].name[0]) {
            b = &bridges[i];
            memcpy(b->name, name, strnlen(name, sizeof(b->name) - 1));
        }
    if (!b) {
        hv_snprintf(why, whylen, "no switch left for bridge '%s' (at most %d bridges)", name, NET_BRIDGES);
        return -1;
    }
    for (unsigned i = 0; i < b->fwd.nports; i++)
        if (!memcmp(b->port[i].mac, mac, 6) && b->port[i].inbox_pa) {
            hv_snprintf(why, whylen, "MAC %02x:%02x:%02x:%02x:%02x:%02x is already on bridge '%s'",
                        mac[0], mac[1], mac[2], mac[3], mac[4], mac[5], name);
            return -1;
        }
    unsigned idx = 0;
    while (idx < b->fwd.nports && b->port[idx].inbox_pa)
        idx++;
    if (idx >= NETFWD_PORTS) {
        hv_snprintf(why, whylen, "bridge '%s' is full (%d ports)", name, NETFWD_PORTS);
        return -1;
    }
    uint64_t pa = mm_frame_alloc_contig(1 + NET_SLOTS, 4096);
    if (!pa) {
        hv_snprintf(why, whylen, "no memory for a port inbox");
        return -1;
    }
    memset(phys_to_virt(pa), 0, 4096ull * (1 + NET_SLOTS));
    block(&b->lock);
    struct net_port *p = &b->port[idx];
    p->inbox_pa = pa;
    p->vm_id = (uint16_t)vm->id;
    memcpy(p->mac, mac, 6);
    p->kick_cpus = p->kick_bit = 0;
    p->delivered = p->dropped = 0;     /* nobody is kicked until the VM is placed (net_port_kick_target) */
    if (idx == b->fwd.nports)
        b->fwd.nports++;
    bunlock(&b->lock);
    return (int)((b - bridges) * NETFWD_PORTS + idx);
}

void net_port_kick_target(int port, struct vm *vm)
{
    struct net_port *p = &bridges[port / NETFWD_PORTS].port[port % NETFWD_PORTS];
    p->kick_cpus = vm->vcpu_cpus | 1ull << vm->vcpus[0].cpu;
    p->kick_bit = vcpu_kick_bit(&vm->vcpus[0]);
}

void net_port_remove(int port)
{
    struct net_bridge *b = &bridges[port / NETFWD_PORTS];
    struct net_port *p = &b->port[port % NETFWD_PORTS];
    block(&b->lock);
    uint64_t pa = p->inbox_pa;
    p->inbox_pa = 0;                    /* senders skip it from now on */
    for (unsigned i = 0; i < NETFWD_MACS; i++)
        if (b->fwd.port[i] == port % NETFWD_PORTS)
            b->fwd.age[i] = 0;
    bunlock(&b->lock);
    if (pa) {
        memset(phys_to_virt(pa), 0, 4096ull * (1 + NET_SLOTS));    /* no frame outlives its VM */
        mm_frame_free_range(pa, 4096ull * (1 + NET_SLOTS));
    }
}

struct fill {
    struct vm *vm;
    uint64_t slot_pa;
    uint64_t *maps;
};

static int fill_piece(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    struct fill *f = ctx;
    return guest_phys_xfer_host(f->vm, gpa, f->slot_pa + pos, len, false, f->maps);
}

/* Copy the frame into a free slot of p's inbox; false when it is full. */
static bool deliver(struct vm *from, const struct net_port *p, const struct virtq_chain *c, uint64_t off,
                    uint32_t len, uint64_t *maps)
{
    int cs;
    (*maps)++;
    struct inbox *in = ephmap_map_host(p->inbox_pa, &cs);
    if (!in)
        return false;
    bool ok = false;
    spin_lock(&in->lock);
    if (in->tail - in->head < NET_SLOTS) {
        uint32_t s = in->tail % NET_SLOTS;
        struct fill f = { from, p->inbox_pa + 4096ull * (1 + s), maps };
        if (!virtq_chain_span(c, false, off, len, fill_piece, &f)) {
            in->len[s] = len;
            in->tail++;
            ok = true;
        }
    }
    spin_unlock(&in->lock);
    ephmap_unmap(cs);
    return ok;
}

struct head {
    struct vm *vm;
    uint8_t eth[12];
};

static int head_piece(void *ctx, uint64_t gpa, uint32_t len, uint64_t pos)
{
    struct head *h = ctx;
    return guest_phys_read(h->vm, gpa, h->eth + pos, len);
}

bool net_send(struct vm *from, int port, const struct virtq_chain *c, uint64_t off, uint32_t len, uint64_t *maps)
{
    struct net_bridge *b = &bridges[port / NETFWD_PORTS];
    unsigned src = (unsigned)port % NETFWD_PORTS;
    struct head h = { from, { 0 } };
    (*maps)++;
    uint8_t *eth = h.eth;              /* destination and source MAC */
    if (len < NET_FRAME_MIN || virtq_chain_span(c, false, off, sizeof(h.eth), head_piece, &h))
        return false;
    /* The bridge stays locked while frames go out: a port removed meanwhile
     * (its VM destroyed) would free the inbox under the copy. */
    block(&b->lock);
    uint32_t to = netfwd_route(&b->fwd, src, eth, eth + 6);
    b->frames++;
    struct percpu *pc = this_cpu();
    bool here = false;
    for (unsigned i = 0; to; i++, to >>= 1) {
        struct net_port *p = &b->port[i];
        if (!(to & 1) || !p->inbox_pa)
            continue;
        if (!deliver(from, p, c, off, len, maps)) {
            b->drops++;
            p->dropped++;
            continue;
        }
        p->delivered++;
        net_pending[p->vm_id] = 1;
        for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
            if (!(p->kick_cpus >> cpu & 1))
                continue;
            if (cpu == pc->cpu) {
                pc->others_runnable = true;     /* the scheduler here looks at it */
                here = true;
            } else {
                ipi_kick_vcpu(cpu, p->kick_bit);
            }
        }
    }
    bunlock(&b->lock);
    return here;
}

unsigned net_receive(int port, net_take_fn *fn, void *ctx, uint64_t *maps)
{
    const struct net_port *p = &bridges[port / NETFWD_PORTS].port[port % NETFWD_PORTS];
    if (!p->inbox_pa)
        return 0;
    int cs;
    struct inbox *in = ephmap_map_host(p->inbox_pa, &cs);
    if (!in)
        return 0;
    unsigned n = 0;
    (*maps)++;
    spin_lock(&in->lock);
    while (in->head != in->tail) {
        uint32_t s = in->head % NET_SLOTS, len = in->len[s];
        uint64_t slot = p->inbox_pa + 4096ull * (1 + s);
        if (!fn(ctx, slot, len))
            break;
        int zs;                             /* the next sender sees a zeroed page */
        uint8_t *z = ephmap_map_host(slot, &zs);
        if (z)
            memset(z, 0, len);
        (*maps)++;
        ephmap_unmap(zs);
        in->len[s] = 0;
        in->head++;
        n++;
    }
    spin_unlock(&in->lock);
    ephmap_unmap(cs);
    return n;
}
