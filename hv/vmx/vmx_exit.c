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
#include "apic.h"

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
_Static_assert(VMEXIT_KICK < 0x20 && VMEXIT_NONE == 0, "kinds fit exit_info's low bits; plain ones are not 0");

const char *vmx_exit_name(unsigned raw)
{
    return raw < EXIT_REASON_MAX && vmx_exit_names[raw] ? vmx_exit_names[raw] : "?";
}

/* Basic reason -> kind, plus what else the exit needs: NOT_INSN (an event
 * may have been interrupted: check IDT vectoring; events need a look) and
 * DECODE (more fields to read, or handled here). Unlisted reasons (0) are
 * unexpected. One table lookup on the hot path: an entry from 1 to 0x7f is
 * a kind and nothing else to do. */
#define SLOW 0x80
#define NOT_INSN 0x40
#define DECODE 0x20
#define K(r, k, f) [r] = (uint8_t)((k) | ((f) ? SLOW | (f) : 0))
static const uint8_t exit_info[EXIT_REASON_MAX] = {
    K(EXIT_EXCEPTION_NMI, VMEXIT_NONE, NOT_INSN | DECODE),
    K(EXIT_EXTERNAL_INTR, VMEXIT_KICK, NOT_INSN | DECODE), K(EXIT_NMI_WINDOW, VMEXIT_NONE, NOT_INSN),
    K(EXIT_CR_ACCESS, VMEXIT_NONE, DECODE),
    K(EXIT_TRIPLE_FAULT, VMEXIT_TRIPLE_FAULT, NOT_INSN), K(EXIT_INTR_WINDOW, VMEXIT_INTR_WINDOW, NOT_INSN),
    K(EXIT_CPUID, VMEXIT_CPUID, 0), K(EXIT_HLT, VMEXIT_HLT, 0), K(EXIT_VMCALL, VMEXIT_HYPERCALL, 0),
    K(EXIT_IO, VMEXIT_IO, DECODE), K(EXIT_RDMSR, VMEXIT_MSR_READ, 0), K(EXIT_WRMSR, VMEXIT_MSR_WRITE, 0),
    K(EXIT_EPT_VIOLATION, VMEXIT_MMIO, NOT_INSN | DECODE), K(EXIT_PREEMPT_TIMER, VMEXIT_TIMER, NOT_INSN),
    K(EXIT_EPT_MISCONFIG, VMEXIT_FATAL, NOT_INSN | DECODE),
    K(EXIT_XSETBV, VMEXIT_XSETBV, 0),
    K(EXIT_INVD, VMEXIT_SKIP, 0), K(EXIT_WBINVD, VMEXIT_SKIP, 0), K(EXIT_MWAIT, VMEXIT_SKIP, 0),
    K(EXIT_MONITOR, VMEXIT_SKIP, 0), K(EXIT_PAUSE, VMEXIT_SKIP, 0),
    K(EXIT_VMCLEAR, VMEXIT_UD, 0), K(EXIT_VMLAUNCH, VMEXIT_UD, 0), K(EXIT_VMPTRLD, VMEXIT_UD, 0),
    K(EXIT_VMPTRST, VMEXIT_UD, 0), K(EXIT_VMREAD, VMEXIT_UD, 0), K(EXIT_VMRESUME, VMEXIT_UD, 0),
    K(EXIT_VMWRITE, VMEXIT_UD, 0), K(EXIT_VMXOFF, VMEXIT_UD, 0), K(EXIT_VMXON, VMEXIT_UD, 0),
    K(EXIT_INVEPT, VMEXIT_UD, 0), K(EXIT_INVVPID, VMEXIT_UD, 0), K(EXIT_VMFUNC, VMEXIT_UD, 0),
    K(EXIT_GETSEC, VMEXIT_UD, 0),
};

