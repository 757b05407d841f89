/* Who may make which hypercall (docs/hypercalls.md): a pure rule table. */
#ifndef HV_HCPOLICY_H
#define HV_HCPOLICY_H
#include <stdint.h>
#include <stdbool.h>

enum hc_rule {
    HC_RULE_NONE,       /* no such hypercall: ENOSYS */
    HC_RULE_ANY,        /* any privilege level (user-safe: leaks nothing but timing) */
    HC_RULE_KERNEL,     /* guest CPL 0 only */
    HC_RULE_ASI_CTL,    /* CPL 0, and the VM's config says asi_guest_control = 1 */
    HC_RULE_TEST,       /* CPL 0, and the hypervisor runs the matching test mode */
    HC_RULE_CONTROL,    /* the control VM only (else EACCES): its kernel, or its user space
                           with the control token (else EPERM) */
};

struct hc_caller {
    unsigned cpl;               /* the guest's CPL at the VMCALL */
    bool asi_guest_control;     /* xl.cfg asi_guest_control = 1 */
    bool test_probe;            /* test=asi-probe */
    bool control;               /* xl.cfg control = 1 */
    bool token_ok;              /* RSI:RDI hold the control VM's token */
};

enum hc_rule hc_rule_of(uint64_t nr);
/* 0 when the call may go on, else the error to return (HC_ENOSYS, HC_EPERM,
 * HC_EACCES). */
int64_t hc_check(uint64_t nr, const struct hc_caller *c);

#endif
