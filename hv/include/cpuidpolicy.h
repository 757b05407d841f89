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

/* Answers that depend on neither the subleaf, the vCPU nor guest state,
 * computed once per VM (as KVM keeps its CPUID entries): basic leaves
 * 0..31 and extended leaves 0x80000000..+31 where cpuid_cacheable says so. */
struct cpuid_cache {
    uint32_t basic_ok, ext_ok;          /* bit n: leaf n (0x80000000 + n) is cached */
    struct cpuid_out basic[32], ext[32];
};

bool cpuid_cacheable(uint32_t leaf);

static inline const struct cpuid_out *cpuid_cache_get(const struct cpuid_cache *c, uint32_t leaf)
{
    if (leaf < 32)
        return (c->basic_ok >> leaf) & 1 ? &c->basic[leaf] : 0;
    uint32_t e = leaf - 0x80000000u;
    return e < 32 && ((c->ext_ok >> e) & 1) ? &c->ext[e] : 0;
}

#endif
