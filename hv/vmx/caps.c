/* Decoding of the VMX capability MSRs (Intel SDM Vol. 3, Appendix A). */
#include "vmxcaps.h"
#include "fmt.h"
#include <string.h>

const struct vmx_feature vmx_features[] = {
    { "ext-intr-exiting",   W_PIN,  0,  true  },
    { "nmi-exiting",        W_PIN,  3,  false },
    { "virtual-nmi",        W_PIN,  5,  false },
    { "preemption-timer",   W_PIN,  6,  false },     /* else the host LAPIC timer slices */
    { "posted-interrupts",  W_PIN,  7,  false },
    { "tsc-offsetting",     W_PROC, 3,  false },
    { "hlt-exiting",        W_PROC, 7,  true  },
    { "cr8-exiting",        W_PROC, 19, false },
    { "tpr-shadow",         W_PROC, 21, false },
    { "io-bitmaps",         W_PROC, 25, true  },
    { "monitor-trap-flag",  W_PROC, 27, false },
    { "msr-bitmaps",        W_PROC, 28, true  },
    { "secondary-controls", W_PROC, 31, true  },
    { "apic-access",        W_PROC2, 0, false },
    { "ept",                W_PROC2, 1, true  },
    { "rdtscp",             W_PROC2, 3, false },
    { "x2apic-virt",        W_PROC2, 4, false },
    { "vpid",               W_PROC2, 5, true  },
    { "wbinvd-exiting",     W_PROC2, 6, false },
    { "unrestricted-guest", W_PROC2, 7, true  },
    { "apic-register-virt", W_PROC2, 8, false },
    { "virtual-intr-delivery", W_PROC2, 9, false },
    { "invpcid",            W_PROC2, 12, false },
    { "vmfunc",             W_PROC2, 13, false },
    { "vmcs-shadowing",     W_PROC2, 14, false },
    { "pml",                W_PROC2, 17, false },
    { "xsaves",             W_PROC2, 20, false },
    { "save-debug-ctls",    W_EXIT, 2,  true  },
    { "host-64bit",         W_EXIT, 9,  true  },
    { "ack-intr-on-exit",   W_EXIT, 15, false },
    { "save-pat",           W_EXIT, 18, false },
    { "load-pat",           W_EXIT, 19, false },
    { "save-efer",          W_EXIT, 20, true  },
    { "load-efer",          W_EXIT, 21, true  },
    { "save-preempt-timer", W_EXIT, 22, false },
    { "load-debug-ctls",    W_ENTRY, 2, true  },
    { "guest-64bit-entry",  W_ENTRY, 9, true  },
    { "entry-load-pat",     W_ENTRY, 14, false },
    { "entry-load-efer",    W_ENTRY, 15, true  },
    { "ept-exec-only",      W_EPTVPID, 0,  false },
    { "ept-4level",         W_EPTVPID, 6,  true  },
    { "ept-wb",             W_EPTVPID, 14, true  },
    { "ept-2m",             W_EPTVPID, 16, false },
    { "ept-1g",             W_EPTVPID, 17, false },
    { "invept",             W_EPTVPID, 20, true  },
    { "ept-ad",             W_EPTVPID, 21, false },
    { "invept-single",      W_EPTVPID, 25, false },
    { "invept-all",         W_EPTVPID, 26, true  },
    { "invvpid",            W_EPTVPID, 32, true  },
    { "invvpid-addr",       W_EPTVPID, 40, false },
    { "invvpid-single",     W_EPTVPID, 41, false },
    { "invvpid-all",        W_EPTVPID, 42, false },
    { "activity-hlt",       W_MISC, 6, false },
};
const unsigned vmx_nfeatures = sizeof(vmx_features) / sizeof(vmx_features[0]);

static void split(uint64_t msr, uint32_t *must1, uint32_t *may1)
{
    *must1 = (uint32_t)msr;
    *may1 = (uint32_t)(msr >> 32);
}

void vmx_decode_caps(const struct vmx_msrs *m, struct vmx_caps *c)
{
    memset(c, 0, sizeof(*c));
    c->revision = m->basic & 0x7fffffff;
    c->vmcs_size = (m->basic >> 32) & 0x1fff;
    c->vmcs_memtype = (m->basic >> 50) & 0xf;
    c->true_ctls = (m->basic >> 55) & 1;
    /* With TRUE_* MSRs, some default-1 bits may be cleared: use those. */
    split(c->true_ctls ? m->true_pin : m->pin, &c->must1[W_PIN], &c->may1[W_PIN]);
    split(c->true_ctls ? m->true_proc : m->proc, &c->must1[W_PROC], &c->may1[W_PROC]);
    split(c->true_ctls ? m->true_exit : m->exit, &c->must1[W_EXIT], &c->may1[W_EXIT]);
    split(c->true_ctls ? m->true_entry : m->entry, &c->must1[W_ENTRY], &c->may1[W_ENTRY]);
    /* Secondary controls and EPT/VPID caps exist only with secondary controls. */
    if (c->may1[W_PROC] & (1u << 31)) {
        split(m->proc2, &c->must1[W_PROC2], &c->may1[W_PROC2]);
        if (c->may1[W_PROC2] & ((1u << 1) | (1u << 5)))
            c->ept_vpid = m->ept_vpid;
    }
    c->misc = m->misc;
    c->preempt_shift = m->misc & 0x1f;
    c->cr0_fixed0 = m->cr0_fixed0;
    c->cr0_fixed1 = m->cr0_fixed1;
    c->cr4_fixed0 = m->cr4_fixed0;
    c->cr4_fixed1 = m->cr4_fixed1;
}

bool vmx_has(const struct vmx_caps *c, const struct vmx_feature *f)
{
    switch (f->word) {
    case W_EPTVPID: return (c->ept_vpid >> f->bit) & 1;
    case W_MISC: return (c->misc >> f->bit) & 1;
    default: return (c->may1[f->word] >> f->bit) & 1;
    }
}

int vmx_missing(const struct vmx_caps *c, char *buf, size_t len)
{
    int n = 0;
    size_t used = 0;
    if (len)
        buf[0] = 0;
    for (unsigned i = 0; i < vmx_nfeatures; i++) {
        if (!vmx_features[i].required || vmx_has(c, &vmx_features[i]))
            continue;
        if (used < len)
            used += hv_snprintf(buf + used, len - used, "%s%s", n ? " " : "",
                                vmx_features[i].name);
        n++;
    }
    return n;
}
