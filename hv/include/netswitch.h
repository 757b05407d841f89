/* The hypervisor's Ethernet switches, one per bridge name (xl's vif
 * bridge=): frames between VMs on one bridge, no outside network (there is
 * no host NIC driver). A frame from VM A reaches VM B without A's exit
 * ever mapping B's memory: A's exit copies it into a free slot of B's port
 * inbox (hypervisor frames that are in no address space, reached through
 * ephmap windows like a disk image), B's vCPU 0 is kicked, and B's own
 * context copies it on into B's receive queue and zeroes the slot. So a
 * window of A's exit only ever shows a zeroed page that A fills, and no
 * frame is read by a third VM. docs/devices.md. */
#ifndef HV_NETSWITCH_H
#define HV_NETSWITCH_H
#include <stdint.h>
#include <stdbool.h>
#include "netfwd.h"
#include "virtq.h"

#define NET_BRIDGES 4
#define NET_SLOTS 32                    /* frames waiting per port */
#define NET_FRAME_MAX 1518              /* Ethernet with a VLAN tag, no FCS */
#define NET_FRAME_MIN 14

struct vm;

/* ASI-shared (every exit may read it): bridge names, MACs, where the
 * inboxes are and which CPUs to kick. No frame data. */
struct net_port {
    uint64_t inbox_pa;                  /* control page; slot i at inbox_pa + 4096 * (1 + i) */
    uint64_t kick_cpus, kick_bit;       /* the receiving VM's vCPU 0 */
    uint16_t vm_id;
    uint8_t mac[6];
    uint64_t delivered, dropped;        /* frames put into its inbox; lost to a full inbox */
};

struct net_bridge {
    char name[16];
    struct netfwd fwd;                  /* its learning table (lock held) */
    struct net_port port[NETFWD_PORTS];
    volatile uint32_t lock;
    uint64_t frames, drops;
};

/* Join bridge `name` (created on first use) with a new inbox. Full space, at VM creation.
 * Returns the port (bridge * NETFWD_PORTS + index) or -1 with why. */
int net_port_add(struct vm *vm, const char *name, const uint8_t mac[6], char *why, unsigned whylen);
/* Where senders kick the VM: its vCPU 0, on whichever of its CPUs it runs (after placement). */
void net_port_kick_target(int port, struct vm *vm);
/* Give a port back (its VM was destroyed): its inbox is emptied, its MAC forgotten. */
void net_port_remove(int port);
/* From the sender's exit: the frame at bytes [off, off + len) of the chain's
 * readable stream, from `port` to the ports its destination MAC names.
 * Returns true when a receiver shares this CPU (the sender should yield).
 * *maps counts the ephmap windows used (here and in net_receive). */
bool net_send(struct vm *from, int port, const struct virtq_chain *c, uint64_t off, uint32_t len, uint64_t *maps);
/* In the receiver's context: take frames of its inbox while `fn` accepts
 * them (fn gets the host address and length, copies, returns false to stop). */
typedef bool net_take_fn(void *ctx, uint64_t hpa, uint32_t len);
unsigned net_receive(int port, net_take_fn *fn, void *ctx, uint64_t *maps);
/* VM n has frames waiting (set by senders, cleared by n's context). */
extern volatile uint8_t net_pending[];
const char *net_bridge_name(int port);
void net_port_counts(int port, uint64_t *delivered, uint64_t *dropped);
/* Frames the port's bridge switched, and deliveries to a full inbox it dropped. */
void net_bridge_counts(int port, uint64_t *frames, uint64_t *drops);

#endif
