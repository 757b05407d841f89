/* The hypercall privilege rules: one line per call, checked before any
 * argument is read. A guest's user space gets only what leaks nothing but
 * timing; switching ASI needs the VM's owner to have allowed it; acting on
 * other VMs needs the control VM. Pure. */
#include "hcpolicy.h"
#include "hypercall.h"

static const struct { uint64_t nr; enum hc_rule rule; } rules[] = {
    { HC_NOP, HC_RULE_ANY },
    { HC_CONSOLE_WRITE, HC_RULE_KERNEL },
    { HC_SHUTDOWN, HC_RULE_KERNEL },
    { HC_YIELD, HC_RULE_KERNEL },
    { HC_STATS, HC_RULE_ANY },
    { HC_ASI_SET, HC_RULE_ASI_CTL },
    { HC_TEST_PROBE, HC_RULE_TEST },
    { HC_VM_INFO, HC_RULE_CONTROL }, { HC_VM_PAUSE, HC_RULE_CONTROL }, { HC_VM_UNPAUSE, HC_RULE_CONTROL },
    { HC_VM_DESTROY, HC_RULE_CONTROL }, { HC_VM_CREATE, HC_RULE_CONTROL }, { HC_VM_RESTART, HC_RULE_CONTROL },
    { HC_CONS_READ, HC_RULE_CONTROL }, { HC_CONS_WRITE, HC_RULE_CONTROL }, { HC_VM_STATS, HC_RULE_CONTROL },
};

enum hc_rule hc_rule_of(uint64_t nr)
{
    for (unsigned i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
        if (rules[i].nr == nr)
            return rules[i].rule;
    return HC_RULE_NONE;
}

int64_t hc_check(uint64_t nr, const struct hc_caller *c)
{
    enum hc_rule r = hc_rule_of(nr);
    if (r == HC_RULE_NONE)
        return HC_ENOSYS;
    if (r == HC_RULE_ANY)
        return 0;
    if (r == HC_RULE_CONTROL)   /* Xen's privcmd is root-only: the token is what root can read */
        return !c->control ? HC_EACCES : (c->cpl == 0 || c->token_ok) ? 0 : HC_EPERM;
    if (c->cpl != 0)
        return HC_EPERM;
    if (r == HC_RULE_ASI_CTL && !c->asi_guest_control)
        return HC_EPERM;
    if (r == HC_RULE_TEST && !c->test_probe)
        return HC_ENOSYS;       /* outside its test mode the call does not exist */
    return 0;
}
