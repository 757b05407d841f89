/* A learning Ethernet switch's decision, per bridge: which ports a frame
 * goes to. Source MACs are learned (the newest port wins; the table keeps
 * the most recent NETFWD_MACS); broadcast, multicast and unknown unicast
 * go to every port but the sender's; a frame for the sender's own port is
 * dropped. Pure: host-tested. */
#ifndef HV_NETFWD_H
#define HV_NETFWD_H
#include <stdint.h>

#define NETFWD_PORTS 8
#define NETFWD_MACS 32

struct netfwd {
    uint8_t mac[NETFWD_MACS][6];
    uint8_t port[NETFWD_MACS];
    uint32_t age[NETFWD_MACS];      /* 0: empty; larger: more recent */
    uint32_t clock;
    unsigned nports;
};

/* The ports (bit mask) the frame from port `src` goes to, after learning its source MAC. */
uint32_t netfwd_route(struct netfwd *t, unsigned src, const uint8_t dst[6], const uint8_t srcmac[6]);

#endif
