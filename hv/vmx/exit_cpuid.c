/* CPUID exits: the host's answer, filtered by the policy (cpuidpolicy.c). */
#include "exit.h"
#include "cpu.h"
#include "cpuidpolicy.h"
#include "tsc.h"
#include "vmxops.h"

enum exit_action exit_cpuid(struct vcpu *v)
{
    uint32_t leaf = (uint32_t)v->regs.rax, sub = (uint32_t)v->regs.rcx;
    struct cpuid_regs h = cpuid(leaf, sub);
    struct cpuid_out r = { h.eax, h.ebx, h.ecx, h.edx };
    const struct cpuid_ctx c = {
        .vcpu_id = v->id, .tsc_hz = tsc_hz,
        .rdtscp = vmx_ctls.word[W_PROC2] & PROC2_RDTSCP,
        .invpcid = vmx_ctls.word[W_PROC2] & PROC2_INVPCID,
        .osxsave = leaf == 1 && (vmread(GUEST_CR4) & (1u << 18)),
    };
    cpuid_filter(leaf, sub, &c, &r);
    v->regs.rax = r.eax;
    v->regs.rbx = r.ebx;
    v->regs.rcx = r.ecx;
    v->regs.rdx = r.edx;
    vcpu_skip_instruction(v);
    return EXIT_CONTINUE;
}
