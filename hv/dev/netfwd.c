/* MAC learning and forwarding (netfwd.h). */
#include "netfwd.h"
#include <string.h>

static int find(const struct netfwd *t, const uint8_t mac[6])
{
    for (int i = 0; i < NETFWD_MACS; i++)
        if (t->age[i] && !memcmp(t->mac[i], mac, 6))
            return i;
    return -1;
}

static void learn(struct netfwd *t, unsigned port, const uint8_t mac[6])
{
    if (mac[0] & 1)
        return;                     /* a multicast source is bogus: never learned */
    int i = find(t, mac);
    if (i < 0) {                    /* a free entry, else the oldest */
        i = 0;
        for (int j = 1; j < NETFWD_MACS; j++)
            if (t->age[j] < t->age[i])
                i = j;
        memcpy(t->mac[i], mac, 6);
    }
    t->port[i] = (uint8_t)port;
    t->age[i] = ++t->clock ? t->clock : (t->clock = 1);
}

uint32_t netfwd_route(struct netfwd *t, unsigned src, const uint8_t dst[6], const uint8_t srcmac[6])
{
    if (src >= t->nports || t->nports > NETFWD_PORTS)
        return 0;
    learn(t, src, srcmac);
    uint32_t all = ((1u << t->nports) - 1) & ~(1u << src);
    if (dst[0] & 1)
        return all;                 /* broadcast, multicast */
    int i = find(t, dst);
    if (i < 0)
        return all;                 /* unknown: flooded, as a switch does */
    return t->port[i] == src ? 0 : 1u << t->port[i];
}
