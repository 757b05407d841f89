// uses: hv/boot/options.c hv/lib/fmt.c
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "options.h"
#include "console.h"

static char msgs[8][192];
static int nmsg;

static void collect(const char *m, void *arg)
{
    (void)arg;
    if (nmsg < 8)
        strncpy(msgs[nmsg++], m, 191);
}

static int parse(const char *s, struct hv_options *o)
{
    nmsg = 0;
    memset(msgs, 0, sizeof(msgs));
    return options_parse(s, o, collect, NULL);
}

static void defaults(void **st)
{
    (void)st;
    struct hv_options o;
    assert_int_equal(parse("", &o), 0);
    assert_true(o.asi);
    assert_int_equal(o.asi_flush, ASI_FLUSH_NONE);
    assert_int_equal(o.loglvl, LOG_INFO);
    assert_string_equal(o.test, "");
    assert_int_equal(o.rsb_fill, -1);           /* auto: decided from the CPU */
    assert_int_equal(parse("rsb_fill=none", &o), 0);
    assert_int_equal(o.rsb_fill, 0);
    assert_int_equal(parse("rsb_fill=full", &o), 0);
    assert_int_equal(o.rsb_fill, 2);
    assert_int_equal(parse("rsb_fill=some", &o), 1);
    assert_non_null(strstr(msgs[0], "rsb_fill=some is not auto, full, lite or none; keeping auto"));
    assert_int_equal(o.rsb_fill, -1);
    assert_int_equal(parse(NULL, &o), 0);
    assert_true(o.asi);
}

static void good(void **st)
{
    (void)st;
    struct hv_options o;
    assert_int_equal(parse("/boot/hv.elf  asi=off asi_flush=l1d loglvl=debug test=fault-ud console=com1", &o), 0);
    assert_false(o.asi);
    assert_int_equal(o.asi_flush, ASI_FLUSH_L1D);
    assert_int_equal(o.loglvl, LOG_DEBUG);
    assert_string_equal(o.test, "fault-ud");
    assert_int_equal(parse("verbose asi=on loglvl=0", &o), 0);
    assert_true(o.asi);
    assert_int_equal(o.loglvl, 0);
    assert_int_equal(parse("verbose", &o), 0);
    assert_int_equal(o.loglvl, LOG_DEBUG);
    assert_int_equal(o.maxcpus, 0);             /* all */
    assert_int_equal(parse("maxcpus=2", &o), 0);
    assert_int_equal(o.maxcpus, 2);
}

static void bad(void **st)
{
    (void)st;
    struct hv_options o;
    assert_int_equal(parse("bogus asi=maybe", &o), 2);
    assert_true(o.asi); /* default kept */
    assert_non_null(strstr(msgs[0], "unknown option 'bogus'"));
    assert_non_null(strstr(msgs[1], "asi=maybe"));
    assert_int_equal(parse("asi_flush=all loglvl=9 console=com2 foo=bar", &o), 4);
    assert_int_equal(o.asi_flush, ASI_FLUSH_NONE);
    assert_int_equal(o.loglvl, LOG_INFO);
    assert_non_null(strstr(msgs[0], "asi_flush=all"));
    assert_non_null(strstr(msgs[1], "loglvl=9"));
    assert_non_null(strstr(msgs[2], "console=com2"));
    assert_non_null(strstr(msgs[3], "unknown option 'foo'"));
    assert_int_equal(parse("test= test=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &o), 2);
    assert_string_equal(o.test, "");
    assert_int_equal(parse("maxcpus=0 maxcpus=two maxcpus=", &o), 3);
    assert_int_equal(o.maxcpus, 0);
    assert_non_null(strstr(msgs[0], "maxcpus=0 is not a number of CPUs"));
    /* a path is skipped only as the first word */
    assert_int_equal(parse("asi=on /boot/hv.elf", &o), 1);
}

int main(void)
{
    const struct CMUnitTest t[] = {
        cmocka_unit_test(defaults), cmocka_unit_test(good), cmocka_unit_test(bad),
    };
    return cmocka_run_group_tests_name("options", t, NULL, NULL);
}
