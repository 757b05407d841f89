/* CPUID: the host's answers, filtered. VMX and SMX are hidden, the
 * hypervisor bit is set, and 0x40000000.. describe this hypervisor. */
#include "exit.h"
#include "cpu.h"
#include "hypercall.h"
#include "tsc.h"
#include "vmxops.h"
#include <string.h>

enum exit_action exit_cpuid(struct vcpu *v)
{
    uint32_t leaf = (uint32_t)v->regs.rax, sub = (uint32_t)v->regs.rcx;
    struct cpuid_regs r;
    if (leaf >= 0x40000000 && leaf <= 0x400000ff) {
        memset(&r, 0, sizeof(r));
        if (leaf == 0x40000000) {
            r.eax = 0x40000010;
            memcpy(&r.ebx, HV_SIGNATURE, 4);
            memcpy(&r.ecx, HV_SIGNATURE + 4, 4);
            memcpy(&r.edx, HV_SIGNATURE + 8, 4);
        } else if (leaf == 0x40000010) {
            r.eax = (uint32_t)(tsc_hz / 1000);      /* TSC kHz */
            r.ebx = 1000000;                        /* LAPIC timer: 1 GHz bus (kHz) */
        }
    } else {
        r = cpuid(leaf, sub);
        switch (leaf) {
        case 1:
            r.ecx &= ~((1u << 5) | (1u << 6) | (1u << 3) | (1u << 15));  /* VMX SMX MONITOR PDCM */
            r.ecx |= 1u << 31;                                        /* hypervisor present */
            r.ebx = (r.ebx & 0x00ffffff) | (v->id << 24);             /* initial APIC ID */
            break;
        case 7:
            if (sub == 0 && !(vmx_ctls.word[W_PROC2] & PROC2_INVPCID))
                r.ebx &= ~(1u << 10);
            break;
        case 0xb:
        case 0x1f:
            r.edx = v->id;
            break;
        case 0x80000001:
            if (!(vmx_ctls.word[W_PROC2] & PROC2_RDTSCP))
                r.edx &= ~(1u << 27);
            break;
        case 0xd:
            if (sub == 1)
                r.eax &= ~(1u << 3);                                  /* XSAVES not enabled */
            break;
        }
    }
    v->regs.rax = r.eax;
    v->regs.rbx = r.ebx;
    v->regs.rcx = r.ecx;
    v->regs.rdx = r.edx;
    vcpu_skip_instruction(v);
    return EXIT_CONTINUE;
}
