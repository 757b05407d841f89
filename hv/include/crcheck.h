/* Architectural checks of guest MOV to CR0/CR4 (the writes that exit). Pure. */
#ifndef HV_CRCHECK_H
#define HV_CRCHECK_H
#include <stdint.h>
#include <stdbool.h>

#define CR4_GUEST_BITS 0x00371fffull   /* VME..UMIP, LA57, FSGSBASE, PCIDE, OSXSAVE, SMEP, SMAP: never VMXE/SMXE/PKE/CET */

struct cr_ctx {
    uint64_t efer;          /* the guest's EFER (LME, LMA) */
    uint64_t cr0, cr4;      /* the guest's current values (as it sees them) */
    uint64_t cr3;
    uint64_t cr4_allowed;   /* CR4_GUEST_BITS & what the CPU supports */
};

/* 0 when the write is valid, else the vector to inject (13: #GP). */
int cr0_write_check(const struct cr_ctx *c, uint64_t val);
int cr4_write_check(const struct cr_ctx *c, uint64_t val);

#endif
