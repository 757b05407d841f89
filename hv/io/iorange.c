/* Fitting a device range into a VM's table: no empty or wrapping range, no
 * overlap (a lookup must never depend on registration order), no overflow. */
#include "iorange.h"

enum iorange_err iorange_fit(const struct io_range *r, unsigned n, unsigned max, uint64_t base,
                             uint64_t len, unsigned *which)
{
    if (!len || base + len < base)
        return IORANGE_EMPTY;
    for (unsigned i = 0; i < n; i++)
        if (base < r[i].base + r[i].len && r[i].base < base + len) {
            *which = i;
            return IORANGE_OVERLAP;
        }
    return n >= max ? IORANGE_FULL : IORANGE_OK;
}
