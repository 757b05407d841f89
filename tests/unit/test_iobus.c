// uses: hv/io/iobus.c hv/io/iorange.c hv/lib/fmt.c hv/lib/string.c
/* The I/O bus: devices get their own pointer and range-relative offsets;
 * overlaps, full tables, MMIO over RAM and late additions are refused with
 * a message naming both devices; the first error is kept. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "iobus.h"

static void *seen_dev;
static uint64_t seen_off;

static void dev_fn(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)v, (void)size, (void)write, (void)val;
    seen_dev = dev;
    seen_off = off;
}

static void lookup_gives_device_and_offset(void **s)
{
    (void)s;
    struct iobus b = { .ram_top = 0x100000 };
    int uart, pit;
    assert_int_equal(iobus_register(&b, IOBUS_PIO, 0x3f8, 8, dev_fn, &uart, "uart"), 0);
    assert_int_equal(iobus_register(&b, IOBUS_PIO, 0x40, 4, dev_fn, &pit, "pit"), 0);
    const struct iobus_region *r = iobus_find(&b, IOBUS_PIO, 0x3fd);
    assert_non_null(r);
    uint64_t v = 0;
    r->fn(r->dev, NULL, 0x3fd - r->base, 1, false, &v);
    assert_ptr_equal(seen_dev, &uart);
    assert_int_equal(seen_off, 5);
    assert_ptr_equal(iobus_find(&b, IOBUS_PIO, 0x43)->dev, &pit);
    assert_null(iobus_find(&b, IOBUS_PIO, 0x44));
    assert_null(iobus_find(&b, IOBUS_PIO, 0x3f7));
    assert_null(iobus_find(&b, IOBUS_MMIO, 0x3f8));    /* spaces are apart */
    assert_string_equal(b.err, "");
}

/* A serialized bus: the device still gets its own pointer and offset, with
 * the lock held during the call (and only then); the excepted handler is
 * called as before, without it; serializing twice wraps nothing twice. */
static struct spinlock *watched;
static bool held_in_call;

static void lock_fn(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    dev_fn(dev, v, off, size, write, val);
    held_in_call = watched->locked;
}

static void own_fn(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    lock_fn(dev, v, off, size, write, val);
}

static void serialized_calls_hold_the_lock(void **s)
{
    (void)s;
    struct iobus b = { .ram_top = 0x100000 };
    struct spinlock l = { 0 };
    watched = &l;
    int uart, lapic;
    assert_int_equal(iobus_register(&b, IOBUS_PIO, 0x3f8, 8, lock_fn, &uart, "uart"), 0);
    assert_int_equal(iobus_register(&b, IOBUS_MMIO, 0xfee00000, 0x1000, own_fn, &lapic, "lapic"), 0);
    iobus_serialize(&b, &l, own_fn);
    iobus_serialize(&b, &l, own_fn);
    const struct iobus_region *r = iobus_find(&b, IOBUS_PIO, 0x3fa);
    uint64_t v = 0;
    r->fn(r->dev, NULL, 0x3fa - r->base, 1, false, &v);
    assert_ptr_equal(seen_dev, &uart);
    assert_int_equal(seen_off, 2);
    assert_true(held_in_call);
    assert_int_equal(l.locked, 0);
    assert_ptr_equal(r->inner_dev, &uart);      /* wrapped once: the device is one level down */
    r = iobus_find(&b, IOBUS_MMIO, 0xfee00300);
    assert_ptr_equal(r->dev, &lapic);
    r->fn(r->dev, NULL, 0x300, 4, true, &v);
    assert_false(held_in_call);
    assert_ptr_equal(seen_dev, &lapic);
}

static void overlap_names_both_devices(void **s)
{
    (void)s;
    struct iobus b = { 0 };
    assert_int_equal(iobus_register(&b, IOBUS_PIO, 0x3f8, 8, dev_fn, NULL, "uart"), 0);
    assert_int_equal(iobus_register(&b, IOBUS_PIO, 0x3fc, 2, dev_fn, NULL, "virtio"), -1);
    assert_non_null(strstr(b.err, "'virtio'"));
    assert_non_null(strstr(b.err, "'uart'"));
    assert_non_null(strstr(b.err, "0x3fc-0x3fd"));
    assert_int_equal(b.npio, 1);
    /* the first error stays */
    assert_int_equal(iobus_register(&b, IOBUS_PIO, 0, 0, dev_fn, NULL, "empty"), -1);
    assert_non_null(strstr(b.err, "'virtio'"));
}

static void full_empty_ram_and_frozen_are_errors(void **s)
{
    (void)s;
    struct iobus b = { .ram_top = 0x8000000 };
    assert_int_equal(iobus_register(&b, IOBUS_MMIO, 0x1000, 0x1000, dev_fn, NULL, "bad"), -1);
    assert_non_null(strstr(b.err, "guest RAM"));
    struct iobus f = { 0 };
    for (unsigned i = 0; i < IOBUS_MAX_MMIO; i++)
        assert_int_equal(iobus_register(&f, IOBUS_MMIO, 0xf0000000 + i * 0x1000, 0x1000, dev_fn, NULL, "d"), 0);
    assert_int_equal(iobus_register(&f, IOBUS_MMIO, 0xfe000000, 0x1000, dev_fn, NULL, "late"), -1);
    assert_non_null(strstr(f.err, "full"));
    struct iobus e = { 0 };
    assert_int_equal(iobus_register(&e, IOBUS_PIO, 0x10, 0, dev_fn, NULL, "nil"), -1);
    assert_non_null(strstr(e.err, "empty"));
    struct iobus p = { 0 };
    assert_int_equal(iobus_register(&p, IOBUS_PIO, 0xfffe, 4, dev_fn, NULL, "wrap"), -1);
    assert_non_null(strstr(p.err, "0xffff"));
    struct iobus z = { 0 };
    iobus_freeze(&z);
    assert_int_equal(iobus_register(&z, IOBUS_PIO, 0x60, 1, dev_fn, NULL, "hotplug"), -1);
    assert_non_null(strstr(z.err, "after the VM started"));
    assert_int_equal(z.npio, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lookup_gives_device_and_offset),
        cmocka_unit_test(overlap_names_both_devices),
        cmocka_unit_test(serialized_calls_hold_the_lock),
        cmocka_unit_test(full_empty_ram_and_frozen_are_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
