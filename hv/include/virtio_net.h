/* virtio-net on the hypervisor's switch (hv/dev/virtio_net.c). */
#ifndef HV_VIRTIO_NET_H
#define HV_VIRTIO_NET_H
#include "virtio.h"

struct virtio_net {
    struct virtio_pci vp;
    int port;                   /* on its bridge (netswitch.h) */
    uint8_t mac[6];
    uint64_t tx_frames, rx_frames;
    uint8_t scratch[16];        /* headers on their way */
    struct virtq_chain chain;   /* the buffer being served */
};

void virtio_net_print_stats(const struct vm *vm);
int virtio_net_add(struct vm *vm, struct virtio_net *n, const uint8_t mac[6], const char *bridge,
                   char *why, unsigned whylen);

#endif
