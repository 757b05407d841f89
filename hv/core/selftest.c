/* test=<name>: deliberate failures for the integration tests, so the crash
 * path (dump + clean stop) is proven on the real machine. */
#include "selftest.h"
#include "console.h"
#include <string.h>

__attribute__((noinline)) static void test_fault_ud(void)
{
    __asm__ volatile("ud2");
}

__attribute__((noinline)) static void test_fault_pf(void)
{
    /* below the image, never mapped in the full space */
    volatile uint64_t *p = (volatile uint64_t *)0xffffffff70000000ull;
    (void)*p;
}

__attribute__((noinline)) static void test_fault_gp(void)
{
    volatile uint64_t *p = (volatile uint64_t *)0x8000000000000000ull; /* non-canonical */
    (void)*p;
}

__attribute__((noinline)) static void test_fault_de(void)
{
    /* in asm: the compiler may legally fold a C division by zero away */
    __asm__ volatile("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\txorl %%edx, %%edx\n\tdivl %%ecx"
                     ::: "eax", "ecx", "edx");
}

__attribute__((noinline)) static void test_fault_stack(void)
{
    /* run off the boot stack into unmapped memory: #PF cannot push its frame,
     * so it becomes #DF on the IST stack */
    __asm__ volatile("movq $0xffffffff70000000, %%rsp\n\tpushq $0" ::: "memory");
}

static const struct { const char *name; void (*fn)(void); } faults[] = {
    { "fault-ud", test_fault_ud },
    { "fault-pf", test_fault_pf },
    { "fault-gp", test_fault_gp },
    { "fault-de", test_fault_de },
    { "fault-df", test_fault_stack },
};

bool selftest_fault(const char *name)
{
    for (unsigned i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
        if (!strcmp(name, faults[i].name)) {
            pr_info("test: %s: faulting on purpose\n", name);
            faults[i].fn();
            pr_err("test: %s returned without faulting\n", name);
            return true;
        }
    return false;
}
