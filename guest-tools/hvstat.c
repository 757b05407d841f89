/* hvstat: this VM's exit and ASI statistics, read from the hypervisor with
 * the HC_STATS hypercall (allowed from user mode). A static Linux program. */
#include <stdio.h>
#include <stdint.h>

static const char *const names[65] = {
    [0] = "exception/NMI", [1] = "external interrupt", [2] = "triple fault", [7] = "interrupt window",
    [10] = "CPUID", [12] = "HLT", [18] = "VMCALL", [28] = "CR access", [30] = "I/O", [31] = "RDMSR",
    [32] = "WRMSR", [48] = "EPT violation", [49] = "EPT misconfig", [52] = "preemption timer",
    [54] = "WBINVD", [55] = "XSETBV",
};

static long stats(long reason, long *cycles, long *asi)
{
    long rb = reason, rc = 0, ret;
    __asm__ volatile("vmcall" : "=a"(ret), "+b"(rb), "+c"(rc) : "a"(4L) : "memory");
    *cycles = rb;
    *asi = rc;
    return ret;
}

int main(void)
{
    unsigned int sig[4];
    __asm__ volatile("cpuid" : "=a"(sig[0]), "=b"(sig[1]), "=c"(sig[2]), "=d"(sig[3]) : "a"(0x40000000), "c"(0));
    char name[13];
    __builtin_memcpy(name, &sig[1], 12);
    name[12] = 0;
    if (__builtin_strcmp(name, "ASIHypervsr") != 0) {
        fprintf(stderr, "hvstat: not running under the ASI hypervisor (CPUID 0x40000000: '%s')\n", name);
        return 1;
    }
    long cyc, asi;
    long total = stats(0xffff, &cyc, &asi);
    printf("%-20s %10s %12s %10s\n", "exit reason", "exits", "cycles/exit", "asi_exits");
    for (long r = 0; r < 65; r++) {
        long c, a, n = stats(r, &c, &a);
        if (n <= 0)
            continue;
        char buf[16];
        const char *nm = names[r];
        if (!nm) {
            snprintf(buf, sizeof(buf), "reason %ld", r);
            nm = buf;
        }
        printf("%-20s %10ld %12ld %10ld\n", nm, n, c / n, a);
    }
    printf("%-20s %10ld %12ld %10ld\n", "total", total, total ? cyc / total : 0, asi);
    printf("asi_exits per 1000 exits: %ld\n", total ? asi * 1000 / total : 0);
    return 0;
}
