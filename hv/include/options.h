/* Hypervisor command-line options. */
#ifndef HV_OPTIONS_H
#define HV_OPTIONS_H
#include <stdbool.h>
#include <stddef.h>

enum asi_flush { ASI_FLUSH_NONE, ASI_FLUSH_L1D, ASI_FLUSH_VERW, ASI_FLUSH_IBPB };

struct hv_options {
    bool asi;                   /* asi=on|off, default on */
    enum asi_flush asi_flush;   /* asi_flush=none|l1d|verw|ibpb, default none */
    int loglvl;                 /* loglvl=error|warn|info|debug|0-3, 'verbose' = debug */
    char test[32];              /* test=<name>, integration tests only */
    int rsb_fill;               /* rsb_fill=auto|full|lite|none: -1 auto (from the CPU), else enum rsb_fill */
    unsigned maxcpus;           /* maxcpus=N: CPUs to bring online, boot CPU included; 0 = all */
    unsigned watchdog_ms;       /* watchdog=<ms>: end a vCPU looping with IF=0 and no exits; 0 = off */
};

typedef void (*opt_report_fn)(const char *msg, void *arg);

/* Defaults, then the options in `cmdline`. Each unknown or malformed option
 * is reported (one message naming it) and leaves the default in place.
 * Returns the number of problems found. */
int options_parse(const char *cmdline, struct hv_options *o,
                  opt_report_fn report, void *arg);

const char *asi_flush_name(enum asi_flush f);

/* The options this boot runs with (hv/boot/options.c; parsed in main). */
extern struct hv_options hv_opts;

#endif
