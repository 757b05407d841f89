/* What a guest sees of CPUID: the host's answers filtered to what this
 * hypervisor virtualizes. Pure: host-tested. */
#ifndef HV_CPUIDPOLICY_H
#define HV_CPUIDPOLICY_H
#include <stdint.h>
#include <stdbool.h>

struct cpuid_out { uint32_t eax, ebx, ecx, edx; };

struct cpuid_ctx {
    unsigned vcpu_id;
    uint64_t tsc_hz;
    bool rdtscp, invpcid;       /* enabled in the VMCS */
    bool osxsave;               /* the guest's CR4.OSXSAVE (reflected in leaf 1 ECX[27]) */
};

/* Filters the host's result `r` for (leaf, sub) in place. Leaves
 * 0x40000000-0x400000ff are answered entirely here. */
/* XSAVE components guests may enable: x87, SSE, AVX. (AVX-512 and PKRU are
 * hidden: Bochs reports inconsistent XSAVE sizes for them.) */
#define GUEST_XCR0_MASK 0x7ull

void cpuid_filter(uint32_t leaf, uint32_t sub, const struct cpuid_ctx *c, struct cpuid_out *r);

#endif
