/* CPUID exits: the host's answer, filtered by the policy (cpuidpolicy.c). */
#include "vcpu.h"
#include "cpu.h"
#include "cpuidpolicy.h"
#include "tsc.h"
#include "asi.h"

struct guest_features guest_features __asi_shared;   /* read on the CPUID path */

void vcpu_core_init(void)
{
    arch_guest_features(&guest_features);
}

enum exit_action exit_cpuid(struct vcpu *v)
{
    uint32_t leaf = (uint32_t)v->regs.rax, sub = (uint32_t)v->regs.rcx;
    struct cpuid_regs h = cpuid(leaf, sub);
    struct cpuid_out r = { h.eax, h.ebx, h.ecx, h.edx };
    const struct cpuid_ctx c = {
        .vcpu_id = v->id, .tsc_hz = tsc_hz,
        .rdtscp = guest_features.rdtscp, .invpcid = guest_features.invpcid,
        .osxsave = leaf == 1 && (vcpu_guest_cr4(v) & (1u << 18)),
    };
    cpuid_filter(leaf, sub, &c, &r);
    v->regs.rax = r.eax;
    v->regs.rbx = r.ebx;
    v->regs.rcx = r.ecx;
    v->regs.rdx = r.edx;
    vcpu_skip(v, 0);
    return EXIT_CONTINUE;
}
