/* MSR policy: which guest MSR accesses pass through, which the hypervisor
 * emulates, and which raise #GP. Pure: host-tested. */
#ifndef HV_MSRPOLICY_H
#define HV_MSRPOLICY_H
#include <stdint.h>

enum msr_class { MSR_GP, MSR_EMULATED, MSR_PASSTHROUGH };

enum msr_class msr_classify(uint32_t msr);
/* The same answer (unit-tested), without the table search for the MSRs
 * guests use most: x2APIC and TSC_DEADLINE. */
static inline enum msr_class msr_classify_hot(uint32_t msr)
{
    return msr - 0x800u < 0x100 || msr == 0x6e0 ? MSR_EMULATED : msr_classify(msr);
}
/* The VMX MSR bitmap (4 KiB): every MSR exits except the pass-through ones. */
void msr_bitmap_build(uint8_t bm[4096]);
/* The SVM MSR permission map (8 KiB), from the same policy. */
void msrpm_build(uint8_t pm[8192]);

#endif
