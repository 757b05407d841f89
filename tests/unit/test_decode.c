// uses: hv/x86/decode.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "decode.h"

struct row {
    const char *what;
    unsigned mode;
    uint8_t bytes[15];
    unsigned n;
    int ok;
    enum mmio_op op;
    unsigned len, size, dst_size, reg;
    uint64_t imm;
};

static const struct row table[] = {
    { "mov [eax], ecx",          32, { 0x89, 0x08 }, 2, 0, MMIO_STORE, 2, 4, 0, 1, 0 },
    { "mov ecx, [eax+0x20]",     32, { 0x8b, 0x48, 0x20 }, 3, 0, MMIO_LOAD, 3, 4, 4, 1, 0 },
    { "mov edx, [0xfee000b0]",   32, { 0x8b, 0x15, 0xb0, 0x00, 0xe0, 0xfe }, 6, 0, MMIO_LOAD, 6, 4, 4, 2, 0 },
    { "mov [esp+ebx*4+8], eax",  32, { 0x89, 0x44, 0x9c, 0x08 }, 4, 0, MMIO_STORE, 4, 4, 0, 0, 0 },
    { "mov [ebx*4+0x1000], eax", 32, { 0x89, 0x04, 0x9d, 0, 0x10, 0, 0 }, 7, 0, MMIO_STORE, 7, 4, 0, 0, 0 },
    { "mov byte [eax], dl",      32, { 0x88, 0x10 }, 2, 0, MMIO_STORE, 2, 1, 0, 2, 0 },
    { "mov al, [esi]",           32, { 0x8a, 0x06 }, 2, 0, MMIO_LOAD, 2, 1, 1, 0, 0 },
    { "mov word [eax], cx",      32, { 0x66, 0x89, 0x08 }, 3, 0, MMIO_STORE, 3, 2, 0, 1, 0 },
    { "mov dword [eax+0x300], 0x4000", 32, { 0xc7, 0x80, 0, 3, 0, 0, 0, 0x40, 0, 0 }, 10, 0, MMIO_STORE_IMM, 10, 4, 0, 0, 0x4000 },
    { "mov byte [eax], 0x12",    32, { 0xc6, 0x00, 0x12 }, 3, 0, MMIO_STORE_IMM, 3, 1, 0, 0, 0x12 },
    { "mov word [eax], 0x1234",  32, { 0x66, 0xc7, 0x00, 0x34, 0x12 }, 5, 0, MMIO_STORE_IMM, 5, 2, 0, 0, 0x1234 },
    { "movzx eax, byte [ebx]",   32, { 0x0f, 0xb6, 0x03 }, 3, 0, MMIO_LOAD_ZX, 3, 1, 4, 0, 0 },
    { "movzx ecx, word [ebx+4]", 32, { 0x0f, 0xb7, 0x4b, 0x04 }, 4, 0, MMIO_LOAD_ZX, 4, 2, 4, 1, 0 },
    { "movsx edx, byte [ebx]",   32, { 0x0f, 0xbe, 0x13 }, 3, 0, MMIO_LOAD_SX, 3, 1, 4, 2, 0 },
    { "movsx eax, word [ebx]",   32, { 0x0f, 0xbf, 0x03 }, 3, 0, MMIO_LOAD_SX, 3, 2, 4, 0, 0 },
    { "stosd",                   32, { 0xab }, 1, 0, MMIO_STOS, 1, 4, 0, 0, 0 },
    { "stosb",                   32, { 0xaa }, 1, 0, MMIO_STOS, 1, 1, 0, 0, 0 },
    { "rep stosd",               32, { 0xf3, 0xab }, 2, 0, MMIO_STOS, 2, 4, 0, 0, 0 },
    { "mov es:[eax], ecx",       32, { 0x26, 0x89, 0x08 }, 3, 0, MMIO_STORE, 3, 4, 0, 1, 0 },
    { "mov [rip+0x10], eax",     64, { 0x89, 0x05, 0x10, 0, 0, 0 }, 6, 0, MMIO_STORE, 6, 4, 0, 0, 0 },
    { "mov r9, [rax]",           64, { 0x4c, 0x8b, 0x08 }, 3, 0, MMIO_LOAD, 3, 8, 8, 9, 0 },
    { "mov qword [rax], -1",     64, { 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff }, 7, 0, MMIO_STORE_IMM, 7, 8, 0, 0, ~0ull },
    { "mov [r8d], r10d (67 41)", 64, { 0x67, 0x45, 0x89, 0x10 }, 4, 0, MMIO_STORE, 4, 4, 0, 10, 0 },
    { "16-bit: mov [bx+si], ax", 16, { 0x89, 0x00 }, 2, 0, MMIO_STORE, 2, 2, 0, 0, 0 },
    { "16-bit: mov ax, [0x1234]", 16, { 0x8b, 0x06, 0x34, 0x12 }, 4, 0, MMIO_LOAD, 4, 2, 2, 0, 0 },
    { "16-bit: 66 mov [bp+2], eax", 16, { 0x66, 0x89, 0x46, 0x02 }, 4, 0, MMIO_STORE, 4, 4, 0, 0, 0 },
    { "mov eax, [moffs32]",      32, { 0xa1, 0x20, 0, 0xe0, 0xfe }, 5, 0, MMIO_LOAD, 5, 4, 4, 0, 0 },
    { "mov [moffs32], al",       32, { 0xa2, 0x80, 0, 0xe0, 0xfe }, 5, 0, MMIO_STORE, 5, 1, 0, 0, 0 },
    { "mov rax, [moffs64]",      64, { 0x48, 0xa1, 0x20, 0, 0xe0, 0xfe, 0, 0, 0, 0 }, 10, 0, MMIO_LOAD, 10, 8, 8, 0, 0 },
    { "mov ax, [moffs16] (16-bit)", 16, { 0xa1, 0x20, 0 }, 3, 0, MMIO_LOAD, 3, 2, 2, 0, 0 },
    { "truncated moffs",         32, { 0xa1, 0x20, 0 }, 3, -1, 0, 0, 0, 0, 0, 0 },
    /* rejected */
    { "add [eax], ecx",          32, { 0x01, 0x08 }, 2, -1, 0, 0, 0, 0, 0, 0 },
    { "mov eax, ecx (register)", 32, { 0x89, 0xc8 }, 2, -1, 0, 0, 0, 0, 0, 0 },
    { "lock mov",                32, { 0xf0, 0x89, 0x08 }, 3, -1, 0, 0, 0, 0, 0, 0 },
    { "rep mov",                 32, { 0xf3, 0x89, 0x08 }, 3, -1, 0, 0, 0, 0, 0, 0 },
    { "c7 /1",                   32, { 0xc7, 0x08, 1, 0, 0, 0 }, 6, -1, 0, 0, 0, 0, 0, 0 },
    { "truncated disp",          32, { 0x8b, 0x80, 0x00 }, 3, -1, 0, 0, 0, 0, 0, 0 },
    { "truncated imm",           32, { 0xc7, 0x00, 0x01 }, 3, -1, 0, 0, 0, 0, 0, 0 },
    { "only prefixes",           32, { 0x66, 0x66, 0x66 }, 3, -1, 0, 0, 0, 0, 0, 0 },
    { "0f unknown",              32, { 0x0f, 0x05 }, 2, -1, 0, 0, 0, 0, 0, 0 },
    { "empty",                   32, { 0 }, 0, -1, 0, 0, 0, 0, 0, 0 },
};

