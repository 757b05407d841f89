/* Control words from capabilities: nothing wanted is silently dropped. */
#include "vmxctl.h"
#include "fmt.h"

const struct vmx_ctl_req vmx_default_req = {
    .want = {
        [W_PIN] = PIN_EXT_INTR | PIN_NMI,
        [W_PROC] = PROC_HLT | PROC_IO_BITMAP | PROC_MSR_BITMAP | PROC_SECONDARY,
        [W_PROC2] = PROC2_EPT | PROC2_VPID | PROC2_UNRESTRICTED,
        [W_EXIT] = EXIT_SAVE_DEBUG | EXIT_HOST_64 | EXIT_ACK_INTR | EXIT_SAVE_EFER | EXIT_LOAD_EFER,
        [W_ENTRY] = ENTRY_LOAD_DEBUG | ENTRY_LOAD_EFER,
    },
    .opt = {
        [W_PIN] = PIN_VIRT_NMI | PIN_PREEMPT,     /* else slices from the host LAPIC timer */
        [W_PROC] = PROC_TSC_OFFSET,
        [W_PROC2] = PROC2_RDTSCP | PROC2_INVPCID,
        [W_EXIT] = EXIT_SAVE_PAT | EXIT_LOAD_PAT | EXIT_SAVE_PREEMPT,
        [W_ENTRY] = ENTRY_LOAD_PAT,
    },
};

static const char *bit_name(unsigned w, unsigned bit)
{
    for (unsigned i = 0; i < vmx_nfeatures; i++)
        if (vmx_features[i].word == w && vmx_features[i].bit == bit)
            return vmx_features[i].name;
    return NULL;
}

static const char *const word_names[] = { "pin", "proc", "proc2", "exit", "entry" };

int vmx_compute_ctls(const struct vmx_caps *c, const struct vmx_ctl_req *r,
                     struct vmx_ctls *out, char *missing, size_t len)
{
    int n = 0;
    size_t used = 0;
    if (len)
        missing[0] = 0;
    for (unsigned w = 0; w < W_EPTVPID; w++) {
        uint32_t may = c->may1[w];
        out->word[w] = c->must1[w] | ((r->want[w] | r->opt[w]) & may);
        uint32_t lack = r->want[w] & ~may;
        for (unsigned b = 0; b < 32; b++) {
            if (!(lack >> b & 1))
                continue;
            const char *nm = bit_name(w, b);
            if (used < len)
                used += nm ? hv_snprintf(missing + used, len - used, "%s%s", n ? " " : "", nm)
                           : hv_snprintf(missing + used, len - used, "%s%s-bit%u", n ? " " : "",
                                         word_names[w], b);
            n++;
        }
    }
    return n;
}
