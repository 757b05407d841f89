// uses: hv/mm/pt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>
#include "pt.h"

/* "Physical" frames are host pages; phys == host address. */
static int budget;
static uint64_t alloc_cb(void *arg)
{
    (void)arg;
    if (budget-- <= 0)
        return 0;
    void *p = aligned_alloc(4096, 4096);
    return (uint64_t)(uintptr_t)p;
}
static void *p2v_cb(uint64_t phys, void *arg) { (void)arg; return (void *)(uintptr_t)phys; }

static struct pt_ctx mk(bool big)
{
    struct pt_ctx pt = { .alloc = alloc_cb, .p2v = p2v_cb, .allow_2m = big };
    budget = 1000;
    assert_int_equal(pt_init(&pt), PT_OK);
    return pt;
}

static void map_4k(void **s)
{
    (void)s;
    struct pt_ctx pt = mk(false);
    uint64_t va = 0xffffffff80200000ull;
    assert_int_equal(pt_map(&pt, va, 0x200000, 0x3000, PTE_W | PTE_NX), PT_OK);
    assert_int_equal(pt.tables, 4);          /* PML4, PDPT, PD, PT */
    uint64_t pa, fl, sz;
    assert_true(pt_lookup(&pt, va + 0x1234, &pa, &fl, &sz));
    assert_int_equal(pa, 0x201234);
    assert_int_equal(sz, PT_4K);
    assert_true(fl & PTE_W);
    assert_true(fl & PTE_NX);
    assert_true(fl & PTE_P);
    assert_false(pt_lookup(&pt, va + 0x3000, NULL, NULL, NULL));
    assert_false(pt_lookup(&pt, 0x8000000000000000ull, NULL, NULL, NULL));
}

static void permissions_per_range(void **s)
{
    (void)s;
    struct pt_ctx pt = mk(true);
    uint64_t base = 0xffffffff80200000ull;
    assert_int_equal(pt_map(&pt, base, 0x200000, 0x1000, 0), PT_OK);                 /* text RX */
    assert_int_equal(pt_map(&pt, base + 0x1000, 0x201000, 0x1000, PTE_NX), PT_OK);   /* rodata */
    assert_int_equal(pt_map(&pt, base + 0x2000, 0x202000, 0x1000, PTE_W | PTE_NX), PT_OK);
    uint64_t fl;
    assert_true(pt_lookup(&pt, base, NULL, &fl, NULL));
    assert_false(fl & (PTE_W | PTE_NX));
    assert_true(pt_lookup(&pt, base + 0x1000, NULL, &fl, NULL));
    assert_true((fl & PTE_NX) && !(fl & PTE_W));
    assert_true(pt_lookup(&pt, base + 0x2000, NULL, &fl, NULL));
    assert_true((fl & PTE_NX) && (fl & PTE_W));
}

static void large_pages(void **s)
{
    (void)s;
    struct pt_ctx pt = mk(true);
    uint64_t va = 0xffff888000000000ull;
    /* 4 KiB head, 2 MiB middle, 4 KiB tail */
    assert_int_equal(pt_map(&pt, va + 0x1ff000, 0x1ff000, 0x201000 + 0x1000, PTE_W), PT_OK);
    uint64_t pa, sz;
    assert_true(pt_lookup(&pt, va + 0x1ff000, &pa, NULL, &sz));
    assert_int_equal(sz, PT_4K);
    assert_true(pt_lookup(&pt, va + 0x300000, &pa, NULL, &sz));
    assert_int_equal(sz, PT_2M);
    assert_int_equal(pa, 0x300000);
    assert_true(pt_lookup(&pt, va + 0x400000, &pa, NULL, &sz));
    assert_int_equal(sz, PT_4K);
    /* 1 GiB in 2 MiB pages: one PD */
    struct pt_ctx p2 = mk(true);
    assert_int_equal(pt_map(&p2, va, 0, PT_1G, PTE_W), PT_OK);
    assert_int_equal(p2.tables, 3);
}

