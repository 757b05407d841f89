/* VT-x discovery: is VMX there, is it enabled, and what can it do. */
#include "vmx.h"
#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "asi.h"
#include "cpuident.h"
#include <string.h>

struct vmx_caps vmx_caps __asi_shared;

static void read_msrs(struct vmx_msrs *mp)
{
    struct vmx_msrs m = { 0 };
    m.basic = rdmsr(MSR_VMX_BASIC);
    m.pin = rdmsr(MSR_VMX_PINBASED);
    m.proc = rdmsr(MSR_VMX_PROCBASED);
    m.exit = rdmsr(MSR_VMX_EXIT);
    m.entry = rdmsr(MSR_VMX_ENTRY);
    m.misc = rdmsr(MSR_VMX_MISC);
    m.cr0_fixed0 = rdmsr(MSR_VMX_CR0_FIXED0);
    m.cr0_fixed1 = rdmsr(MSR_VMX_CR0_FIXED1);
    m.cr4_fixed0 = rdmsr(MSR_VMX_CR4_FIXED0);
    m.cr4_fixed1 = rdmsr(MSR_VMX_CR4_FIXED1);
    if (m.basic & (1ull << 55)) {
        m.true_pin = rdmsr(MSR_VMX_TRUE_PINBASED);
        m.true_proc = rdmsr(MSR_VMX_TRUE_PROCBASED);
        m.true_exit = rdmsr(MSR_VMX_TRUE_EXIT);
        m.true_entry = rdmsr(MSR_VMX_TRUE_ENTRY);
    }
    if (m.proc >> 63) {     /* allowed-1 of bit 31: secondary controls exist */
        m.proc2 = rdmsr(MSR_VMX_PROCBASED2);
        if (m.proc2 >> 32 & ((1u << 1) | (1u << 5)))
            m.ept_vpid = rdmsr(MSR_VMX_EPT_VPID_CAP);
    }
    *mp = m;
}

int vmx_discover(char *why, size_t whylen)
{
    char v[13];
    cpu_print_identity(v);
    struct cpuid_regs l1 = cpuid(1, 0);
    if (!(l1.ecx & (1u << 5))) {
        hv_snprintf(why, whylen,
                    "VT-x not available: CPUID.1:ECX.VMX[bit 5] = 0 on this %s CPU "
                    "(use a CPU with Intel VT-x, QEMU+KVM with -cpu host,+vmx, or Bochs with a VMX cpu model)",
                    v);
        return -1;
    }
    uint64_t fc = rdmsr(MSR_FEATURE_CONTROL);
    if (fc & 1) {
        if (!(fc & 4)) {
            hv_snprintf(why, whylen,
                        "VT-x disabled by firmware: IA32_FEATURE_CONTROL is locked (0x%llx) "
                        "without VMXON outside SMX; enable VT-x in the firmware setup",
                        (unsigned long long)fc);
            return -1;
        }
        pr_info("vmx: IA32_FEATURE_CONTROL 0x%llx (locked, VMX enabled)\n", (unsigned long long)fc);
    } else {
        wrmsr(MSR_FEATURE_CONTROL, fc | 1 | 4);
        pr_info("vmx: IA32_FEATURE_CONTROL was unlocked: enabled VMX and locked it\n");
    }
    struct vmx_msrs m;
    read_msrs(&m);
    vmx_decode_caps(&m, &vmx_caps);
    vmx_print_caps(&vmx_caps);
    char miss[256];
    if (vmx_missing(&vmx_caps, miss, sizeof(miss))) {
        hv_snprintf(why, whylen, "VT-x present but lacks required features: %s", miss);
        return -1;
    }
    pr_info("vmx: VT-x ready\n");
    return 0;
}

void vmx_print_caps(const struct vmx_caps *c)
{
    pr_info("vmx: VMCS revision 0x%x, size %u bytes, memory type %s, true controls %s, "
            "preemption timer rate TSC>>%u\n", c->revision, c->vmcs_size,
            c->vmcs_memtype == 6 ? "WB" : "UC", c->true_ctls ? "yes" : "no", c->preempt_shift);
    char line[128], item[48];
    size_t n = 0;
    for (unsigned i = 0; i < vmx_nfeatures; i++) {
        const struct vmx_feature *f = &vmx_features[i];
        int w = hv_snprintf(item, sizeof(item), " %s=%s", f->name, vmx_has(c, f) ? "yes" : "no");
        if (n + w > 96) {
            line[n] = 0;
            pr_info("vmx:%s\n", line);
            n = 0;
        }
        memcpy(line + n, item, w);
        n += w;
    }
    line[n] = 0;
    pr_info("vmx:%s\n", line);
}

/* Another CPU of the same machine: VMX usable and every capability equal to
 * the boot CPU's, since one set of VMCS controls serves all CPUs. */
int vmx_check_ap(char *why, size_t whylen)
{
    if (!(cpuid(1, 0).ecx & (1u << 5))) {
        hv_snprintf(why, whylen, "no VT-x (CPUID.1:ECX.VMX = 0), unlike the boot CPU");
        return -1;
    }
    uint64_t fc = rdmsr(MSR_FEATURE_CONTROL);
    if ((fc & 1) && !(fc & 4)) {
        hv_snprintf(why, whylen, "VT-x disabled by firmware (IA32_FEATURE_CONTROL 0x%llx)",
                    (unsigned long long)fc);
        return -1;
    }
    if (!(fc & 1))
        wrmsr(MSR_FEATURE_CONTROL, fc | 1 | 4);
    struct vmx_msrs m;
    struct vmx_caps c;
    read_msrs(&m);
    vmx_decode_caps(&m, &c);
    if (memcmp(&c, &vmx_caps, sizeof(c))) {
        hv_snprintf(why, whylen, "VMX capabilities differ from the boot CPU's (revision 0x%x vs 0x%x, "
                    "pin 0x%x vs 0x%x, proc 0x%x vs 0x%x)", c.revision, vmx_caps.revision,
                    c.may1[W_PIN], vmx_caps.may1[W_PIN], c.may1[W_PROC], vmx_caps.may1[W_PROC]);
        return -1;
    }
    return 0;
}
