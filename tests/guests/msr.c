/* MSR policy: emulated MSRs behave, unknown ones raise #GP. */
#include "guest.h"

static int rdmsr_fault(uint32_t m, uint64_t *v)
{
    uint32_t lo = 0, hi = 0;
    last_vector = -1;
    fault_skip = 2;
    __asm__ volatile("rdmsr" : "+a"(lo), "+d"(hi) : "c"(m));
    fault_skip = -1;
    *v = ((uint64_t)hi << 32) | lo;
    return last_vector;
}

static int wrmsr_fault(uint32_t m, uint64_t v)
{
    last_vector = -1;
    fault_skip = 2;
    __asm__ volatile("wrmsr" :: "c"(m), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
    fault_skip = -1;
    return last_vector;
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    idt_setup();
    uint64_t v = 0;
    int vec = rdmsr_fault(0xc0000080, &v);
    check(vec == -1 && v == 0, "efer-read", "0x%llx", (unsigned long long)v);
    check(wrmsr_fault(0xc0000080, 1 << 11) == -1, "efer-write-nxe", "");
    rdmsr_fault(0xc0000080, &v);
    check(v == (1 << 11), "efer-readback", "0x%llx", (unsigned long long)v);
    check(wrmsr_fault(0xc0000080, 1ull << 20) == 13, "efer-reserved-gp", "");
    uint64_t t1 = rdmsr(0x10), t2 = rdmsr(0x10);
    check(t2 > t1, "tsc-msr-advances", "%llu -> %llu", (unsigned long long)t1, (unsigned long long)t2);
    uint64_t tr = rdtsc();
    check(tr >= t2, "rdtsc-consistent", "");
    vec = rdmsr_fault(0x1b, &v);
    check(vec == -1 && (v & ~0xfffull) == 0xfee00000ull && (v & (1 << 11)) && (v & (1 << 8)),
          "apic-base", "0x%llx", (unsigned long long)v);
    check(wrmsr_fault(0x277, 0x0007040600070406ull) == -1, "pat-write", "");
    check(rdmsr_fault(0x277, &v) == -1 && v == 0x0007040600070406ull, "pat-read", "");
    vec = rdmsr_fault(0x1a0, &v);
    check(vec == -1, "misc-enable", "0x%llx", (unsigned long long)v);
    vec = rdmsr_fault(0xdeadbeef, &v);
    check(vec == 13, "unknown-rdmsr-gp", "vector %d", vec);
    vec = wrmsr_fault(0x12345, 1);
    check(vec == 13, "unknown-wrmsr-gp", "vector %d", vec);
    check(rdmsr_fault(0x802, &v) == 13, "x2apic-msr-gp-in-xapic-mode", "");
    check(wrmsr_fault(0xc0000100, 0x12345000) == -1, "fs-base-write", "");
    vec = rdmsr_fault(0xc0000100, &v);
    check(vec == -1 && v == 0x12345000, "fs-base-passthrough", "0x%llx", (unsigned long long)v);
    check(wrmsr_fault(0xc0000082, 0xffffffff81000000ull) == -1 && rdmsr(0xc0000082) == 0xffffffff81000000ull,
          "lstar-passthrough", "");
    int storm = 0;
    for (int i = 0; i < 2000; i++)      /* a #GP storm is just many exits */
        storm += rdmsr_fault(0x4b564d00 + (i & 7), &v) == 13;
    check(storm == 2000, "gp-storm-2000", "%d", storm);
    return 0;
}
