/* The control VM's hypercalls (hv/vcpu/hc_control.c, docs/hypercalls.md). */
#ifndef HV_HC_CONTROL_H
#define HV_HC_CONTROL_H
#include <stdbool.h>
#include <stdint.h>
#include "vm.h"

/* Does RSI:RDI hold the control VM's token? (Constant time.) */
bool hc_token_ok(const struct vm *vm, uint64_t rsi, uint64_t rdi);
/* HC_CONTROL_FIRST..LAST, its rule already checked; user: buffers came
 * from the guest's user space (they must be user pages). The result. */
int64_t hc_control(struct vcpu *v, bool user);

/* HC_STATS and HC_VM_STATS (hcstats.c): row = exit reason, or 0xffff for
 * all. The count (exits), or HC_EINVAL for a row that does not exist. */
int64_t vm_stats_row(const struct vm *vm, uint64_t row, uint64_t *cycles, uint64_t *asi_exits);

#endif
