/* Local APIC destination matching (apicdest.h). */
#include "apicdest.h"

static bool logical_match(uint32_t dest, const struct apic_target *t)
{
    if (t->x2apic) {
        uint32_t ldr = ((t->id >> 4) << 16) | (1u << (t->id & 15));
        if (dest == 0xffffffffu)
            return true;
        return (dest >> 16) == (ldr >> 16) && (dest & ldr & 0xffff);
    }
    uint8_t d = (uint8_t)dest, l = (uint8_t)(t->ldr >> 24);
    if (d == 0xff)
        return true;
    if (((t->dfr >> 28) & 0xf) == 0xf)          /* flat: one bit per APIC */
        return d & l;
    return (d >> 4) == (l >> 4) && (d & l & 0xf); /* cluster: cluster number, then bits */
}

bool apic_dest_match(enum apic_shorthand sh, bool logical, uint32_t dest, uint32_t self_id,
                     const struct apic_target *t)
{
    switch (sh) {
    case SH_SELF:         return t->id == self_id;
    case SH_ALL:          return true;
    case SH_ALL_BUT_SELF: return t->id != self_id;
    default:              break;
    }
    if (logical)
        return logical_match(dest, t);
    if (t->x2apic)
        return dest == 0xffffffffu || dest == t->id;
    return (dest & 0xff) == 0xff || (dest & 0xff) == t->id;
}
