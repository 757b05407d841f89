/* Regression (security issue, hole 3): this VM's secret passes through its
 * exits (a console hypercall buffer, MMIO data, registers); test=asi-residue
 * then searches what every other VM's restricted space maps for it. Two of
 * these run side by side (extra "name=..."), yielding to each other. */
#include "guest.h"
#include <string.h>

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    const char *name = cmdline_arg(info, "name");
    char secret[48] = "SECRET-of-";
    const char *nm = name ? name : "?";
    for (size_t i = 0; nm[i] && i < sizeof(secret) - 11; i++)
        secret[10 + i] = nm[i];
    size_t n = strlen(secret);
    unsigned written = 0;
    for (int round = 0; round < 20; round++) {
        written += hypercall(1, (long)secret, (long)n, 0, 0) == 0;  /* buffer and console line */
        uint32_t w;
        memcpy(&w, secret + 10, 4);
        mmio_write32(0xfee00080, w & 0xff);                         /* TPR: MMIO data */
        uint32_t a, b, c, d;
        memcpy(&a, secret, 4), memcpy(&b, secret + 4, 4), memcpy(&c, secret + 8, 4), memcpy(&d, secret + 12, 4);
        __asm__ volatile("cpuid" : "+a"(a), "+b"(b), "+c"(c), "+d"(d));  /* registers */
        hypercall(3, 0, 0, 0, 0);                                   /* let the other VM run */
    }
    check(written == 20, "secret-through-exits", "%s: %u of 20 console writes", secret, written);
    return 0;
}
