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
void vmx_get_paging(struct vcpu *v, struct guest_paging *p)
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
    *slot = mapped++ & 3;
    return ram + gpa;
}

void ephmap_unmap(int slot)
{
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(out_of_ram_never_unmaps_garbage),
        cmocka_unit_test(crossing_the_end_of_ram),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
