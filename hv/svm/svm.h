/* The SVM backend's own declarations (hv/svm only). */
#ifndef HV_SVM_H
#define HV_SVM_H
#include <stdint.h>
#include <stdbool.h>
#include "vmcb.h"

struct vcpu;
struct svm_caps {
    uint32_t revision, nasid;
    bool npt, nrips, vgif, flush_by_asid;
    uint64_t cr4_allowed;           /* CR4_GUEST_BITS this CPU has */
};
extern struct svm_caps svm_caps;

/* entry.S: VMLOAD the guest's state, VMRUN, VMSAVE it, VMLOAD the host's. */
void svm_run(struct vcpu *v, uint64_t vmcb_pa, uint64_t host_pa);

#define EFER_SVME (1ull << 12)
#define MSR_VM_CR 0xc0010114
#define MSR_VM_HSAVE_PA 0xc0010117

#endif
