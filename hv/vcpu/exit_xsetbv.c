/* XSETBV: validated against what the CPUID policy offers, then done for the
 * guest (the scheduler switches XCR0 with the vCPU). */
#include "vcpu.h"
#include "cpu.h"
#include "cpuidpolicy.h"

enum exit_action exit_xsetbv(struct vcpu *v)
{
    /* XCR0 must keep x87, may add SSE/AVX that the host has, never more */
    uint64_t val = (uint32_t)v->regs.rax | (v->regs.rdx << 32);
    struct cpuid_regs r = cpuid(0xd, 0);
    uint64_t host = (r.eax | ((uint64_t)r.edx << 32)) & GUEST_XCR0_MASK;
    if (v->regs.rcx != 0 || !(val & 1) || (val & ~host) || ((val & 4) && !(val & 2))) {
        vcpu_inject_exception(v, 13, true, 0);
        return EXIT_CONTINUE;
    }
    __asm__ volatile("xsetbv" :: "a"((uint32_t)val), "d"((uint32_t)(val >> 32)), "c"(0));
    v->xcr0 = val;
    vcpu_skip(v, 0);
    return EXIT_CONTINUE;
}
