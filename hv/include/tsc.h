#ifndef HV_TSC_H
#define HV_TSC_H
#include <stdint.h>

extern uint64_t tsc_hz;
/* From CPUID 0x15 (crystal * ratio) or 0x16 (base MHz); 0 when neither says. Pure. */
uint64_t tsc_hz_from_cpuid(uint32_t max_leaf, const uint32_t l15[4], const uint32_t l16[4]);
/* Sets tsc_hz from CPUID or, failing that, a PIT calibration; returns the method. */
const char *tsc_init(void);

#endif
