/* The VMX half of the exit path: enter the guest, turn the VM exit into a
 * struct vmexit for the core, and carry out what the core decided
 * (instruction skip, event injection, interrupt window, preemption timer).
 * Exits that are pure VMX mechanics (CR access, host NMIs) end here. */
#include "vcpu_arch.h"
#include "vm.h"
#include "vmcs.h"
#include "vmx.h"
#include "vmxops.h"
#include "fmt.h"

const char *const vmx_exit_names[EXIT_REASON_MAX] = {
    [EXIT_EXCEPTION_NMI] = "exception/NMI", [EXIT_EXTERNAL_INTR] = "external interrupt",
    [EXIT_TRIPLE_FAULT] = "triple fault", [EXIT_INIT] = "INIT", [EXIT_SIPI] = "SIPI",
    [EXIT_INTR_WINDOW] = "interrupt window", [EXIT_NMI_WINDOW] = "NMI window",
    [EXIT_TASK_SWITCH] = "task switch", [EXIT_CPUID] = "CPUID", [EXIT_GETSEC] = "GETSEC",
    [EXIT_HLT] = "HLT", [EXIT_INVD] = "INVD", [EXIT_INVLPG] = "INVLPG", [EXIT_RDPMC] = "RDPMC",
    [EXIT_RDTSC] = "RDTSC", [EXIT_RSM] = "RSM", [EXIT_VMCALL] = "VMCALL",
    [EXIT_VMCLEAR] = "VMCLEAR", [EXIT_VMLAUNCH] = "VMLAUNCH", [EXIT_VMPTRLD] = "VMPTRLD",
    [EXIT_VMPTRST] = "VMPTRST", [EXIT_VMREAD] = "VMREAD", [EXIT_VMRESUME] = "VMRESUME",
    [EXIT_VMWRITE] = "VMWRITE", [EXIT_VMXOFF] = "VMXOFF", [EXIT_VMXON] = "VMXON",
    [EXIT_CR_ACCESS] = "CR access", [EXIT_DR_ACCESS] = "DR access", [EXIT_IO] = "I/O",
    [EXIT_RDMSR] = "RDMSR", [EXIT_WRMSR] = "WRMSR", [EXIT_ENTRY_FAIL_GUEST] = "entry fail (guest)",
    [EXIT_ENTRY_FAIL_MSR] = "entry fail (MSR)", [EXIT_MWAIT] = "MWAIT", [EXIT_MTF] = "MTF",
    [EXIT_MONITOR] = "MONITOR", [EXIT_PAUSE] = "PAUSE", [EXIT_ENTRY_FAIL_MC] = "entry fail (MC)",
    [EXIT_TPR_BELOW] = "TPR below threshold", [EXIT_APIC_ACCESS] = "APIC access",
    [EXIT_VIRT_EOI] = "virtual EOI", [EXIT_GDTR_IDTR] = "GDTR/IDTR", [EXIT_LDTR_TR] = "LDTR/TR",
    [EXIT_EPT_VIOLATION] = "EPT violation", [EXIT_EPT_MISCONFIG] = "EPT misconfig",
    [EXIT_INVEPT] = "INVEPT", [EXIT_RDTSCP] = "RDTSCP", [EXIT_PREEMPT_TIMER] = "preemption timer",
    [EXIT_INVVPID] = "INVVPID", [EXIT_WBINVD] = "WBINVD", [EXIT_XSETBV] = "XSETBV",
    [EXIT_APIC_WRITE] = "APIC write", [EXIT_RDRAND] = "RDRAND", [EXIT_INVPCID] = "INVPCID",
    [EXIT_VMFUNC] = "VMFUNC", [EXIT_ENCLS] = "ENCLS", [EXIT_RDSEED] = "RDSEED",
    [EXIT_PML_FULL] = "PML full", [EXIT_XSAVES] = "XSAVES", [EXIT_XRSTORS] = "XRSTORS",
};

_Static_assert(EXIT_REASON_MAX <= VM_EXIT_STATS, "a statistics row per VMX exit reason");

const char *vmx_exit_name(unsigned raw)
{
    return raw < EXIT_REASON_MAX && vmx_exit_names[raw] ? vmx_exit_names[raw] : "?";
}

/* Basic reason -> kind. Zero (VMEXIT_NONE) for reasons handled here or
 * decoded below; unlisted reasons are unexpected (VMEXIT_FATAL). */
