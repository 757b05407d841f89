// uses: hv/x86/gwalk.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "gwalk.h"

static uint8_t mem[1 << 20];     /* 1 MiB of guest memory */

static int rd(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
    (void)ctx;
    if (gpa + len > sizeof(mem))
        return -1;
    memcpy(buf, mem + gpa, len);
    return 0;
}
static void put32(uint64_t a, uint32_t v) { memcpy(mem + a, &v, 4); }
static void put64(uint64_t a, uint64_t v) { memcpy(mem + a, &v, 8); }

static void modes(void **s)
{
    (void)s;
    assert_int_equal(gwalk_mode(0x11, 0, 0), GM_FLAT);
    assert_int_equal(gwalk_mode(0x80000011, 0, 0), GM_32);
    assert_int_equal(gwalk_mode(0x80000011, 0x20, 0), GM_PAE);
    assert_int_equal(gwalk_mode(0x80000011, 0x20, 0x500), GM_LONG);
}

static void flat_and_32(void **s)
{
    (void)s;
    uint64_t gpa;
    assert_int_equal(gwalk(rd, NULL, GM_FLAT, 0, 0x123456, &gpa), 0);
    assert_int_equal(gpa, 0x123456);
    memset(mem, 0, sizeof(mem));
    put32(0x1000 + (0x300 << 2), 0x2000 | 1);            /* PDE for 0xc0000000 */
    put32(0x2000 + (0x012 << 2), 0x5000 | 1);            /* PTE for 0xc0012000 */
    put32(0x1000 + (0x001 << 2), 0x00400000 | 0x81);     /* 4 MiB page at 4 MiB */
    assert_int_equal(gwalk(rd, NULL, GM_32, 0x1000, 0xc0012345, &gpa), 0);
    assert_int_equal(gpa, 0x5345);
    assert_int_equal(gwalk(rd, NULL, GM_32, 0x1000, 0x00456789, &gpa), 0);
    assert_int_equal(gpa, 0x456789);
    assert_int_equal(gwalk(rd, NULL, GM_32, 0x1000, 0xc0013000, &gpa), -1);   /* PTE absent */
    assert_int_equal(gwalk(rd, NULL, GM_32, 0x1000, 0x80000000, &gpa), -1);   /* PDE absent */
}

static void pae_and_long(void **s)
{
    (void)s;
    uint64_t gpa;
    memset(mem, 0, sizeof(mem));
    /* PAE: PDPT at 0x1000 (32-byte aligned), PD at 0x2000, PT at 0x3000 */
    put64(0x1000 + 3 * 8, 0x2000 | 1);
    put64(0x2000 + 5 * 8, 0x3000 | 1);
    put64(0x3000 + 7 * 8, 0x9000 | 1);
    put64(0x2000 + 6 * 8, 0x00600000 | 0x81);             /* 2 MiB page */
    uint64_t la = (3ull << 30) | (5ull << 21) | (7ull << 12) | 0xabc;
    assert_int_equal(gwalk(rd, NULL, GM_PAE, 0x1000, la, &gpa), 0);
    assert_int_equal(gpa, 0x9abc);
    assert_int_equal(gwalk(rd, NULL, GM_PAE, 0x1000, (3ull << 30) | (6ull << 21) | 0x1234, &gpa), 0);
    assert_int_equal(gpa, 0x601234);
    /* long mode: 0xffffffff80001000 -> PML4[511] PDPT[510] PD[0] PT[1] */
    memset(mem, 0, sizeof(mem));
    put64(0x10000 + 511 * 8, 0x11000 | 3);
    put64(0x11000 + 510 * 8, 0x12000 | 3);
    put64(0x12000 + 0 * 8, 0x13000 | 3);
    put64(0x13000 + 1 * 8, 0x7000 | 3);
    put64(0x12000 + 1 * 8, 0x200000 | 0x83);              /* 2 MiB */
    put64(0x10000 + 0 * 8, 0x14000 | 3);
    put64(0x14000 + 1 * 8, 0x40000000 | 0x83);            /* 1 GiB page, beyond our memory: ok */
    assert_int_equal(gwalk(rd, NULL, GM_LONG, 0x10000, 0xffffffff80001008ull, &gpa), 0);
    assert_int_equal(gpa, 0x7008);
    assert_int_equal(gwalk(rd, NULL, GM_LONG, 0x10000, 0xffffffff80212345ull, &gpa), 0);
    assert_int_equal(gpa, 0x212345);
    assert_int_equal(gwalk(rd, NULL, GM_LONG, 0x10000, 0x40001234ull, &gpa), 0);
    assert_int_equal(gpa, 0x40001234);
    assert_int_equal(gwalk(rd, NULL, GM_LONG, 0x10000, 0xffff800000000000ull, &gpa), -1);
    /* a table pointer outside guest memory fails cleanly */
    put64(0x10000 + 2 * 8, 0xfffff000ull | 3);
    assert_int_equal(gwalk(rd, NULL, GM_LONG, 0x10000, 2ull << 39, &gpa), -1);
}

