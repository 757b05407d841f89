/* Guest page-table walk (linear -> guest-physical). Pure: reads guest
 * memory through a callback. */
#ifndef HV_GWALK_H
#define HV_GWALK_H
#include <stdint.h>
#include <stdbool.h>

enum gmode { GM_FLAT, GM_32, GM_PAE, GM_LONG };

typedef int (*gread_fn)(void *ctx, uint64_t gpa, void *buf, unsigned len);

/* From CR0/CR4/EFER. */
enum gmode gwalk_mode(uint64_t cr0, uint64_t cr4, uint64_t efer);
/* 0 and *gpa, or -1 when not present (or a table could not be read). */
int gwalk(gread_fn rd, void *ctx, enum gmode mode, uint64_t cr3, uint64_t la, uint64_t *gpa);

/* The same, and in *perm what every level allows: GW_WRITE (R/W set
 * throughout), GW_USER (U/S set throughout); FLAT allows both. */
#define GW_WRITE 1u
#define GW_USER  2u
int gwalk_perm(gread_fn rd, void *ctx, enum gmode mode, uint64_t cr3, uint64_t la, uint64_t *gpa, unsigned *perm);

#endif