#define K(r, k) [r] = (k) + 1
static const uint8_t kinds[EXIT_REASON_MAX] = {
    K(EXIT_EXCEPTION_NMI, VMEXIT_NONE), K(EXIT_EXTERNAL_INTR, VMEXIT_NONE),
    K(EXIT_NMI_WINDOW, VMEXIT_NONE), K(EXIT_CR_ACCESS, VMEXIT_NONE),
    K(EXIT_TRIPLE_FAULT, VMEXIT_TRIPLE_FAULT), K(EXIT_INTR_WINDOW, VMEXIT_INTR_WINDOW),
    K(EXIT_CPUID, VMEXIT_CPUID), K(EXIT_HLT, VMEXIT_HLT), K(EXIT_VMCALL, VMEXIT_HYPERCALL),
    K(EXIT_IO, VMEXIT_IO), K(EXIT_RDMSR, VMEXIT_MSR_READ), K(EXIT_WRMSR, VMEXIT_MSR_WRITE),
    K(EXIT_EPT_VIOLATION, VMEXIT_MMIO), K(EXIT_PREEMPT_TIMER, VMEXIT_TIMER),
    K(EXIT_XSETBV, VMEXIT_XSETBV),
    K(EXIT_INVD, VMEXIT_SKIP), K(EXIT_WBINVD, VMEXIT_SKIP), K(EXIT_MWAIT, VMEXIT_SKIP),
    K(EXIT_MONITOR, VMEXIT_SKIP), K(EXIT_PAUSE, VMEXIT_SKIP),
    K(EXIT_VMCLEAR, VMEXIT_UD), K(EXIT_VMLAUNCH, VMEXIT_UD), K(EXIT_VMPTRLD, VMEXIT_UD),
    K(EXIT_VMPTRST, VMEXIT_UD), K(EXIT_VMREAD, VMEXIT_UD), K(EXIT_VMRESUME, VMEXIT_UD),
    K(EXIT_VMWRITE, VMEXIT_UD), K(EXIT_VMXOFF, VMEXIT_UD), K(EXIT_VMXON, VMEXIT_UD),
    K(EXIT_INVEPT, VMEXIT_UD), K(EXIT_INVVPID, VMEXIT_UD), K(EXIT_VMFUNC, VMEXIT_UD),
    K(EXIT_GETSEC, VMEXIT_UD),
};

/* Exits an instruction causes cannot interrupt event delivery: only the
 * others need IDT-vectoring info checked (and re-injected). */
#define INSN_EXITS ((1ull << EXIT_CPUID) | (1ull << EXIT_GETSEC) | (1ull << EXIT_HLT) | \
    (1ull << EXIT_INVD) | (1ull << EXIT_INVLPG) | (1ull << EXIT_RDPMC) | (1ull << EXIT_RDTSC) | \
    (1ull << EXIT_RSM) | (0x3ffull << EXIT_VMCALL) | (1ull << EXIT_CR_ACCESS) | \
    (1ull << EXIT_DR_ACCESS) | (1ull << EXIT_IO) | (1ull << EXIT_RDMSR) | (1ull << EXIT_WRMSR) | \
    (1ull << EXIT_MWAIT) | (1ull << EXIT_MONITOR) | (1ull << EXIT_PAUSE) | \
    (1ull << EXIT_GDTR_IDTR) | (1ull << EXIT_LDTR_TR) | (1ull << EXIT_INVEPT) | \
    (1ull << EXIT_RDTSCP) | (1ull << EXIT_INVVPID) | (1ull << EXIT_WBINVD) | \
    (1ull << EXIT_XSETBV) | (1ull << EXIT_RDRAND) | (1ull << EXIT_INVPCID) | \
    (1ull << EXIT_VMFUNC) | (1ull << EXIT_RDSEED))

