/* Decoder for the memory-operand MOV family. Only the length and operand
 * shape matter: the address is known from the EPT violation. */
#include "decode.h"
#include <string.h>

/* Length of ModRM + SIB + displacement. */
static int modrm_len(const uint8_t *b, unsigned avail, unsigned asz)
{
    if (avail < 1)
        return -1;
    uint8_t m = b[0];
    unsigned mod = m >> 6, rm = m & 7, n = 1;
    if (mod == 3)
        return -2;  /* register operand: not a memory access */
    if (asz == 16) {
        if (mod == 0 && rm == 6) n += 2;
        else if (mod == 1) n += 1;
        else if (mod == 2) n += 2;
        return n > avail ? -1 : (int)n;
    }
    if (rm == 4) {
        if (avail < 2)
            return -1;
        n++;
        if (mod == 0 && (b[1] & 7) == 5)
            n += 4;
    }
    if (mod == 0 && rm == 5) n += 4;       /* disp32 or RIP-relative */
    else if (mod == 1) n += 1;
    else if (mod == 2) n += 4;
    return n > avail ? -1 : (int)n;
}

#define BAD(s) do { *why = s; return -1; } while (0)

int mmio_decode(const uint8_t *b, unsigned avail, unsigned mode, struct mmio_insn *o,
                const char **why)
{
    memset(o, 0, sizeof(*o));
    unsigned i = 0, osz = mode == 16 ? 16 : 32, asz = mode;
    bool rex_w = false, rex_r = false;
    for (;; i++) {
        if (i >= avail || i >= 15)
            BAD("instruction truncated or longer than 15 bytes");
        uint8_t p = b[i];
        if (p == 0x66) osz = mode == 16 ? 32 : 16;
        else if (p == 0x67) asz = mode == 64 ? 32 : mode == 32 ? 16 : 32;
        else if (p == 0xf3) o->rep = true;
        else if (p == 0x2e || p == 0x36 || p == 0x3e || p == 0x26 || p == 0x64 || p == 0x65) ;
        else if (p == 0xf0 || p == 0xf2) BAD("LOCK/REPNE prefix on an MMIO access");
        else break;
    }
    if (mode == 64 && (b[i] & 0xf0) == 0x40) {
        o->rex = true;
        rex_w = b[i] & 8;
        rex_r = b[i] & 4;
        i++;
        if (i >= avail)
            BAD("instruction truncated after REX");
    }
    if (rex_w)
        osz = 64;
    unsigned ws = osz / 8;
    uint8_t op = b[i++];
    bool twobyte = false;
    if (op == 0x0f) {
        if (i >= avail)
            BAD("instruction truncated after 0x0F");
        twobyte = true;
        op = b[i++];
    }
    int ml;
    unsigned imm_size = 0;
    if (!twobyte) {
        switch (op) {
        case 0x88: o->op = MMIO_STORE; o->size = 1; break;
        case 0x89: o->op = MMIO_STORE; o->size = ws; break;
        case 0x8a: o->op = MMIO_LOAD; o->size = o->dst_size = 1; break;
        case 0x8b: o->op = MMIO_LOAD; o->size = o->dst_size = ws; break;
        case 0xc6: o->op = MMIO_STORE_IMM; o->size = 1; imm_size = 1; break;
        case 0xc7: o->op = MMIO_STORE_IMM; o->size = ws; imm_size = ws > 4 ? 4 : ws; break;
        case 0xa0: case 0xa1: case 0xa2: case 0xa3: {   /* MOV AL/eAX <-> moffs */
            unsigned moffs = asz / 8;
            if (i + moffs > avail)
                BAD("instruction truncated in its address");
            o->op = op < 0xa2 ? MMIO_LOAD : MMIO_STORE;
            o->size = (op & 1) ? ws : 1;
            o->dst_size = o->size;
            o->reg = 0;
            o->len = i + moffs;
            return 0;
        }
        case 0xaa: o->op = MMIO_STOS; o->size = 1; o->len = i; o->reg = 0; return 0;
        case 0xab: o->op = MMIO_STOS; o->size = ws; o->len = i; o->reg = 0; return 0;
        default: BAD("opcode is not a MOV/STOS form the emulator handles");
        }
    } else {
        switch (op) {
        case 0xb6: o->op = MMIO_LOAD_ZX; o->size = 1; break;
        case 0xb7: o->op = MMIO_LOAD_ZX; o->size = 2; break;
        case 0xbe: o->op = MMIO_LOAD_SX; o->size = 1; break;
        case 0xbf: o->op = MMIO_LOAD_SX; o->size = 2; break;
        default: BAD("two-byte opcode is not MOVZX/MOVSX");
        }
        o->dst_size = ws;
    }
    if (o->rep)
        BAD("REP prefix on a non-string MMIO instruction");
    if (i >= avail)
        BAD("instruction truncated at ModRM");
    o->reg = ((b[i] >> 3) & 7) | (rex_r ? 8 : 0);
    if (op == 0xc6 || op == 0xc7) {
        if ((b[i] >> 3) & 7)
            BAD("C6/C7 with a non-zero reg field is not MOV");
        o->reg = 0;
    }
    ml = modrm_len(b + i, avail - i, asz);
    if (ml == -2)
        BAD("register operand: not a memory access");
    if (ml < 0)
        BAD("instruction truncated in ModRM/SIB/displacement");
    i += (unsigned)ml;
    if (imm_size) {
        if (i + imm_size > avail)
            BAD("instruction truncated in its immediate");
        uint64_t v = 0;
        for (unsigned k = 0; k < imm_size; k++)
            v |= (uint64_t)b[i + k] << (8 * k);
        if (imm_size == 4 && o->size == 8 && (v & 0x80000000u))
            v |= 0xffffffff00000000ull;        /* sign-extended imm32 */
        o->imm = v;
        i += imm_size;
    }
    o->len = i;
    return 0;
}

/* Prefixes (operand/address size, segment, REP, LOCK), then REX in 64-bit
 * code, then 0F 22 and ModRM: the mod field is ignored, the source is
 * always a register. */
int movcr_decode(const uint8_t *b, unsigned avail, unsigned mode, struct movcr_insn *out)
{
    unsigned i = 0, rex = 0;
    bool lock = false;
    for (; i < avail && i < 14; i++) {
        uint8_t p = b[i];
        if (p == 0xf0)
            lock = true;
        else if (!(p == 0x66 || p == 0x67 || p == 0xf2 || p == 0xf3 || p == 0x2e || p == 0x36 ||
                   p == 0x3e || p == 0x26 || p == 0x64 || p == 0x65))
            break;
    }
    if (mode == 64 && i < avail && (b[i] & 0xf0) == 0x40)
        rex = b[i++];
    if (i + 3 > avail || i + 3 > 15 || b[i] != 0x0f || b[i + 1] != 0x22)
        return -1;
    uint8_t m = b[i + 2];
    out->len = i + 3;
    out->cr = ((m >> 3) & 7) | (rex & 4 ? 8 : 0) | (lock ? 8 : 0);
    out->gpr = (m & 7) | (rex & 1 ? 8 : 0);
    return 0;
}
