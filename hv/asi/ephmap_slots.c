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
