/* Device address ranges (ports, MMIO) of a VM: the table is fixed once the
 * VM runs, so a range that does not fit is a VM-creation error. Pure. */
#ifndef HV_IORANGE_H
#define HV_IORANGE_H
#include <stdint.h>

struct io_range { uint64_t base, len; };

enum iorange_err { IORANGE_OK = 0, IORANGE_FULL = -1, IORANGE_OVERLAP = -2, IORANGE_EMPTY = -3 };

/* May [base, base+len) join the n ranges of a table of max? On an overlap,
 * *which is the range it collides with. */
enum iorange_err iorange_fit(const struct io_range *r, unsigned n, unsigned max, uint64_t base,
                             uint64_t len, unsigned *which);

#endif
