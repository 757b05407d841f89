/* ephmap: per-CPU windows onto guest pages for exit handlers, so guest memory
 * is reachable without the physmap (which restricted spaces lack). */
#ifndef HV_EPHMAP_H
#define HV_EPHMAP_H
#include <stdint.h>

struct vm;

/* Pure slot bookkeeping (host-tested). */
int ephmap_slot_get(uint8_t *used, unsigned nslots);    /* lowest free slot or -1 */
void ephmap_slot_put(uint8_t *used, unsigned slot);
/* CPUs to send a flush IPI to when a VM loses access to a page: those that
 * ran it, except this one (flushed locally). */
uint64_t ephmap_flush_targets(uint64_t ran_mask, unsigned self);

void ephmap_init(void);
/* Map the guest page holding `gpa` of `vm` (RAM only); returns the address of
 * gpa in the window and the slot, or NULL when gpa is not the VM's RAM. When
 * every window is busy it falls back to a counted asi_exit and the physmap
 * (*slot = -1). */
void *ephmap_map(struct vm *vm, uint64_t gpa, int *slot);
void ephmap_unmap(int slot);
/* The VM lost access to its pages (destroyed): flush every window of every CPU that ran it. */
void ephmap_vm_lost_access(struct vm *vm);

#endif
