/* The statistics rows HC_STATS and HC_VM_STATS return (hc_control.h). */
#include "hc_control.h"
#include "hypercall.h"

int64_t vm_stats_row(const struct vm *vm, uint64_t row, uint64_t *cycles, uint64_t *asi_exits)
{
    struct exit_stat s = { vm_total_exits(vm), 0, 0 };
    if (row == 0xffff) {
        for (unsigned i = 0; i < VM_EXIT_STATS; i++) {
            struct exit_stat r = vm_exit_stat(vm, i);
            s.cycles += r.cycles;
            s.asi_exits += r.asi_exits;
        }
    } else if (row < VM_EXIT_STATS) {
        s = vm_exit_stat(vm, (unsigned)row);
    } else {
        return HC_EINVAL;
    }
    *cycles = s.cycles;
    *asi_exits = s.asi_exits;
    return (int64_t)s.count;
}
