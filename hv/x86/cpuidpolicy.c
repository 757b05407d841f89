/* CPUID policy. Hidden: VMX/SMX (no nested virtualization), features whose
 * MSRs or state are not virtualized (machine check, thermal and power
 * management, debug store, perfmon, TSX, speculation-control MSRs,
 * TSC_ADJUST, Intel PT, XSAVES), MONITOR/MWAIT, AVX-512 and PKU (XSAVE
 * components beyond GUEST_XCR0_MASK). Added: the hypervisor bit and the
 * 0x40000000 leaves. AMD: SVM, SKINIT, MONITORX and the SVM/SEV leaves hidden. OSXSAVE follows the guest's own CR4. */
#include "cpuidpolicy.h"
#include "hypercall.h"
#include <string.h>

#define B(n) (1u << (n))

void cpuid_filter(uint32_t leaf, uint32_t sub, const struct cpuid_ctx *c, struct cpuid_out *r)
{
    if (leaf >= 0x40000000 && leaf <= 0x400000ff) {
        memset(r, 0, sizeof(*r));
        if (leaf == 0x40000000) {
            r->eax = 0x40000010;
            memcpy(&r->ebx, HV_SIGNATURE, 4);
            memcpy(&r->ecx, HV_SIGNATURE + 4, 4);
            memcpy(&r->edx, HV_SIGNATURE + 8, 4);
        } else if (leaf == 0x40000010) {
            r->eax = (uint32_t)(c->tsc_hz / 1000);   /* TSC kHz */
            r->ebx = (uint32_t)(c->tsc_hz / 1000);   /* LAPIC timer kHz: it counts at the TSC rate */
        }
        return;
    }
    switch (leaf) {
    case 1:
        r->ecx &= ~(B(2) | B(3) | B(4) | B(5) | B(6) | B(7) | B(8) | B(14) | B(15) | B(27));
        r->ecx |= B(31) | (c->osxsave ? B(27) : 0);
        r->edx &= ~(B(7) | B(14) | B(21) | B(22) | B(29) | B(31));
        r->ebx = (r->ebx & 0x00ffffff) | (c->vcpu_id << 24);
        break;
    case 6:
    case 0xa:
        memset(r, 0, sizeof(*r));
        break;
    case 7:
        if (sub == 0) {
            r->ebx &= ~(B(1) | B(4) | B(11) | B(12) | B(15) | B(25));
            r->ebx &= ~(B(16) | B(17) | B(21) | B(26) | B(27) | B(28) | B(30) | B(31));  /* AVX-512 */
            if (!c->invpcid)
                r->ebx &= ~B(10);
            r->ecx &= ~(B(1) | B(3) | B(4) | B(5) | B(6) | B(11) | B(12) | B(14));  /* PKU, AVX-512, WAITPKG */
            r->edx &= ~(B(2) | B(3) | B(8) | B(23));                               /* AVX-512 */
            r->edx &= ~(B(26) | B(27) | B(28) | B(29) | B(30) | B(31));
        }
        break;
    case 0xb:
    case 0x1f:
        r->edx = c->vcpu_id;
        break;
    case 0xd:
        if (sub == 0) {
            r->eax &= (uint32_t)GUEST_XCR0_MASK;
            r->edx = 0;
            r->ecx = (r->eax & B(2)) ? 832 : 576;  /* legacy area + header (+ AVX) */
        } else if (sub == 1) {
            r->eax &= ~B(3);
        } else if (sub >= 2 && !((GUEST_XCR0_MASK >> sub) & 1)) {
            memset(r, 0, sizeof(*r));
        }
        break;
    case 0x80000001:
        if (!c->rdtscp)
            r->edx &= ~B(27);
        r->ecx &= ~(B(2) | B(12) | B(13) | B(29));     /* SVM, SKINIT, watchdog, MONITORX */
        break;
    case 0x8000000a:                /* SVM features: no nested virtualization */
    case 0x8000001f:                /* SEV */
        memset(r, 0, sizeof(*r));
        break;
    case 0x80000007:
        r->edx &= B(8);             /* invariant TSC only */
        break;
    default:
        break;
    }
}

/* Subleaf-independent leaves whose filtered answer is the same for every
 * vCPU at any time. Not 1 (APIC ID, OSXSAVE), 4, 7, 0xb, 0xd, 0xf, 0x10,
 * 0x12, 0x14, 0x17, 0x18, 0x1d, 0x1f (subleaves). */
bool cpuid_cacheable(uint32_t leaf)
{
    switch (leaf) {
    case 0x0: case 0x2: case 0x3: case 0x5: case 0x6: case 0x8: case 0x9: case 0xa:
    case 0x15: case 0x16:
    case 0x80000000: case 0x80000001: case 0x80000002: case 0x80000003: case 0x80000004:
    case 0x80000005: case 0x80000006: case 0x80000007: case 0x80000008:
        return true;
    default:
        return false;
    }
}
