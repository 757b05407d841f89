/* The RSB-refill decision for VM exits, as Linux/KVM take it: full refill
 * unless eIBRS isolates predictions; with eIBRS, one entry where the CPU has
 * post-barrier RSB predictions (PBRSB), none where it says it has not. */
#include "rsbfill.h"

enum rsb_fill rsb_fill_mode(bool has_arch_caps, uint64_t arch_caps)
{
    if (!has_arch_caps || !(arch_caps & ARCH_CAP_IBRS_ALL))
        return RSB_FILL_FULL;
    return arch_caps & ARCH_CAP_PBRSB_NO ? RSB_FILL_NONE : RSB_FILL_LITE;
}

const char *rsb_fill_name(enum rsb_fill f)
{
    return f == RSB_FILL_FULL ? "full (32 entries)" : f == RSB_FILL_LITE ? "lite (1 entry, PBRSB)" : "none (eIBRS, PBRSB_NO)";
}