static void fatal(struct vcpu *v, struct vmexit *x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fatal(struct vcpu *v, struct vmexit *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hv_vsnprintf(v->hw.why, sizeof(v->hw.why), fmt, ap);
    va_end(ap);
    x->kind = VMEXIT_FATAL;
}

static void entry_failed(struct vcpu *v, struct vmexit *x, bool instr_fail)
{
    x->raw_reason = EXIT_ENTRY_FAIL_GUEST;
    if (instr_fail) {
        uint32_t e = (uint32_t)vmread(VM_INSTR_ERROR);
        fatal(v, x, "VM entry failed: VM-instruction error %u (%s)", e, vmx_instr_error_name(e));
        return;
    }
    uint32_t r = (uint32_t)vmread(EXIT_REASON) & 0xffff;
    fatal(v, x, "VM entry failed: %s, qualification %llu (guest RIP 0x%llx CR0 0x%llx CR4 0x%llx)",
          vmx_exit_name(r), (unsigned long long)vmread(EXIT_QUALIFICATION),
          (unsigned long long)vmread(GUEST_RIP), (unsigned long long)vmread(GUEST_CR0),
          (unsigned long long)vmread(GUEST_CR4));
}

/* The skipped instruction also ends any STI/MOV-SS blocking. */
static void do_skip(struct vcpu *v)
{
    unsigned len = v->hw.skip == SKIP_EXITING ? (unsigned)vmread(EXIT_INSTR_LEN) : v->hw.skip;
    v->hw.skip = 0;
    vmwrite(GUEST_RIP, vmread(GUEST_RIP) + len);
    uint64_t intr = vmread(GUEST_INTERRUPTIBILITY);
    if (intr & 3)
        vmwrite(GUEST_INTERRUPTIBILITY, intr & ~3ull);
}

/* An event was being delivered when the guest exited: deliver it again. */
static void reinject(struct vcpu *v)
{
    uint32_t idt = (uint32_t)vmread(IDT_VECTORING_INFO);
    if (!(idt & INTR_INFO_VALID))
        return;
    vmwrite(VM_ENTRY_INTR_INFO, idt & ~(1u << 12));
    if (idt & INTR_DELIVER_ERR)
        vmwrite(VM_ENTRY_EXCEPTION_ERROR, vmread(IDT_VECTORING_ERROR));
    vmwrite(VM_ENTRY_INSTR_LEN, vmread(EXIT_INSTR_LEN));
    v->hw.reinject = true;
}

static void decode_rest(struct vcpu *v, struct vmexit *x, unsigned basic)
{
    switch (basic) {
    case EXIT_IO: {
        uint64_t q = vmread(EXIT_QUALIFICATION);
        x->io.size = (uint8_t)((q & 7) + 1);
        x->io.in = q & 8;
        x->io.string = q & 16;
        x->io.port = (uint16_t)(q >> 16);
        return;
    }
    case EXIT_EPT_VIOLATION:
        x->mmio.gpa = vmread(GUEST_PHYS_ADDR);
        return;
    case EXIT_EXCEPTION_NMI: {
        uint32_t info = (uint32_t)vmread(EXIT_INTR_INFO);
        if (((info >> 8) & 7) == 2) {
            /* The host's NMI arrived in guest mode: run the host handler (it
             * counts it), whose IRET also lifts the NMI blocking the exit left. */
            __asm__ volatile("int $2" ::: "memory");
            return;
        }
        fatal(v, x, "unexpected exception exit, vector %u", info & 0xff);
        return;
    }
    case EXIT_CR_ACCESS:
        vmx_cr_exit(v, x);
        return;
    case EXIT_EPT_MISCONFIG:
        fatal(v, x, "EPT misconfiguration at guest-physical 0x%llx (hypervisor bug)",
              (unsigned long long)vmread(GUEST_PHYS_ADDR));
        return;
    }
}

void vmx_vcpu_enter(struct vcpu *v, struct vmexit *x)
{
    if (v->hw.skip)
        do_skip(v);
    if (vmx_run(v)) {
        entry_failed(v, x, true);
        return;
    }
    uint32_t reason = (uint32_t)vmread(EXIT_REASON);
    if (reason & (1u << 31)) {
        entry_failed(v, x, false);
        return;
    }
    unsigned basic = reason & 0xffff;
    if (basic >= EXIT_REASON_MAX)
        basic = EXIT_REASON_MAX - 1;        /* an unknown reason: counted in the last row */
    x->raw_reason = (uint16_t)basic;
    unsigned k = kinds[basic];
    x->kind = k ? (uint8_t)(k - 1) : VMEXIT_FATAL;
    if (!((INSN_EXITS >> basic) & 1)) {
        v->entry_work = true;               /* events and timers need a look */
        reinject(v);
    }
    if (x->kind == VMEXIT_CPUID)
        return;                             /* the hot path: nothing more to decode */
    if (!k) {
        fatal(v, x, "unhandled VM exit: reason %u (%s) at RIP 0x%llx", reason & 0xffff,
              vmx_exit_name(reason & 0xffff), (unsigned long long)vmread(GUEST_RIP));
        return;
    }
    decode_rest(v, x, basic);
}

bool vmx_intr_allowed(struct vcpu *v)
{
    if (v->hw.skip)
        do_skip(v);                         /* a skipped STI;HLT no longer blocks */
    return (vmread(GUEST_RFLAGS) & 0x200) && !(vmread(GUEST_INTERRUPTIBILITY) & 3);
}

bool vmx_prepare_entry(struct vcpu *v, const struct vcpu_entry *e)
{
    uint32_t proc = vmx_ctls.word[W_PROC];
    if (v->hw.reinject) {
        v->hw.reinject = false;             /* VM_ENTRY_INTR_INFO already holds it */
    } else if (e->exc >= 0) {
        uint32_t info = INTR_INFO_VALID | INTR_TYPE_HW_EXC | (uint32_t)e->exc;
        if (e->exc_has_err) {
            info |= INTR_DELIVER_ERR;
            vmwrite(VM_ENTRY_EXCEPTION_ERROR, e->exc_err);
        }
        vmwrite(VM_ENTRY_INTR_INFO, info);
    } else if (e->intr >= 0) {
        vmwrite(VM_ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_EXT | (unsigned)e->intr);
    }
    if (e->window)
        proc |= PROC_INTR_WINDOW;
    vmwrite(PROC_BASED_CTLS, proc);
    uint64_t ticks = e->until > e->now ? (e->until - e->now) >> vmx_caps.preempt_shift : 0;
    vmwrite(PREEMPTION_TIMER, ticks > 0xffffffffu ? 0xffffffffu : ticks);
    /* without a saved timer value the timer must be rewritten every entry */
    return !(vmx_ctls.word[W_EXIT] & EXIT_SAVE_PREEMPT);
}
