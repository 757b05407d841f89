/* TSC frequency from CPUID, as Intel documents it (SDM Vol. 3, 18.7.3). */
#include "tsc.h"

uint64_t tsc_hz_from_cpuid(uint32_t max_leaf, const uint32_t l15[4], const uint32_t l16[4])
{
    if (max_leaf >= 0x15 && l15[0] && l15[1] && l15[2])
        return (uint64_t)l15[2] * l15[1] / l15[0];      /* crystal Hz * EBX / EAX */
    if (max_leaf >= 0x16 && (l16[0] & 0xffff))
        return (uint64_t)(l16[0] & 0xffff) * 1000000;   /* base frequency in MHz */
    return 0;
}