static void overlap_and_errors(void **s)
{
    (void)s;
    struct pt_ctx pt = mk(true);
    assert_int_equal(pt_map(&pt, 0x400000, 0x400000, PT_2M, PTE_W), PT_OK);
    assert_int_equal(pt_map(&pt, 0x401000, 0x1000, 0x1000, PTE_W), PT_EEXIST);  /* under a 2M leaf */
    assert_int_equal(pt_map(&pt, 0x3ff000, 0x1000, 0x2000, PTE_W), PT_EEXIST);  /* straddles */
    assert_false(pt_lookup(&pt, 0x3ff000, NULL, NULL, NULL));                   /* no partial damage */
    assert_int_equal(pt_map(&pt, 0x1001, 0x1000, 0x1000, 0), PT_EALIGN);
    assert_int_equal(pt_map(&pt, 0x1000, 0x1000, 0x800, 0), PT_EALIGN);
    assert_int_equal(pt_map(&pt, 0x0000800000000000ull, 0, 0x1000, 0), PT_ECANON);
    assert_int_equal(pt_map(&pt, 0x00007ffffffff000ull, 0, 0x2000, 0), PT_ECANON);
    budget = 0;
    assert_int_equal(pt_map(&pt, 0xffffc90000000000ull, 0, 0x1000, 0), PT_ENOMEM);
    assert_string_equal(pt_strerror(PT_ENOMEM), "out of page-table frames");
}

static void unmap(void **s)
{
    (void)s;
    struct pt_ctx pt = mk(true);
    assert_int_equal(pt_map(&pt, 0x200000, 0x200000, PT_2M + 0x2000, PTE_W), PT_OK);
    assert_int_equal(pt_unmap(&pt, 0x201000, 0x1000), PT_EALIGN);  /* part of a 2M leaf */
    assert_int_equal(pt_unmap(&pt, 0x200000, PT_2M), PT_OK);
    assert_false(pt_lookup(&pt, 0x300000, NULL, NULL, NULL));
    assert_true(pt_lookup(&pt, 0x400000, NULL, NULL, NULL));
    assert_int_equal(pt_unmap(&pt, 0x401000, 0x1000), PT_OK);
    assert_true(pt_lookup(&pt, 0x400000, NULL, NULL, NULL));
    assert_false(pt_lookup(&pt, 0x401000, NULL, NULL, NULL));
    /* remapping after unmap works */
    assert_int_equal(pt_map(&pt, 0x401000, 0x9000, 0x1000, 0), PT_OK);
}

static void share_top(void **s)
{
    (void)s;
    struct pt_ctx a = mk(false), b = mk(false);
    uint64_t va = 0xffffffff80200000ull;
    assert_int_equal(pt_map(&a, va, 0x200000, 0x1000, 0), PT_OK);
    assert_false(pt_lookup(&b, va, NULL, NULL, NULL));
    pt_share_top(&b, &a, 511);
    uint64_t pa;
    assert_true(pt_lookup(&b, va, &pa, NULL, NULL));
    assert_int_equal(pa, 0x200000);
}

/* EPT uses the same builder: R|W|X (7) in non-leaf entries, memory type WB
 * (6 << 3) in leaves, bit 7 for 2 MiB pages. */
static void ept_layout(void **s)
{
    (void)s;
    struct pt_ctx ept = { .alloc = alloc_cb, .p2v = p2v_cb, .allow_2m = true, .table_flags = 7 };
    budget = 100;
    assert_int_equal(pt_init(&ept), PT_OK);
    uint64_t hpa = 0x40000000;
    assert_int_equal(pt_map(&ept, 0, hpa, 16u << 20, 7 | (6 << 3)), PT_OK);
    uint64_t *pml4 = p2v_cb(ept.root, NULL);
    assert_int_equal(pml4[0] & 0xfff, 7);
    uint64_t *pdpt = p2v_cb(pml4[0] & PTE_ADDR, NULL);
    assert_int_equal(pdpt[0] & 0xfff, 7);
    uint64_t *pd = p2v_cb(pdpt[0] & PTE_ADDR, NULL);
    for (int i = 0; i < 8; i++)
        assert_int_equal(pd[i], (hpa + ((uint64_t)i << 21)) | 7 | (6 << 3) | PTE_PS);
    assert_int_equal(pd[8], 0);               /* nothing past guest RAM: MMIO exits */
    uint64_t pa, sz;
    assert_true(pt_lookup(&ept, 0x123456, &pa, NULL, &sz));
    assert_int_equal(pa, hpa + 0x123456);
    assert_int_equal(sz, PT_2M);
    assert_false(pt_lookup(&ept, 0xfee00000, NULL, NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(map_4k), cmocka_unit_test(permissions_per_range),
        cmocka_unit_test(large_pages), cmocka_unit_test(overlap_and_errors),
        cmocka_unit_test(unmap), cmocka_unit_test(share_top), cmocka_unit_test(ept_layout),
    };
    return cmocka_run_group_tests_name("pagetable", t, NULL, NULL);
}
