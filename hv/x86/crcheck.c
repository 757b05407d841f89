/* What MOV to CR0/CR4 must refuse with #GP (SDM, MOV to control registers):
 * the hardware checks these itself only for writes that do not exit. */
#include "crcheck.h"

#define CR0_PE (1ull << 0)
#define CR0_NW (1ull << 29)
#define CR0_CD (1ull << 30)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_PCIDE (1ull << 17)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)

int cr0_write_check(const struct cr_ctx *c, uint64_t val)
{
    if (val >> 32)
        return 13;                              /* reserved high half (64-bit code; else the CPU cut it) */
    if ((val & CR0_PG) && !(val & CR0_PE))
        return 13;
    if ((val & CR0_NW) && !(val & CR0_CD))
        return 13;
    if ((val & CR0_PG) && !(c->cr0 & CR0_PG) && (c->efer & EFER_LME) && !(c->cr4 & CR4_PAE))
        return 13;                              /* long mode needs PAE */
    if (!(val & CR0_PG) && (c->cr0 & CR0_PG) && (c->efer & EFER_LMA) && (c->cr4 & CR4_PCIDE))
        return 13;                              /* paging off in long mode with PCIDs on */
    return 0;
}

int cr4_write_check(const struct cr_ctx *c, uint64_t val)
{
    if (val & ~c->cr4_allowed)
        return 13;                              /* reserved, or a feature this guest does not have */
    if ((c->efer & EFER_LMA) && !(val & CR4_PAE))
        return 13;
    if ((val & CR4_PCIDE) && !(c->cr4 & CR4_PCIDE) && (!(c->efer & EFER_LMA) || (c->cr3 & 0xfff)))
        return 13;
    return 0;
}
