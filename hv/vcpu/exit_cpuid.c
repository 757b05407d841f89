/* CPUID exits: the host's answer, filtered by the policy (hv/x86/cpuidpolicy.c).
 * Answers that never change are computed once per VM (vcpu_cpuid_init) and
 * come from that cache; the others are asked of the CPU each time. */
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

static struct cpuid_out ask(struct vcpu *v, uint32_t leaf, uint32_t sub)
{
    struct cpuid_regs h = cpuid(leaf, sub);
    struct cpuid_out r = { h.eax, h.ebx, h.ecx, h.edx };
    const struct cpuid_ctx c = {
        .vcpu_id = v->id, .tsc_hz = tsc_hz,
        .rdtscp = guest_features.rdtscp, .invpcid = guest_features.invpcid,
        .osxsave = leaf == 1 && (vcpu_guest_cr4(v) & (1u << 18)),
    };
    cpuid_filter(leaf, sub, &c, &r);
    return r;
}

void vcpu_cpuid_init(struct vcpu *v)
{
    struct cpuid_cache *cc = &v->vm->cpuid;
    *cc = (struct cpuid_cache){ 0 };
    for (uint32_t i = 0; i < 32; i++) {
        if (cpuid_cacheable(i)) {
            cc->basic[i] = ask(v, i, 0);
            cc->basic_ok |= 1u << i;
        }
        if (cpuid_cacheable(0x80000000u + i)) {
            cc->ext[i] = ask(v, 0x80000000u + i, 0);
            cc->ext_ok |= 1u << i;
        }
    }
}

enum exit_action exit_cpuid(struct vcpu *v)
{
    uint32_t leaf = (uint32_t)v->regs.rax;
    const struct cpuid_out *c = cpuid_cache_get(&v->vm->cpuid, leaf);
    if (c) {
        v->regs.rax = c->eax;
        v->regs.rbx = c->ebx;
        v->regs.rcx = c->ecx;
        v->regs.rdx = c->edx;
        vcpu_skip(v, 0);
        return EXIT_CONTINUE;
    }
    struct cpuid_out r = ask(v, leaf, (uint32_t)v->regs.rcx);
    v->regs.rax = r.eax;
    v->regs.rbx = r.ebx;
    v->regs.rcx = r.ecx;
    v->regs.rdx = r.edx;
    vcpu_skip(v, 0);
    return EXIT_CONTINUE;
}
