/* MSR policy: which guest MSR accesses pass through, which the hypervisor
 * emulates, and which raise #GP. Pure: host-tested. */
#ifndef HV_MSRPOLICY_H
#define HV_MSRPOLICY_H
#include <stdint.h>

enum msr_class { MSR_GP, MSR_EMULATED, MSR_PASSTHROUGH };

enum msr_class msr_classify(uint32_t msr);
/* The VMX MSR bitmap (4 KiB): every MSR exits except the pass-through ones. */
void msr_bitmap_build(uint8_t bm[4096]);

#endif
