/* The VM-exit hot path: enter, exit, dispatch on the basic reason, account,
 * enter again. Reads top to bottom; the handlers live in exit_*.c. */
#include "exit.h"
#include "vmxops.h"
#include "vmx.h"
#include "console.h"
#include "cpu.h"
#include "tsc.h"
#include "percpu.h"
#include "asi.h"

uint64_t slice_ticks __asi_shared = 10000000;   /* set from the TSC rate: 10 ms */

const char *const exit_reason_names[EXIT_REASON_MAX] = {
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

static enum exit_action exit_triple_fault(struct vcpu *v)
{
    vm_reset(v->vm, "triple fault at RIP 0x%llx (guest reset its CPU)", (unsigned long long)vmread(GUEST_RIP));
    return EXIT_VM_DEAD;
}

/* A guest running VMX instructions sees no VMX: #UD, as on a CPU without it. */
static enum exit_action exit_vmx_insn(struct vcpu *v)
{
    vcpu_inject_exception(v, 6, false, 0);
    return EXIT_CONTINUE;
}

static enum exit_action exit_skip(struct vcpu *v)
{
    vcpu_skip_instruction(v);       /* INVD, WBINVD, MONITOR/MWAIT as NOP, PAUSE */
    return EXIT_CONTINUE;
}

static enum exit_action exit_ignore(struct vcpu *v)
{
    (void)v;                        /* external interrupt (host), NMI window, preemption */
    return EXIT_CONTINUE;
}

static enum exit_action exit_intr_window(struct vcpu *v)
{
    v->entry_work = true;           /* injection happens in prepare_entry_slow() */
    return EXIT_CONTINUE;
}

static enum exit_action exit_preempt(struct vcpu *v)
{
    v->entry_work = true;           /* a LAPIC timer may be due; the timer needs a new value */
    uint64_t now = rdtsc();
    if (now < v->slice_end)
        return EXIT_CONTINUE;       /* it was the LAPIC deadline, not the end of the slice */
    v->slice_end = now + slice_ticks;
    return vcpu_watchdog(v);
}

static enum exit_action exit_exception(struct vcpu *v)
{
    uint32_t info = vmread(EXIT_INTR_INFO);
    if (((info >> 8) & 7) == 2) {
        /* The host's NMI arrived in guest mode: run the host handler (it
         * counts it), whose IRET also lifts the NMI blocking the exit left. */
        __asm__ volatile("int $2" ::: "memory");
        return EXIT_CONTINUE;
    }
    vm_end(v->vm, -1, "unexpected exception exit, vector %u", info & 0xff);
    return EXIT_VM_DEAD;
}

static const exit_handler_fn handlers[EXIT_REASON_MAX] = {
    [EXIT_EXCEPTION_NMI] = exit_exception,
    [EXIT_EXTERNAL_INTR] = exit_ignore,
    [EXIT_TRIPLE_FAULT] = exit_triple_fault,
    [EXIT_INTR_WINDOW] = exit_intr_window,
    [EXIT_NMI_WINDOW] = exit_ignore,
    [EXIT_CPUID] = exit_cpuid,
    [EXIT_HLT] = exit_hlt,
    [EXIT_INVD] = exit_skip,
    [EXIT_VMCALL] = exit_vmcall,
    [EXIT_VMCLEAR] = exit_vmx_insn, [EXIT_VMLAUNCH] = exit_vmx_insn, [EXIT_VMPTRLD] = exit_vmx_insn,
    [EXIT_VMPTRST] = exit_vmx_insn, [EXIT_VMREAD] = exit_vmx_insn, [EXIT_VMRESUME] = exit_vmx_insn,
    [EXIT_VMWRITE] = exit_vmx_insn, [EXIT_VMXOFF] = exit_vmx_insn, [EXIT_VMXON] = exit_vmx_insn,
    [EXIT_INVEPT] = exit_vmx_insn, [EXIT_INVVPID] = exit_vmx_insn, [EXIT_VMFUNC] = exit_vmx_insn,
    [EXIT_GETSEC] = exit_vmx_insn,
    [EXIT_CR_ACCESS] = exit_cr,
    [EXIT_IO] = exit_io,
    [EXIT_RDMSR] = exit_rdmsr,
    [EXIT_WRMSR] = exit_wrmsr,
    [EXIT_MWAIT] = exit_skip, [EXIT_MONITOR] = exit_skip, [EXIT_PAUSE] = exit_skip,
    [EXIT_EPT_VIOLATION] = exit_ept_violation,
    [EXIT_EPT_MISCONFIG] = exit_ept_misconfig,
    [EXIT_PREEMPT_TIMER] = exit_preempt,
    [EXIT_WBINVD] = exit_skip,
    [EXIT_XSETBV] = exit_xsetbv,
};

void vcpu_skip_instruction(struct vcpu *v)
{
    (void)v;
    vmwrite(GUEST_RIP, vmread(GUEST_RIP) + vmread(EXIT_INSTR_LEN));
    /* the skipped instruction ends any STI/MOV-SS blocking */
    uint64_t intr = vmread(GUEST_INTERRUPTIBILITY);
    if (intr & 3)
        vmwrite(GUEST_INTERRUPTIBILITY, intr & ~3ull);
}

void vcpu_inject_exception(struct vcpu *v, int vector, bool has_err, uint32_t err)
{
    v->entry_work = true;
    v->pending_exc = vector;
    v->pending_exc_has_err = has_err;
    v->pending_exc_err = err;
}

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

/* Event injection and the preemption timer, when there is work: one event
 * at most, exceptions first, then the highest LAPIC vector if the guest can
 * take it, else an interrupt window. The preemption timer (saved across
 * exits) bounds the run: the time slice or the next LAPIC timer. */
static void prepare_entry_slow(struct vcpu *v, uint64_t now)
{
    uint32_t proc = vmx_ctls.word[W_PROC];
    uint32_t idt = (uint32_t)vmread(IDT_VECTORING_INFO);
    bool more = false;
    vcpu_timers_update(v, now);
    if (idt & INTR_INFO_VALID) {
        /* an event was being delivered when we exited: deliver it again */
        vmwrite(VM_ENTRY_INTR_INFO, idt & ~(1u << 12));
        if (idt & INTR_DELIVER_ERR)
            vmwrite(VM_ENTRY_EXCEPTION_ERROR, vmread(IDT_VECTORING_ERROR));
        vmwrite(VM_ENTRY_INSTR_LEN, vmread(EXIT_INSTR_LEN));
        more = true;
    } else if (v->pending_exc >= 0) {
        uint32_t info = INTR_INFO_VALID | INTR_TYPE_HW_EXC | (uint32_t)v->pending_exc;
        if (v->pending_exc_has_err) {
            info |= INTR_DELIVER_ERR;
            vmwrite(VM_ENTRY_EXCEPTION_ERROR, v->pending_exc_err);
        }
        vmwrite(VM_ENTRY_INTR_INFO, info);
        v->pending_exc = -1;
        more = true;
    } else {
        int vec = lapic_pending_vector(&v->lapic);
        if (vec >= 0) {
            bool can = (vmread(GUEST_RFLAGS) & 0x200) && !(vmread(GUEST_INTERRUPTIBILITY) & 3);
            if (can)
                lapic_ack(&v->lapic, (unsigned)vec);
            else
                proc |= PROC_INTR_WINDOW;
            if (can)
                vmwrite(VM_ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_EXT | (unsigned)vec);
            more = true;        /* more vectors may be waiting */
        }
    }
    vmwrite(PROC_BASED_CTLS, proc);
    uint64_t until = v->slice_end;
    uint64_t dl = vcpu_next_deadline(v);
    if (dl && dl < until)
        until = dl;
    uint64_t ticks = until > now ? (until - now) >> vmx_caps.preempt_shift : 0;
    vmwrite(PREEMPTION_TIMER, ticks > 0xffffffffu ? 0xffffffffu : ticks);
    /* without a saved timer value the timer must be rewritten every entry */
    v->entry_work = more || !(vmx_ctls.word[W_EXIT] & EXIT_SAVE_PREEMPT);
}

static inline void prepare_entry(struct vcpu *v, uint64_t now, unsigned basic)
{
    if (v->entry_work || !((INSN_EXITS >> basic) & 1))
        prepare_entry_slow(v, now);
}

static void entry_failed(struct vcpu *v, bool instr_fail)
{
    if (instr_fail) {
        uint32_t e = (uint32_t)vmread(VM_INSTR_ERROR);
        vm_end(v->vm, -1, "VM entry failed: VM-instruction error %u (%s)", e, vmx_instr_error_name(e));
    } else {
        uint32_t r = (uint32_t)vmread(EXIT_REASON);
        vm_end(v->vm, -1, "VM entry failed: %s, qualification %llu (guest RIP 0x%llx CR0 0x%llx CR4 0x%llx)",
               exit_reason_names[r & 0xffff] ? exit_reason_names[r & 0xffff] : "?",
               (unsigned long long)vmread(EXIT_QUALIFICATION), (unsigned long long)vmread(GUEST_RIP),
               (unsigned long long)vmread(GUEST_CR0), (unsigned long long)vmread(GUEST_CR4));
    }
}

/* Run a vCPU until it blocks, yields or its VM ends. The caller has done VMPTRLD. */
enum exit_action vcpu_run(struct vcpu *v)
{
    struct vm *vm = v->vm;
    struct percpu *pc = this_cpu();
    uint64_t t_end = rdtsc();
    unsigned basic = EXIT_PREEMPT_TIMER;
    v->entry_work = true;
    v->slice_end = t_end + slice_ticks;
    for (;;) {
        prepare_entry(v, t_end, basic);
        if (pc->asi_exited)
            asi_enter_slow();
        if (vmx_run(v)) {
            entry_failed(v, true);
            return EXIT_VM_DEAD;
        }
        uint64_t t0 = rdtsc();
        uint32_t reason = (uint32_t)vmread(EXIT_REASON);
        if (reason & (1u << 31)) {
            entry_failed(v, false);
            return EXIT_VM_DEAD;
        }
        basic = reason & 0xffff;
        if (basic >= EXIT_REASON_MAX)
            basic = EXIT_REASON_MAX - 1;    /* handled as unknown below; keeps shifts in range */
        pc->cur_exit = basic;
        enum exit_action act;
        if (handlers[basic]) {
            act = handlers[basic](v);
        } else {
            unsigned r = reason & 0xffff;
            vm_end(vm, -1, "unhandled VM exit: reason %u (%s) at RIP 0x%llx", r,
                   r < EXIT_REASON_MAX && exit_reason_names[r] ? exit_reason_names[r] : "unknown",
                   (unsigned long long)vmread(GUEST_RIP));
            act = EXIT_VM_DEAD;
        }
        t_end = rdtsc();
        vm->stats[basic].count++;
        vm->stats[basic].cycles += t_end - t0;
        vm->total_exits++;
        if (act != EXIT_CONTINUE || vm->state != VM_RUNNING)
            return vm->state != VM_RUNNING ? EXIT_VM_DEAD : act;
    }
}
