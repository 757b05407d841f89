// uses: hv/mm/frame.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "frame.h"

static uint8_t bm[4096];
static struct frame_alloc fa;

static void setup_16m(void)
{
    frame_init(&fa, bm, (16u << 20) / FRAME_SIZE);
    frame_free_range(&fa, 0, 0x9f000);
    frame_free_range(&fa, 0x100000, (16u << 20) - 0x100000);
}

static void init_and_alloc(void **s)
{
    (void)s;
    setup_16m();
    /* frame 0 is never handed out */
    assert_int_equal(fa.nfree, 0x9f - 1 + (0x1000 - 0x100));
    assert_true(frame_is_used(&fa, 0));
    uint64_t a = frame_alloc(&fa), b = frame_alloc(&fa);
    assert_int_equal(a, 0x1000);
    assert_int_equal(b, 0x2000);
    assert_int_equal(frame_free(&fa, a), 0);
    assert_int_equal(frame_alloc(&fa), 0x1000);    /* lowest first again */
    assert_true(frame_is_used(&fa, 0x2000));
    assert_false(frame_is_used(&fa, 0x3000));
}

static void reserve_and_round(void **s)
{
    (void)s;
    frame_init(&fa, bm, 64);
    frame_free_range(&fa, 0x1800, 0x3000);   /* inward: frames 2,3 only */
    assert_int_equal(fa.nfree, 2);
    assert_true(frame_is_used(&fa, 0x1000));
    assert_false(frame_is_used(&fa, 0x2000));
    assert_true(frame_is_used(&fa, 0x4000));
    frame_reserve_range(&fa, 0x2fff, 2);      /* outward: frames 2 and 3 */
    assert_int_equal(fa.nfree, 0);
    assert_int_equal(frame_alloc(&fa), 0);    /* exhausted */
}

static void double_free_and_bounds(void **s)
{
    (void)s;
    setup_16m();
    uint64_t a = frame_alloc(&fa);
    uint64_t n = fa.nfree;
    assert_int_equal(frame_free(&fa, a), 0);
    assert_int_equal(frame_free(&fa, a), -1);        /* double free */
    assert_int_equal(frame_free(&fa, a + 8), -1);    /* unaligned */
    assert_int_equal(frame_free(&fa, 0), -1);        /* frame 0 */
    assert_int_equal(frame_free(&fa, 1ull << 40), -1);
    assert_int_equal(fa.nfree, n + 1);
}

static void exhaustion(void **s)
{
    (void)s;
    setup_16m();
    uint64_t n = fa.nfree, got = 0;
    while (frame_alloc(&fa))
        got++;
    assert_int_equal(got, n);
    assert_int_equal(fa.nfree, 0);
    assert_int_equal(frame_alloc(&fa), 0);
}

static void contiguous(void **s)
{
    (void)s;
    setup_16m();
    uint64_t p = frame_alloc_contig(&fa, 512, 2u << 20);
    assert_int_equal(p, 2u << 20);                   /* 0-1 MiB has a hole */
    assert_true(frame_is_used(&fa, p + 511 * FRAME_SIZE));
    uint64_t q = frame_alloc_contig(&fa, 512, 2u << 20);
    assert_int_equal(q, 4u << 20);
    assert_int_equal(frame_alloc_contig(&fa, 4096, 2u << 20), 0);   /* 16 MiB: too big */
    assert_int_equal(frame_alloc_contig(&fa, 1, 3000), 0);          /* bad alignment */
}

static void find_free(void **s)
{
    (void)s;
    struct mem_region m[] = { { 0, 0x9f000, MEM_AVAILABLE }, { 0x100000, 0x700000, MEM_AVAILABLE },
                              { 0x800000, 0x100000, MEM_RESERVED } };
    struct phys_range res[] = { { 0, 0x100000 }, { 0x100000, 0x180000 } };
    assert_int_equal(mmap_top(m, 3), 0x800000);
    assert_int_equal(frame_bitmap_bytes(0x800000), 256);
    assert_int_equal(mmap_find_free(m, 3, 0x2000, 1ull << 32, res, 2), 0x280000);
    assert_int_equal(mmap_find_free(m, 3, 0x1000, 1ull << 32, NULL, 0), 0x1000);
    assert_int_equal(mmap_find_free(m, 3, 0x800000, 1ull << 32, res, 2), 0);
    assert_int_equal(mmap_find_free(m, 3, 0x1000, 0x200000, res, 2), 0);   /* limit */
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(init_and_alloc), cmocka_unit_test(reserve_and_round),
        cmocka_unit_test(double_free_and_bounds), cmocka_unit_test(exhaustion),
        cmocka_unit_test(contiguous), cmocka_unit_test(find_free),
    };
    return cmocka_run_group_tests_name("frame", t, NULL, NULL);
}
