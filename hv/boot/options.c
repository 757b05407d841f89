/* Command-line parser: "key=value" and bare flags separated by spaces.
 * Pure and host-tested. A bad option never stops the boot: it is named in
 * a message and the default stays. */
#include "options.h"
#include "console.h"
#include "fmt.h"
#include <string.h>

/* read on exit paths (watchdog, flush mode): in the ASI-shared section */
struct hv_options hv_opts __attribute__((section(".asi_shared")));

static const char *const flush_names[] = { "none", "l1d", "verw", "ibpb" };
static const char *const level_names[] = { "error", "warn", "info", "debug" };

const char *asi_flush_name(enum asi_flush f)
{
    return (unsigned)f < 4 ? flush_names[f] : "?";
}

static int lookup(const char *v, size_t vlen, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == vlen && !strncmp(v, names[i], vlen))
            return i;
    return -1;
}

#define KNOWN "console=com1 asi=on|off asi_flush=none|l1d|verw|ibpb loglvl=error|warn|info|debug verbose watchdog=MS maxcpus=N rsb_fill=auto|full|lite|none test=NAME"

int options_parse(const char *s, struct hv_options *o, opt_report_fn report, void *arg)
{
    char msg[192];
    int bad = 0;
    memset(o, 0, sizeof(*o));
    o->asi = true;
    o->asi_flush = ASI_FLUSH_NONE;
    o->loglvl = LOG_INFO;
    o->watchdog_ms = 10000;
    o->rsb_fill = -1;
    if (!s)
        return 0;
#define BAD(...) do { hv_snprintf(msg, sizeof(msg), __VA_ARGS__); if (report) report(msg, arg); bad++; } while (0)
    bool first = true;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        const char *tok = s;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        size_t tlen = s - tok;
        /* Some loaders put the image path first: skip it. */
        if (first && tok[0] == '/') {
            first = false;
            continue;
        }
        first = false;
        const char *eq = memchr(tok, '=', tlen);
        size_t klen = eq ? (size_t)(eq - tok) : tlen;
        const char *v = eq ? eq + 1 : NULL;
        size_t vlen = eq ? tlen - klen - 1 : 0;
        int k;
#define KEY(name) (klen == sizeof(name) - 1 && !strncmp(tok, name, klen))
        if (KEY("verbose") && !eq) {
            o->loglvl = LOG_DEBUG;
        } else if (!eq) {
            BAD("cmdline: unknown option '%.*s' ignored (known: " KNOWN ")", (int)tlen, tok);
        } else if (KEY("console")) {
            if (!(vlen == 4 && !strncmp(v, "com1", 4)))
                BAD("cmdline: console=%.*s not supported (only com1); using com1", (int)vlen, v);
        } else if (KEY("asi")) {
            if (vlen == 2 && !strncmp(v, "on", 2))
                o->asi = true;
            else if (vlen == 3 && !strncmp(v, "off", 3))
                o->asi = false;
            else
                BAD("cmdline: asi=%.*s is not on or off; keeping asi=on", (int)vlen, v);
        } else if (KEY("asi_flush")) {
            if ((k = lookup(v, vlen, flush_names, 4)) < 0)
                BAD("cmdline: asi_flush=%.*s is not none, l1d, verw or ibpb; keeping none",
                    (int)vlen, v);
            else
                o->asi_flush = k;
        } else if (KEY("rsb_fill")) {
            static const char *const rsb_names[] = { "none", "lite", "full", "auto" };
            if ((k = lookup(v, vlen, rsb_names, 4)) < 0)
                BAD("cmdline: rsb_fill=%.*s is not auto, full, lite or none; keeping auto", (int)vlen, v);
            else
                o->rsb_fill = k == 3 ? -1 : k;
        } else if (KEY("loglvl")) {
            if (vlen == 1 && v[0] >= '0' && v[0] <= '3')
                o->loglvl = v[0] - '0';
            else if ((k = lookup(v, vlen, level_names, 4)) >= 0)
                o->loglvl = k;
            else
                BAD("cmdline: loglvl=%.*s is not error, warn, info, debug or 0-3; keeping info",
                    (int)vlen, v);
        } else if (KEY("watchdog")) {
            unsigned n = 0;
            size_t i = 0;
            for (; i < vlen && v[i] >= '0' && v[i] <= '9' && n < 100000000; i++)
                n = n * 10 + (unsigned)(v[i] - '0');
            if (!vlen || i != vlen)
                BAD("cmdline: watchdog=%.*s is not a number of milliseconds; keeping %u",
                    (int)vlen, v, o->watchdog_ms);
            else
                o->watchdog_ms = n;
        } else if (KEY("maxcpus")) {
            unsigned n = 0;
            size_t i = 0;
            for (; i < vlen && v[i] >= '0' && v[i] <= '9' && n < 1000; i++)
                n = n * 10 + (unsigned)(v[i] - '0');
            if (!vlen || i != vlen || n == 0)
                BAD("cmdline: maxcpus=%.*s is not a number of CPUs (1 or more); keeping all CPUs",
                    (int)vlen, v);
            else
                o->maxcpus = n;
        } else if (KEY("test")) {
            if (vlen == 0 || vlen >= sizeof(o->test))
                BAD("cmdline: test= needs a name of 1-%zu characters", sizeof(o->test) - 1);
            else {
                memcpy(o->test, v, vlen);
                o->test[vlen] = 0;
            }
        } else {
            BAD("cmdline: unknown option '%.*s' ignored (known: " KNOWN ")", (int)klen, tok);
        }
#undef KEY
    }
#undef BAD
    return bad;
}