/* What a user-space hypercall buffer needs: U/S and R/W at every level
 * (the least of them wins; PAE's PDPTEs carry neither). */
static void permissions(void **s)
{
    (void)s;
    uint64_t gpa;
    unsigned p;
    memset(mem, 0, sizeof(mem));
    put64(0x10000 + 0 * 8, 0x11000 | 7);                 /* PML4: P RW US */
    put64(0x11000 + 0 * 8, 0x12000 | 7);
    put64(0x12000 + 0 * 8, 0x13000 | 7);
    put64(0x13000 + 1 * 8, 0x7000 | 7);                  /* user, writable */
    put64(0x13000 + 2 * 8, 0x8000 | 5);                  /* user, read-only */
    put64(0x13000 + 3 * 8, 0x9000 | 3);                  /* kernel, writable */
    put64(0x12000 + 1 * 8, 0x14000 | 3);                 /* kernel-only table above user PTEs */
    put64(0x14000 + 0 * 8, 0xa000 | 7);
    put64(0x12000 + 2 * 8, 0x400000 | 0x85);             /* 2 MiB user read-only page */
    assert_int_equal(gwalk_perm(rd, NULL, GM_LONG, 0x10000, 0x1008, &gpa, &p), 0);
    assert_int_equal(gpa, 0x7008);
    assert_int_equal(p, GW_WRITE | GW_USER);
    assert_int_equal(gwalk_perm(rd, NULL, GM_LONG, 0x10000, 0x2000, &gpa, &p), 0);
    assert_int_equal(p, GW_USER);
    assert_int_equal(gwalk_perm(rd, NULL, GM_LONG, 0x10000, 0x3000, &gpa, &p), 0);
    assert_int_equal(p, GW_WRITE);
    assert_int_equal(gwalk_perm(rd, NULL, GM_LONG, 0x10000, 0x200000, &gpa, &p), 0);
    assert_int_equal(p, GW_WRITE);                        /* the PDE says kernel */
    assert_int_equal(gwalk_perm(rd, NULL, GM_LONG, 0x10000, 0x400123, &gpa, &p), 0);
    assert_int_equal(gpa, 0x400123);
    assert_int_equal(p, GW_USER);
    /* 32-bit: the PDE's R/W clears the PTE's */
    memset(mem, 0, sizeof(mem));
    put32(0x1000, 0x2000 | 5);
    put32(0x2000 + 4, 0x5000 | 7);
    assert_int_equal(gwalk_perm(rd, NULL, GM_32, 0x1000, 0x1010, &gpa, &p), 0);
    assert_int_equal(gpa, 0x5010);
    assert_int_equal(p, GW_USER);
    /* PAE: the PDPTE (present only) does not take U/S away */
    memset(mem, 0, sizeof(mem));
    put64(0x1000, 0x2000 | 1);
    put64(0x2000, 0x3000 | 7);
    put64(0x3000 + 8, 0x6000 | 7);
    assert_int_equal(gwalk_perm(rd, NULL, GM_PAE, 0x1000, 0x1004, &gpa, &p), 0);
    assert_int_equal(gpa, 0x6004);
    assert_int_equal(p, GW_WRITE | GW_USER);
    assert_int_equal(gwalk_perm(rd, NULL, GM_FLAT, 0, 0x1234, &gpa, &p), 0);
    assert_int_equal(p, GW_WRITE | GW_USER);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(modes), cmocka_unit_test(flat_and_32), cmocka_unit_test(pae_and_long),
        cmocka_unit_test(permissions),
    };
    return cmocka_run_group_tests_name("gwalk", t, NULL, NULL);
}
