/* Symbol lookup over the table the build appends (tools/gensyms.sh). */
#include "trap.h"
#include <stdint.h>

struct hvsym { uint64_t addr; uint64_t name; };
extern const uint64_t hvsyms_count;
extern const struct hvsym hvsyms_table[];
extern const char hvsyms_strs[];
extern const char _stext[], _etext[];

const char *symbol_lookup(uint64_t addr, uint64_t *offset)
{
    if (addr < (uint64_t)_stext || addr >= (uint64_t)_etext || !hvsyms_count)
        return 0;
    uint64_t lo = 0, hi = hvsyms_count;     /* last entry with addr <= target */
    while (hi - lo > 1) {
        uint64_t mid = (lo + hi) / 2;
        if (hvsyms_table[mid].addr <= addr)
            lo = mid;
        else
            hi = mid;
    }
    if (hvsyms_table[lo].addr > addr)
        return 0;
    *offset = addr - hvsyms_table[lo].addr;
    return hvsyms_strs + hvsyms_table[lo].name;
}