#define fatal(v, x, ...) vmexit_fatal((x), (v)->hw.why, sizeof((v)->hw.why), __VA_ARGS__)

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
    case EXIT_EXTERNAL_INTR: {
        /* acknowledged on exit: the host LAPIC has it in service */
        uint32_t vec = (uint32_t)vmread(EXIT_INTR_INFO) & 0xff;
        if (vec != APIC_SPURIOUS)
            apic_eoi();
        if (vec == APIC_IDLE_TIMER) {       /* the LAPIC slice timer (no preemption timer) */
            x->kind = VMEXIT_TIMER;
            x->raw_reason = EXIT_PREEMPT_TIMER;
        }
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

/* The rarer part of turning an exit into a record: unknown reasons, event
 * re-injection, and the exits with more to read. */
static void decode_slow(struct vcpu *v, struct vmexit *x, uint32_t reason)
{
    if (reason & (1u << 31)) {
        entry_failed(v, x, false);
        return;
    }
    unsigned basic = reason & 0xffff;
    unsigned info = basic < EXIT_REASON_MAX ? exit_info[basic] : 0;
    if (!info) {                            /* unlisted: unexpected here */
        x->raw_reason = EXIT_REASON_MAX - 1;    /* counted in the last row */
        fatal(v, x, "unhandled VM exit: reason %u (%s) at RIP 0x%llx", basic, vmx_exit_name(basic),
              (unsigned long long)vmread(GUEST_RIP));
        return;
    }
    x->raw_reason = (uint16_t)basic;
    x->kind = (uint8_t)(info & 0x1f);
    if (!(info & SLOW))
        return;
    if (info & NOT_INSN) {
        v->entry_work = true;               /* events and timers need a look */
        reinject(v);
    }
    if (info & DECODE)
        decode_rest(v, x, basic);
}

void vmx_vcpu_enter(struct vcpu *v, struct vmexit *x)
{
    uint32_t reason = vmx_run(v);
    unsigned info = reason < EXIT_REASON_MAX ? exit_info[reason] : 0;
    x->raw_reason = (uint16_t)reason;
    x->kind = (uint8_t)info;
    if (__builtin_expect((uint8_t)(info - 1) >= 0x7f, 0)) {
        if (reason == EXIT_IO) {            /* frequent: decoded here, not in decode_slow */
            x->kind = VMEXIT_IO;
            decode_rest(v, x, EXIT_IO);
        } else if (reason == VMX_ENTRY_INSN_FAILED)
            entry_failed(v, x, true);
        else
            decode_slow(v, x, reason);
    }
}

bool vmx_intr_allowed(struct vcpu *v)
{
    (void)v;
    return (vmread(GUEST_RFLAGS) & 0x200) && !(vmread(GUEST_INTERRUPTIBILITY) & 3);
}

/* An NMI sent through an ICR: injected unless the guest blocks NMIs (STI,
 * MOV SS, an NMI in progress); then it waits for the NMI window. */
static void nmi_entry(struct vcpu *v, uint32_t *proc)
{
    if (!(vmread(GUEST_INTERRUPTIBILITY) & (1u | 2u | 8u))) {
        vmwrite(VM_ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_NMI | 2u);
        v->nmi_pending = false;
        return;
    }
    v->pending_exc = 2;
    v->entry_work = true;
    if ((vmx_ctls.word[W_PIN] & PIN_VIRT_NMI) && (vmx_caps.may1[W_PROC] & PROC_NMI_WINDOW))
        *proc |= PROC_NMI_WINDOW;           /* else it is tried again at the next exit */
}

static inline void inject_exception(const struct vcpu_entry *e)
{
    uint32_t info = INTR_INFO_VALID | INTR_TYPE_HW_EXC | (uint32_t)e->exc;
    if (e->exc_has_err) {
        info |= INTR_DELIVER_ERR;
        vmwrite(VM_ENTRY_EXCEPTION_ERROR, e->exc_err);
    }
    vmwrite(VM_ENTRY_INTR_INFO, info);
    if (exception_is_fault((unsigned)e->exc))
        vmwrite(GUEST_RFLAGS, vmread(GUEST_RFLAGS) | RFLAGS_RF);
}

bool vmx_prepare_entry(struct vcpu *v, const struct vcpu_entry *e)
{
    uint32_t proc = vmx_ctls.word[W_PROC];
    if (v->hw.reinject) {
        v->hw.reinject = false;             /* VM_ENTRY_INTR_INFO already holds it */
    } else if (e->exc >= 0) {       /* NMI inside: one compare on the common path */
        if (e->exc == 2)
            nmi_entry(v, &proc);
        else
            inject_exception(e);
    } else if (e->intr >= 0) {
        vmwrite(VM_ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_EXT | (unsigned)e->intr);
    }
    if (e->window)
        proc |= PROC_INTR_WINDOW;
    vmwrite(PROC_BASED_CTLS, proc);
    if (__builtin_expect(!(vmx_ctls.word[W_PIN] & PIN_PREEMPT), 0)) {
        apic_slice_timer_arm(e->now, e->until);     /* no preemption timer: the host LAPIC's */
        return false;                               /* it runs on across exits */
    }
    uint64_t ticks = e->until > e->now ? (e->until - e->now) >> vmx_caps.preempt_shift : 0;
    vmwrite(PREEMPTION_TIMER, ticks > 0xffffffffu ? 0xffffffffu : ticks);
    /* without a saved timer value the timer must be rewritten every entry */
    return !(vmx_ctls.word[W_EXIT] & EXIT_SAVE_PREEMPT);
}
