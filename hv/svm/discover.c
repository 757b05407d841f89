/* AMD SVM discovery and enabling: is SVM there and not disabled by the
 * firmware (VM_CR.SVMDIS), does it have nested paging, and per CPU: EFER.SVME,
 * the host save area VMRUN writes, and the host's VMLOAD/VMSAVE state. */
#include "svm.h"
#include "vcpu_arch.h"
#include "console.h"
#include "cpu.h"
#include "fmt.h"
#include "mm.h"
#include "asi.h"
#include "percpu.h"
#include "rsbfill.h"
#include "options.h"
#include "apic.h"
#include "tsc.h"
#include "crcheck.h"
#include <string.h>

struct svm_caps svm_caps __asi_shared;

int svm_discover(char *why, size_t whylen, const char *vendor)
{
    struct cpuid_regs e0 = cpuid(0x80000000, 0);
    struct cpuid_regs e1 = e0.eax >= 0x80000001 ? cpuid(0x80000001, 0) : (struct cpuid_regs){ 0 };
    if (!(e1.ecx & (1u << 2))) {
        hv_snprintf(why, whylen,
                    "neither VT-x nor AMD SVM available: CPUID.1:ECX.VMX[bit 5] = 0 and "
                    "CPUID.80000001H:ECX.SVM[bit 2] = 0 on this %s CPU (use a CPU with VT-x or AMD-V, "
                    "QEMU with -cpu EPYC,+svm,+npt, QEMU+KVM with -cpu host,+vmx, or Bochs with a VMX cpu model)",
                    vendor);
        return -1;
    }
    if (e0.eax < 0x8000000a) {
        hv_snprintf(why, whylen, "AMD SVM: CPUID leaf 8000000AH (SVM features) missing");
        return -1;
    }
    uint64_t vmcr = rdmsr(MSR_VM_CR);
    if (vmcr & (1u << 4)) {
        hv_snprintf(why, whylen, "AMD SVM disabled by firmware: VM_CR.SVMDIS = 1 (VM_CR 0x%llx%s); "
                    "enable SVM (AMD-V) in the firmware setup", (unsigned long long)vmcr,
                    vmcr & (1u << 3) ? ", locked" : "");
        return -1;
    }
    struct cpuid_regs a = cpuid(0x8000000a, 0);
    svm_caps = (struct svm_caps){
        .revision = a.eax & 0xff, .nasid = a.ebx, .npt = a.edx & 1, .nrips = a.edx & (1u << 3),
        .vgif = a.edx & (1u << 16), .flush_by_asid = a.edx & (1u << 6),
    };
    struct cpuid_regs l1 = cpuid(1, 0), l7 = cpuid(0, 0).eax >= 7 ? cpuid(7, 0) : (struct cpuid_regs){ 0 };
    uint64_t have = 0x7ff;                          /* VME..OSXMMEXCPT: every x86-64 CPU */
    have |= (l7.ecx & (1u << 2) ? 1ull << 11 : 0) | (l7.ecx & (1u << 16) ? 1ull << 12 : 0);   /* UMIP, LA57 */
    have |= (l7.ebx & 1 ? 1ull << 16 : 0) | (l1.ecx & (1u << 17) ? 1ull << 17 : 0);          /* FSGSBASE, PCIDE */
    have |= (l1.ecx & (1u << 26) ? 1ull << 18 : 0) | (l7.ebx & (1u << 7) ? 1ull << 20 : 0);   /* OSXSAVE, SMEP */
    have |= l7.ebx & (1u << 20) ? 1ull << 21 : 0;                                              /* SMAP */
    svm_caps.cr4_allowed = CR4_GUEST_BITS & have;
    pr_info("svm: revision %u, %u ASIDs, nested paging %s, next-RIP save %s, flush by ASID %s, VGIF %s\n",
            svm_caps.revision, svm_caps.nasid, svm_caps.npt ? "yes" : "no", svm_caps.nrips ? "yes" : "no",
            svm_caps.flush_by_asid ? "yes" : "no", svm_caps.vgif ? "yes" : "no");
    if (!svm_caps.npt) {
        hv_snprintf(why, whylen, "AMD SVM without nested paging (CPUID.8000000AH:EDX.NP = 0): "
                    "guests need NPT (QEMU: -cpu EPYC,+svm,+npt)");
        return -1;
    }
    if (svm_caps.nasid < 2) {
        hv_snprintf(why, whylen, "AMD SVM with %u ASIDs: at least 2 needed", svm_caps.nasid);
        return -1;
    }
    if (!svm_caps.nrips)
        pr_info("svm: no next-RIP save: instruction lengths come from the exit kind, "
                "EXITINFO2 (I/O) and the MMIO decoder\n");
    return 0;
}

/* Another CPU: the same SVM as the boot CPU's. */
int svm_check_ap(char *why, size_t whylen)
{
    struct cpuid_regs a = cpuid(0x8000000a, 0);
    if (!(cpuid(0x80000001, 0).ecx & (1u << 2)) || (rdmsr(MSR_VM_CR) & (1u << 4)) ||
        (a.edx & 1) != svm_caps.npt || a.ebx != svm_caps.nasid) {
        hv_snprintf(why, whylen, "SVM differs from the boot CPU's (or is disabled) on this CPU");
        return -1;
    }
    return 0;
}

int svm_cpu_enable(char *why, size_t len)
{
    struct percpu *pc = this_cpu();
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
    if (!(rdmsr(MSR_EFER) & EFER_SVME)) {
        hv_snprintf(why, len, "AMD SVM: EFER.SVME did not stay set");
        return -1;
    }
    uint64_t hsave = alloc_frame_zeroed();     /* the CPU's own: only VM_HSAVE_PA names it */
    pc->svm_host_pa = alloc_frame_zeroed();
    if (!hsave || !pc->svm_host_pa) {
        hv_snprintf(why, len, "AMD SVM: out of memory for the host save areas");
        return -1;
    }
    wrmsr(MSR_VM_HSAVE_PA, hsave);
    /* the host's FS/GS/TR/LDTR and syscall MSRs, reloaded after every exit */
    __asm__ volatile("vmsave %%rax" :: "a"(pc->svm_host_pa) : "memory");
    pc->svm_asid_next = 1;
    pc->svm_asid_gen = 1;
    apic_slice_timer_init(tsc_hz);
    rsb_fill_now = (uint8_t)rsb_fill_mode(false, 0);
    if (hv_opts.rsb_fill >= 0)
        rsb_fill_now = (uint8_t)hv_opts.rsb_fill;
    if (pc->cpu)
        return 0;
    pr_info("svm: return stack buffer refill on exits to the full space and on asi_exit: %s%s\n",
            rsb_fill_name(rsb_fill_now), hv_opts.rsb_fill >= 0 ? " (rsb_fill= on the command line)" : "");
    pr_info("svm: EFER.SVME set; VMCB per vCPU, ASIDs 1-%u per CPU (a new one when a vCPU moves, "
            "all flushed when they run out); slices from the host LAPIC timer\n", svm_caps.nasid - 1);
    return 0;
}
