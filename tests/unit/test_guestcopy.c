// uses: hv/vcpu/guest.c hv/x86/gwalk.c
/* copy_guest (hv/vcpu/guest.c) against a hostile GPA: ephmap_map refusing a
 * page must never make it unmap a slot it did not get (the old bug unmapped
 * whatever the stack held: an out-of-bounds PTE write). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "vcpu.h"
#include "ephmap.h"

/* guest_read's page walk asks the backend for paging state; unused here */
bool arch_svm;
void vmx_get_paging(struct vcpu *v, struct guest_paging *p)
{
    (void)v, (void)p;
    fail();
}
void svm_get_paging(struct vcpu *v, struct guest_paging *p)
{
    (void)v, (void)p;
    fail();
}

static uint8_t ram[3 * 4096];
static int unmapped[16], nunmapped, mapped;

/* Worst case stand-in: refuses out-of-RAM pages without touching *slot. */
void *ephmap_map(struct vm *vm, uint64_t gpa, int *slot)
{
    if (gpa >= vm->mem_size)
        return NULL;
    *slot = mapped++ & 1;           /* 0-1; the host stand-in below uses 2-3 */
    return ram + gpa;
}

/* A "disk" in host memory: hpa is an offset into it. Two windows at once at most. */
static uint8_t disk[3 * 4096];
static int held;

void *ephmap_map_host(uint64_t hpa, int *slot)
{
    *slot = 2 + (held++ & 1);
    return disk + hpa;
}

void ephmap_unmap(int slot)
{
    if (slot >= 2)
        held--;
    if (nunmapped < 16)
        unmapped[nunmapped++] = slot;
}

static struct vm vm;

static void fill_stack(void)
{
    volatile int junk[256];
    for (int i = 0; i < 256; i++)
        junk[i] = 0x41414141;
    (void)junk[0];
}

static void out_of_ram_never_unmaps_garbage(void **s)
{
    (void)s;
    vm.mem_size = sizeof(ram);
    uint8_t buf[64];
    const uint64_t bad[] = { sizeof(ram), sizeof(ram) + 5, 0xfee00000, 0xfffff000, ~0ull - 8 };
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        nunmapped = 0;
        fill_stack();
        assert_int_equal(guest_phys_read(&vm, bad[i], buf, 16), -1);
        for (int k = 0; k < nunmapped; k++)
            assert_true(unmapped[k] >= -1 && unmapped[k] < 4);
    }
}

static void crossing_the_end_of_ram(void **s)
{
    (void)s;
    vm.mem_size = sizeof(ram);
    uint8_t buf[64];
    memset(ram, 0x5a, sizeof(ram));
    nunmapped = 0, mapped = 0;
    /* the first page is mapped and unmapped; the part past RAM fails */
    assert_int_equal(guest_phys_read(&vm, sizeof(ram) - 8, buf, 16), -1);
    assert_int_equal(nunmapped, 2);
    assert_int_equal(unmapped[0], 0);
    assert_int_equal(unmapped[1], -1);
    assert_int_equal(guest_phys_read(&vm, sizeof(ram) - 16, buf, 16), 0);
    assert_int_equal(buf[15], 0x5a);
}

/* Disk <-> guest copies map both pages at once, split at either side's
 * page boundary, give every window back, and stop at the end of RAM. */
static void host_transfers_split_at_both_boundaries(void **s)
{
    (void)s;
    vm.mem_size = sizeof(ram);
    for (unsigned i = 0; i < sizeof(disk); i++)
        disk[i] = (uint8_t)(i * 7 + 1);
    memset(ram, 0, sizeof(ram));
    uint64_t maps = 0;
    held = 0;
    /* guest 100.. (crosses 4096), disk 4000.. (crosses 4096, at another point) */
    assert_int_equal(guest_phys_xfer_host(&vm, 100, 4000, 5000, true, &maps), 0);
    assert_memory_equal(ram + 100, disk + 4000, 5000);
    assert_int_equal(ram[99], 0);
    assert_int_equal(ram[5100], 0);
    assert_int_equal(maps, 2 * 4);        /* four pieces, each ending at a page boundary of one side */
    assert_int_equal(held, 0);
    /* and back: guest to disk */
    memset(ram + 8192, 0xab, 4096);
    assert_int_equal(guest_phys_xfer_host(&vm, 8192, 10, 300, false, &maps), 0);
    assert_int_equal(disk[10], 0xab);
    assert_int_equal(disk[309], 0xab);
    assert_int_equal(disk[310], (uint8_t)(310 * 7 + 1));
    /* past the end of RAM: fails, nothing held */
    assert_int_equal(guest_phys_xfer_host(&vm, sizeof(ram) - 10, 0, 20, true, &maps), -1);
    assert_int_equal(held, 0);
    assert_int_equal(guest_phys_xfer_host(&vm, ~0ull - 100, 0, 20, false, &maps), -1);
    assert_int_equal(held, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(out_of_ram_never_unmaps_garbage),
        cmocka_unit_test(crossing_the_end_of_ram),
        cmocka_unit_test(host_transfers_split_at_both_boundaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
