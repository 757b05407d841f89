/* CPU lists and placement (place.h). */
#include "place.h"
#include "fmt.h"
#include <string.h>

static int number(const char **p, unsigned *out)
{
    const char *s = *p;
    unsigned n = 0;
    if (*s < '0' || *s > '9')
        return -1;
    while (*s >= '0' && *s <= '9' && n < 1000)
        n = n * 10 + (unsigned)(*s++ - '0');
    *p = s;
    *out = n;
    return 0;
}

int cpulist_parse(const char *s, uint64_t *mask, char *err, size_t errlen)
{
    *mask = 0;
    if (!strcmp(s, "all")) {
        *mask = ~0ull;
        return 0;
    }
    const char *p = s;
    for (;;) {
        unsigned a, b;
        if (number(&p, &a)) {
            hv_snprintf(err, errlen, "expected a CPU number at '%s'", p);
            return -1;
        }
        b = a;
        if (*p == '-') {
            p++;
            if (number(&p, &b)) {
                hv_snprintf(err, errlen, "expected a CPU number after '-' at '%s'", p);
                return -1;
            }
        }
        if (b < a) {
            hv_snprintf(err, errlen, "range %u-%u is backwards", a, b);
            return -1;
        }
        if (b >= PLACE_MAX_CPUS) {
            hv_snprintf(err, errlen, "CPU %u is above %u", b, PLACE_MAX_CPUS - 1);
            return -1;
        }
        for (unsigned c = a; c <= b; c++)
            *mask |= 1ull << c;
        if (!*p)
            return 0;
        if (*p != ',') {
            hv_snprintf(err, errlen, "unexpected '%c' (a list is like \"0-3,5\" or \"all\")", *p);
            return -1;
        }
        p++;
    }
}

int sched_place(uint64_t allowed, uint64_t online, const unsigned *load, unsigned ncpus)
{
    uint64_t ok = (allowed ? allowed : ~0ull) & online;
    int best = -1;
    for (unsigned c = 0; c < ncpus && c < PLACE_MAX_CPUS; c++)
        if ((ok >> c & 1) && (best < 0 || load[c] < load[best]))
            best = (int)c;
    return best;
}

int sched_steal_from(unsigned me, uint64_t from, uint64_t online, const unsigned *runnable, unsigned ncpus)
{
    if (me < ncpus && runnable[me])
        return -1;                          /* only an idle CPU takes work */
    int best = -1;
    for (unsigned c = 0; c < ncpus && c < PLACE_MAX_CPUS; c++)
        if (c != me && (from & online) >> c & 1 && runnable[c] >= 2 && (best < 0 || runnable[c] > runnable[best]))
            best = (int)c;
    return best;
}

void cpulist_format(uint64_t mask, char *buf, size_t len)
{
    size_t n = 0;
    if (len)
        buf[0] = 0;
    for (unsigned c = 0; c < PLACE_MAX_CPUS; c++) {
        if (!(mask >> c & 1) || (c && (mask >> (c - 1) & 1)))
            continue;                       /* not the start of a run */
        unsigned e = c;
        while (e + 1 < PLACE_MAX_CPUS && (mask >> (e + 1) & 1))
            e++;
        int w = e == c ? hv_snprintf(buf + n, n < len ? len - n : 0, "%s%u", n ? "," : "", c)
                       : hv_snprintf(buf + n, n < len ? len - n : 0, "%s%u-%u", n ? "," : "", c, e);
        n += (size_t)w;
    }
}
