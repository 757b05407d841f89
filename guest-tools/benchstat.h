/* Sample statistics for the exit benchmark. Pure: unit-tested on the host. */
#ifndef BENCHSTAT_H
#define BENCHSTAT_H
#include <stdint.h>
#include <stddef.h>

struct bstat {
    uint32_t samples;
    uint64_t mean, min, median, p99, max;   /* cycles */
};

/* Sorts `v` in place. n = 0 gives all zeros. */
void bstat_compute(uint32_t *v, uint32_t n, struct bstat *out);
/* Delta of b over a in tenths of a percent (e.g. 25 = +2.5%). */
int64_t bstat_delta_permille(uint64_t a, uint64_t b);
/* "+2.5%" / "-0.3%" / "+0.0%" into buf. */
void bstat_format_delta(char *buf, size_t len, int64_t permille);
/* One markdown row: | name | samples | mean | min | max | delta | */
int bstat_row(char *buf, size_t len, const char *variant, const struct bstat *s, const char *delta);

#endif
