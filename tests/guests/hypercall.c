/* The hypercall ABI (docs/hypercalls.md). */
#include "guest.h"

static long hc(long nr, long a, long b, long *ob, long *oc)
{
    long rb = a, rc = b, ret;
    __asm__ volatile("vmcall" : "=a"(ret), "+b"(rb), "+c"(rc) : "a"(nr) : "memory");
    if (ob) *ob = rb;
    if (oc) *oc = rc;
    return ret;
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    if (!under_hypervisor()) {
        printf("not under a hypervisor: skipping\n");
        return 0;
    }
    check(hc(0, 0, 0, 0, 0) == 0, "null-hypercall", "");
    static const char msg[] = "hello from the console hypercall\n";
    check(hc(1, (long)msg, sizeof(msg) - 1, 0, 0) == 0, "console-write", "");
    check(hc(1, 0xfffff000, 16, 0, 0) == -14, "console-write-bad-buffer", "");
    check(hc(1, (long)msg, 100000, 0, 0) == -22, "console-write-too-long", "");
    uint32_t r[4];
    for (int i = 0; i < 25; i++)
        cpuid(0, 0, r);
    long cyc, asi;
    long n = hc(4, 10, 0, &cyc, &asi);
    check(n >= 25 && cyc > 0, "stats-cpuid", "%ld exits, %ld cycles", n, cyc);
    check(asi == 0, "stats-cpuid-asi-exits", "%ld", asi);
    long tot = hc(4, 0xffff, 0, 0, 0);
    check(tot > n, "stats-total", "%ld", tot);
    check(hc(4, 9999, 0, 0, 0) == -22, "stats-bad-reason", "");
    check(hc(3, 0, 0, 0, 0) == 0, "yield", "");
    check(hc(77, 0, 0, 0, 0) == -38, "unknown-enosys", "");
    return 0;
}
