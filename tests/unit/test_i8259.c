// uses: hv/dev/i8259.c
/* The 8259A pair: initialization, masks, priority, cascade, EOI. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "i8259.h"

/* ICW1 (edge, cascade, ICW4), ICW2 base, ICW3, ICW4 (8086): what BIOSes and Linux write */
static void init_pair(struct i8259_pair *p, uint8_t mbase, uint8_t sbase)
{
    i8259_reset(p);
    i8259_write(p, false, 0, 0x11);
    i8259_write(p, false, 1, mbase);
    i8259_write(p, false, 1, 0x04);
    i8259_write(p, false, 1, 0x01);
    i8259_write(p, true, 0, 0x11);
    i8259_write(p, true, 1, sbase);
    i8259_write(p, true, 1, 0x02);
    i8259_write(p, true, 1, 0x01);
}

static void silent_until_initialized(void **s)
{
    (void)s;
    struct i8259_pair p;
    i8259_reset(&p);
    i8259_raise(&p, 0);
    assert_int_equal(i8259_pending(&p), -1);        /* reset: masked, no vector base */
    assert_int_equal(i8259_read(&p, false, 1), 0xff);
}

static void mask_priority_and_eoi(void **s)
{
    (void)s;
    struct i8259_pair p;
    init_pair(&p, 0x20, 0x28);
    i8259_write(&p, false, 1, 0xff & ~(1u << 5) & ~(1u << 3));  /* unmask IR3, IR5 */
    i8259_raise(&p, 5);
    assert_int_equal(i8259_pending(&p), 0x25);
    i8259_raise(&p, 3);
    assert_int_equal(i8259_pending(&p), 0x23);     /* lower number, higher priority */
    assert_int_equal(i8259_ack(&p), 0x23);
    assert_int_equal(i8259_pending(&p), -1);       /* IR5 waits below IR3 in service */
    i8259_write(&p, false, 0, 0x0b);               /* OCW3: read ISR */
    assert_int_equal(i8259_read(&p, false, 0), 1u << 3);
    i8259_write(&p, false, 0, 0x20);               /* non-specific EOI */
    assert_int_equal(i8259_pending(&p), 0x25);
    assert_int_equal(i8259_ack(&p), 0x25);
    i8259_write(&p, false, 0, 0x65);               /* specific EOI, IR5 */
    assert_int_equal(i8259_read(&p, false, 0), 0);
    i8259_raise(&p, 6);                             /* masked */
    assert_int_equal(i8259_pending(&p), -1);
}

static void cascade(void **s)
{
    (void)s;
    struct i8259_pair p;
    init_pair(&p, 0x08, 0x70);
    i8259_write(&p, false, 1, 0xfb);                /* master: only IR2 (the slave) */
    i8259_write(&p, true, 1, 0xfe);                 /* slave: only IR8 */
    i8259_raise(&p, 8);
    assert_int_equal(i8259_pending(&p), 0x70);
    assert_int_equal(i8259_ack(&p), 0x70);
    i8259_raise(&p, 8);
    assert_int_equal(i8259_pending(&p), -1);        /* both in service until EOI */
    i8259_write(&p, true, 0, 0x20);
    i8259_write(&p, false, 0, 0x20);
    assert_int_equal(i8259_pending(&p), 0x70);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(silent_until_initialized),
        cmocka_unit_test(mask_priority_and_eoi),
        cmocka_unit_test(cascade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
