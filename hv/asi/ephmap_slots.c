/* ephmap slot and flush bookkeeping: pure. */
#include "ephmap.h"

int ephmap_slot_get(uint8_t *used, unsigned nslots)
{
    for (unsigned i = 0; i < nslots && i < 8; i++)
        if (!(*used & (1u << i))) {
            *used |= (uint8_t)(1u << i);
            return (int)i;
        }
    return -1;
}

void ephmap_slot_put(uint8_t *used, unsigned slot)
{
    *used &= (uint8_t)~(1u << slot);
}

uint64_t ephmap_flush_targets(uint64_t ran_mask, unsigned self)
{
    return ran_mask & ~(1ull << self);
}

void ephmap_note_switch(uint8_t used, uint8_t *live, unsigned nslots, uint8_t space)
{
    for (unsigned i = 0; i < nslots && i < 8; i++)
        if (used & (1u << i))
            live[i] |= space;
}

int ephmap_stale_pcid(uint8_t live, uint8_t current, uint16_t restricted_pcid)
{
    uint8_t other = live & ~current & (EPHMAP_LIVE_FULL | EPHMAP_LIVE_RESTRICTED);
    if (!other)
        return -1;
    return other == EPHMAP_LIVE_FULL ? 0 : restricted_pcid;
}
