/* x86 instruction decoding for MMIO emulation: the MOV/MOVZX/MOVSX/STOS
 * forms OSes use on device registers. Pure. */
#ifndef HV_DECODE_H
#define HV_DECODE_H
#include <stdint.h>
#include <stdbool.h>

enum mmio_op { MMIO_LOAD, MMIO_STORE, MMIO_STORE_IMM, MMIO_LOAD_ZX, MMIO_LOAD_SX, MMIO_STOS };

struct mmio_insn {
    enum mmio_op op;
    unsigned len;           /* instruction length */
    unsigned size;          /* memory access size: 1, 2, 4, 8 */
    unsigned dst_size;      /* register size for loads (MOVZX/MOVSX widen) */
    unsigned reg;           /* register number 0-15 (source for stores, destination for loads) */
    uint64_t imm;
    bool rep;
    bool rex;               /* a REX prefix: byte registers 4-7 are SPL..DIL, not AH..BH */
};

/* mode: 16, 32 or 64 (code segment default size). Returns 0, or -1 with
 * *why naming what could not be decoded. */
int mmio_decode(const uint8_t *b, unsigned avail, unsigned mode, struct mmio_insn *out,
                const char **why);

/* MOV to a control register (0F 22 /r), for backends without decode assists
 * (SVM on QEMU). cr: 0-15 (REX.R, LOCK as AMD's CR8 alias); gpr: the source. */
struct movcr_insn { unsigned len, cr, gpr; };
int movcr_decode(const uint8_t *b, unsigned avail, unsigned mode, struct movcr_insn *out);

#endif
