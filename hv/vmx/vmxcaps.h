/* VMX capability MSRs, decoded by a pure function the host unit-tests. */
#ifndef HV_VMXCAPS_H
#define HV_VMXCAPS_H
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define MSR_VMX_BASIC         0x480
#define MSR_VMX_PINBASED      0x481
#define MSR_VMX_PROCBASED     0x482
#define MSR_VMX_EXIT          0x483
#define MSR_VMX_ENTRY         0x484
#define MSR_VMX_MISC          0x485
#define MSR_VMX_CR0_FIXED0    0x486
#define MSR_VMX_CR0_FIXED1    0x487
#define MSR_VMX_CR4_FIXED0    0x488
#define MSR_VMX_CR4_FIXED1    0x489
#define MSR_VMX_PROCBASED2    0x48b
#define MSR_VMX_EPT_VPID_CAP  0x48c
#define MSR_VMX_TRUE_PINBASED 0x48d
#define MSR_VMX_TRUE_PROCBASED 0x48e
#define MSR_VMX_TRUE_EXIT     0x48f
#define MSR_VMX_TRUE_ENTRY    0x490

/* The raw MSR values (proc2/ept_vpid only meaningful where the CPU has them). */
struct vmx_msrs {
    uint64_t basic, pin, proc, exit, entry, misc, proc2, ept_vpid;
    uint64_t true_pin, true_proc, true_exit, true_entry;
    uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

/* Where a feature bit lives. */
enum vmx_word { W_PIN, W_PROC, W_PROC2, W_EXIT, W_ENTRY, W_EPTVPID, W_MISC, W_NWORDS };

struct vmx_caps {
    uint32_t revision;
    uint32_t vmcs_size;
    bool true_ctls;
    uint8_t vmcs_memtype;           /* 6 = write-back */
    unsigned preempt_shift;         /* timer ticks = TSC >> shift */
    /* fixed-0 = bits that must be 1, allowed-1 = bits that may be 1, per control word */
    uint32_t must1[W_NWORDS], may1[W_NWORDS];
    uint64_t ept_vpid, misc;
    uint64_t cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
};

struct vmx_feature {
    const char *name;
    enum vmx_word word;
    unsigned bit;
    bool required;                  /* the hypervisor cannot run guests without it */
};

extern const struct vmx_feature vmx_features[];
extern const unsigned vmx_nfeatures;

void vmx_decode_caps(const struct vmx_msrs *m, struct vmx_caps *c);
bool vmx_has(const struct vmx_caps *c, const struct vmx_feature *f);
/* Names of the required features this CPU lacks, space separated; returns how many. */
int vmx_missing(const struct vmx_caps *c, char *buf, size_t len);

#endif
