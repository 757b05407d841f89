/* Regression (security issue, smaller defects): a new guest's FPU state is
 * the reset one (MXCSR 0x1F80, FCW 0x37F: every exception masked), and a
 * guest TSC write holds across switches to another VM. */
#include "guest.h"

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    uint32_t cr4;
    __asm__ volatile("movl %%cr4, %0; orl $0x600, %0; movl %0, %%cr4" : "=r"(cr4));  /* OSFXSR, OSXMMEXCPT */
    uint32_t mxcsr = 0;
    uint16_t fcw = 0;
    __asm__ volatile("stmxcsr %0; fnstcw %1" : "=m"(mxcsr), "=m"(fcw));
    check(mxcsr == 0x1f80, "initial-mxcsr", "0x%x", mxcsr);
    check(fcw == 0x37f, "initial-fcw", "0x%x", fcw);
    uint64_t set = 1ull << 40;
    wrmsr(0x10, set);
    uint64_t t1 = rdtsc();
    check(t1 >= set && t1 - set < 50000000ull, "tsc-write", "0x%llx after writing 0x%llx",
          (unsigned long long)t1, (unsigned long long)set);
    for (int i = 0; i < 20; i++)
        hypercall(3, 0, 0, 0, 0);          /* yield: another VM runs, then this one is loaded again */
    uint64_t t2 = rdtsc();
    check(t2 > t1 && t2 - set < 2000000000ull, "tsc-write-after-switches", "0x%llx",
          (unsigned long long)t2);
    check(rdmsr(0x10) >= t2, "tsc-msr-read", "");
    return 0;
}
