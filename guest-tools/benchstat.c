/* Statistics and table rows for guest-tools/exitbench. */
#include "benchstat.h"
#include "fmt.h"

static void sort(uint32_t *v, uint32_t n)
{
    /* shell sort: small, no recursion, fine for thousands of samples */
    for (uint32_t gap = n / 2; gap; gap /= 2)
        for (uint32_t i = gap; i < n; i++) {
            uint32_t x = v[i], j = i;
            while (j >= gap && v[j - gap] > x) {
                v[j] = v[j - gap];
                j -= gap;
            }
            v[j] = x;
        }
}

void bstat_compute(uint32_t *v, uint32_t n, struct bstat *o)
{
    *o = (struct bstat){ 0 };
    if (!n)
        return;
    sort(v, n);
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i++)
        sum += v[i];
    o->samples = n;
    o->mean = (sum + n / 2) / n;
    o->min = v[0];
    o->max = v[n - 1];
    o->median = n % 2 ? v[n / 2] : ((uint64_t)v[n / 2 - 1] + v[n / 2] + 1) / 2;
    uint32_t k = (uint32_t)(((uint64_t)n * 99 + 99) / 100);   /* nearest rank */
    o->p99 = v[(k ? k : 1) - 1];
}

int64_t bstat_delta_permille(uint64_t a, uint64_t b)
{
    if (!a)
        return 0;
    int64_t d = (int64_t)b - (int64_t)a;
    int64_t q = d * 1000 / (int64_t)a;
    int64_t r = d * 1000 % (int64_t)a;
    if (2 * (r < 0 ? -r : r) >= (int64_t)a)      /* round half away from zero */
        q += d < 0 ? -1 : 1;
    return q;
}

void bstat_format_delta(char *buf, size_t len, int64_t pm)
{
    int64_t a = pm < 0 ? -pm : pm;
    hv_snprintf(buf, len, "%c%lld.%lld%%", pm < 0 ? '-' : '+', (long long)(a / 10), (long long)(a % 10));
}

int bstat_row(char *buf, size_t len, const char *variant, const struct bstat *s, const char *delta)
{
    return hv_snprintf(buf, len, "| %s | %u | %llu | %llu | %llu | %s |", variant, s->samples,
                       (unsigned long long)s->mean, (unsigned long long)s->min,
                       (unsigned long long)s->max, delta);
}
