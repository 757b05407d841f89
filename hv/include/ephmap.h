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

/* Which address spaces (PCIDs) may cache a window's translation: every space
 * that was current while the window was mapped. With PCIDs on, INVLPG
 * reaches only the current one, so the others need INVPCID at unmap. */
#define EPHMAP_LIVE_FULL       1u   /* PCID 0: the full space */
#define EPHMAP_LIVE_RESTRICTED 2u   /* the current VM's restricted PCID */
/* A CR3 switch to `space` with slots `used` mapped: they may now be cached there too. */
void ephmap_note_switch(uint8_t used, uint8_t *live, unsigned nslots, uint8_t space);
/* Unmapping flushes the current space with INVLPG; this is the PCID of the
 * other space that may still cache the window (INVPCID), or -1 for none. */
int ephmap_stale_pcid(uint8_t live, uint8_t current, uint16_t restricted_pcid);

/* Map the guest page holding `gpa` of `vm` (RAM only); returns the address of
 * gpa in the window and the slot, or NULL (with *slot = -1) when gpa is not
 * the VM's RAM. When every window is busy it falls back to a counted asi_exit
 * and the physmap (*slot = -1). */
void *ephmap_map(struct vm *vm, uint64_t gpa, int *slot);
/* Map a host page that only this VM's exits may touch (its disk image):
 * the window for hpa, or NULL with *slot = -1 when every window is busy. */
void *ephmap_map_host(uint64_t hpa, int *slot);
void ephmap_unmap(int slot);                /* any slot value: out-of-range ones are ignored */
/* The VM lost access to its pages (destroyed): flush every window of every CPU that ran it. */
void ephmap_vm_lost_access(struct vm *vm);

#endif