static void encodings(void **s)
{
    (void)s;
    for (unsigned k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        const struct row *r = &table[k];
        struct mmio_insn o;
        const char *why = NULL;
        int rc = mmio_decode(r->bytes, r->n, r->mode, &o, &why);
        if (rc != r->ok)
            fail_msg("%s: rc %d (%s), want %d", r->what, rc, why ? why : "", r->ok);
        if (rc) {
            assert_non_null(why);
            continue;
        }
        if (o.op != r->op || o.len != r->len || o.size != r->size || o.reg != r->reg ||
            o.imm != r->imm || (r->dst_size && o.dst_size != r->dst_size))
            fail_msg("%s: got op %d len %u size %u dst %u reg %u imm %llx", r->what, o.op, o.len,
                     o.size, o.dst_size, o.reg, (unsigned long long)o.imm);
    }
}

/* MOV to CR (SVM without decode assists: the core decodes CR4 writes) */
static void mov_to_cr(void **s)
{
    (void)s;
    struct movcr_insn d;
    const uint8_t cr4_ebx[] = { 0x0f, 0x22, 0xe3 };                 /* mov %ebx, %cr4 */
    assert_int_equal(movcr_decode(cr4_ebx, 3, 32, &d), 0);
    assert_int_equal(d.len, 3); assert_int_equal(d.cr, 4); assert_int_equal(d.gpr, 3);
    const uint8_t cr4_r9[] = { 0x41, 0x0f, 0x22, 0xe1 };            /* mov %r9, %cr4 (REX.B) */
    assert_int_equal(movcr_decode(cr4_r9, 4, 64, &d), 0);
    assert_int_equal(d.len, 4); assert_int_equal(d.cr, 4); assert_int_equal(d.gpr, 9);
    assert_int_equal(movcr_decode(cr4_r9, 4, 32, &d), -1);         /* 0x41 is INC ECX outside 64-bit code */
    const uint8_t cr8[] = { 0x44, 0x0f, 0x22, 0xc0 };               /* mov %rax, %cr8 (REX.R) */
    assert_int_equal(movcr_decode(cr8, 4, 64, &d), 0);
    assert_int_equal(d.cr, 8); assert_int_equal(d.gpr, 0);
    const uint8_t lock_cr0[] = { 0xf0, 0x0f, 0x22, 0xc0 };          /* AMD's LOCK MOV CR0 = CR8 */
    assert_int_equal(movcr_decode(lock_cr0, 4, 32, &d), 0);
    assert_int_equal(d.cr, 8);
    const uint8_t prefixed[] = { 0x66, 0x2e, 0x0f, 0x22, 0xe0 };    /* ignored prefixes count in the length */
    assert_int_equal(movcr_decode(prefixed, 5, 32, &d), 0);
    assert_int_equal(d.len, 5); assert_int_equal(d.cr, 4);
    const uint8_t from_cr[] = { 0x0f, 0x20, 0xe0 };                 /* mov %cr4, %eax: not a write */
    assert_int_equal(movcr_decode(from_cr, 3, 32, &d), -1);
    assert_int_equal(movcr_decode(cr4_ebx, 2, 32, &d), -1);         /* truncated */
    uint8_t all_prefixes[15];
    memset(all_prefixes, 0x66, sizeof(all_prefixes));
    assert_int_equal(movcr_decode(all_prefixes, 15, 64, &d), -1);   /* never past 15 bytes */
}

int main(void)
{
    const struct CMUnitTest t[] = { cmocka_unit_test(encodings), cmocka_unit_test(mov_to_cr) };
    return cmocka_run_group_tests_name("decode", t, NULL, NULL);
}
