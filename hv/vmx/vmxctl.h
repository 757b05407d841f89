/* VM-execution control words computed from the capability MSRs. Pure. */
#ifndef HV_VMXCTL_H
#define HV_VMXCTL_H
#include "vmxcaps.h"

struct vmx_ctls { uint32_t word[W_EPTVPID]; };  /* PIN, PROC, PROC2, EXIT, ENTRY */

/* What the hypervisor asks for: `want` bits it needs, `opt` bits it uses
 * when present. */
struct vmx_ctl_req { uint32_t want[W_EPTVPID], opt[W_EPTVPID]; };

extern const struct vmx_ctl_req vmx_default_req;

/* Each word = must-be-1 bits | (wanted and optional bits the CPU allows).
 * Returns the number of wanted bits the CPU lacks, named in `missing`. */
int vmx_compute_ctls(const struct vmx_caps *c, const struct vmx_ctl_req *r,
                     struct vmx_ctls *out, char *missing, size_t len);

/* bit positions used by the hypervisor */
#define PIN_EXT_INTR      (1u << 0)
#define PIN_NMI           (1u << 3)
#define PIN_VIRT_NMI      (1u << 5)
#define PIN_PREEMPT       (1u << 6)
#define PROC_INTR_WINDOW  (1u << 2)
#define PROC_TSC_OFFSET   (1u << 3)
#define PROC_HLT          (1u << 7)
#define PROC_CR3_LOAD     (1u << 15)
#define PROC_CR3_STORE    (1u << 16)
#define PROC_NMI_WINDOW   (1u << 22)
#define PROC_IO_BITMAP    (1u << 25)
#define PROC_MSR_BITMAP   (1u << 28)
#define PROC_SECONDARY    (1u << 31)
#define PROC2_EPT         (1u << 1)
#define PROC2_RDTSCP      (1u << 3)
#define PROC2_VPID        (1u << 5)
#define PROC2_UNRESTRICTED (1u << 7)
#define PROC2_INVPCID     (1u << 12)
#define PROC2_XSAVES      (1u << 20)
#define EXIT_SAVE_DEBUG   (1u << 2)     /* DR7 and DEBUGCTL saved at exit (DR7 is reset to 0x400) */
#define EXIT_HOST_64      (1u << 9)
#define EXIT_ACK_INTR     (1u << 15)
#define EXIT_SAVE_PAT     (1u << 18)
#define EXIT_LOAD_PAT     (1u << 19)
#define EXIT_SAVE_EFER    (1u << 20)
#define EXIT_LOAD_EFER    (1u << 21)
#define EXIT_SAVE_PREEMPT (1u << 22)
#define ENTRY_LOAD_DEBUG  (1u << 2)     /* and loaded at entry: the guest's breakpoints survive exits */
#define ENTRY_IA32E       (1u << 9)
#define ENTRY_LOAD_PAT    (1u << 14)
#define ENTRY_LOAD_EFER   (1u << 15)

#endif
