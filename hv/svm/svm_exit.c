/* The SVM half of the exit path: enter the guest, turn the #VMEXIT into a
 * struct vmexit for the core, and carry out what the core decided
 * (instruction skip, event injection, interrupt window, slice timer).
 * Statistics rows use the VMX basic-reason numbers for the same events
 * (CPUID 10, HLT 12, I/O 30, ...), so per-reason figures compare across
 * backends; SVM-only exits take the free rows from 65. */
#include "vcpu_arch.h"
#include "svm.h"
#include "vm.h"
#include "fmt.h"
#include "cpu.h"
#include "apic.h"
#include "ipi.h"
#include "percpu.h"

#define WINDOW_RETRY_TICKS 2000    /* TSC ticks: past a shadowed instruction, well inside a slice */
#define ROW_RDPRU 65
#define ROW_UD 66
#define ROW_CR 28
#define ROW_UNKNOWN (VM_EXIT_STATS - 1)

static const char *const row_names[VM_EXIT_STATS] = {
    [0] = "NMI", [1] = "physical interrupt", [2] = "shutdown", [3] = "INIT", [7] = "VINTR",
    [8] = "IRET (NMI window)", [10] = "CPUID", [11] = "SKINIT", [12] = "HLT", [13] = "INVD",
    [18] = "VMMCALL", [20] = "VMRUN", [21] = "VMLOAD", [22] = "VMSAVE", [26] = "CLGI", [27] = "STGI",
    [30] = "I/O", [31] = "RDMSR", [32] = "WRMSR", [33] = "VMRUN failed (invalid state)",
    [36] = "MWAIT", [39] = "MONITOR", [40] = "PAUSE", [48] = "nested page fault",
    [52] = "slice timer", [53] = "INVLPGA", [54] = "WBINVD", [55] = "XSETBV", [ROW_RDPRU] = "RDPRU", [ROW_UD] = "#UD (VMCALL?)", [ROW_CR] = "CR4 write",
    [ROW_UNKNOWN] = "unexpected",
};

const char *svm_exit_name(unsigned row)
{
    return row < VM_EXIT_STATS && row_names[row] ? row_names[row] : "?";
}

/* Exit codes 0x60-0x8e: statistics row, kind, the instruction's length
 * where the code fixes it (no next-RIP save on QEMU), and SLOW for exits
 * with more to do. Kind 0 with row 0 is unexpected. */
#define SLOW 0x80
#define NOT_INSN 0x40
struct xinfo { uint8_t row, kind, len, flags; };
#define X(c, r, k, l, f) [(c) - SVM_EXIT_INTR] = { (r), (k), (l), (f) }
static const struct xinfo xinfo[SVM_EXIT_RDPRU - SVM_EXIT_INTR + 1] = {
    X(SVM_EXIT_INTR, 1, VMEXIT_KICK, 0, SLOW | NOT_INSN),
    X(SVM_EXIT_NMI, 0, VMEXIT_NONE, 0, NOT_INSN),
    X(SVM_EXIT_INIT, 3, VMEXIT_NONE, 0, NOT_INSN),
    X(SVM_EXIT_VINTR, 7, VMEXIT_INTR_WINDOW, 0, SLOW | NOT_INSN),
    X(SVM_EXIT_IRET, 8, VMEXIT_NONE, 0, SLOW | NOT_INSN),
    X(SVM_EXIT_CPUID, 10, VMEXIT_CPUID, 2, 0),
    X(SVM_EXIT_INVD, 13, VMEXIT_SKIP, 2, 0),
    X(SVM_EXIT_PAUSE, 40, VMEXIT_SKIP, 2, 0),
    X(SVM_EXIT_HLT, 12, VMEXIT_HLT, 1, 0),
    X(SVM_EXIT_INVLPGA, 53, VMEXIT_UD, 0, 0),
    X(SVM_EXIT_IOIO, 30, VMEXIT_IO, 0, SLOW),
    X(SVM_EXIT_MSR, 31, VMEXIT_MSR_READ, 2, SLOW),
    X(SVM_EXIT_SHUTDOWN, 2, VMEXIT_TRIPLE_FAULT, 0, NOT_INSN),
    X(SVM_EXIT_VMRUN, 20, VMEXIT_UD, 0, 0),
    X(SVM_EXIT_VMMCALL, 18, VMEXIT_HYPERCALL, 3, 0),
    X(SVM_EXIT_VMLOAD, 21, VMEXIT_UD, 0, 0),
    X(SVM_EXIT_VMSAVE, 22, VMEXIT_UD, 0, 0),
    X(SVM_EXIT_STGI, 27, VMEXIT_UD, 0, 0),
    X(SVM_EXIT_CLGI, 26, VMEXIT_UD, 0, 0),
    X(SVM_EXIT_SKINIT, 11, VMEXIT_UD, 0, 0),
    X(SVM_EXIT_WBINVD, 54, VMEXIT_SKIP, 2, 0),
    X(SVM_EXIT_MONITOR, 39, VMEXIT_SKIP, 3, 0),
    X(SVM_EXIT_MWAIT, 36, VMEXIT_SKIP, 3, 0),
    X(SVM_EXIT_MWAIT_C, 36, VMEXIT_SKIP, 3, 0),
    X(SVM_EXIT_XSETBV, 55, VMEXIT_XSETBV, 3, 0),
    X(SVM_EXIT_RDPRU, ROW_RDPRU, VMEXIT_UD, 0, 0),
};

#define fatal(v, x, ...) vmexit_fatal((x), (v)->hw.why, sizeof((v)->hw.why), __VA_ARGS__)

/* An event was being delivered when the guest exited: deliver it again.
 * Software interrupts and INT3/INTO are not: their instruction runs again. */
static void reinject(struct vcpu *v, struct vmcb *c)
{
    uint64_t ii = c->exit_int_info;
    if (!(ii & EVT_VALID))
        return;
    unsigned type = (ii >> 8) & 7, vec = ii & 0xff;
    if (type == 4 || (type == 3 && (vec == 3 || vec == 4)))
        return;
    c->event_inj = ii;
    v->hw.reinject = true;
}

/* A physical interrupt exited the guest. It waits in the host LAPIC (GIF
 * held it): take it now (its handler EOIs). A kick, or else the slice timer. */
static void host_interrupt(struct vmexit *x)
{
    __asm__ volatile("sti; nop; cli" ::: "memory");
    if (ipi_kick_flags[this_cpu()->cpu])
        return;                     /* VMEXIT_KICK; entry_work looks at the timer too */
    x->kind = VMEXIT_TIMER;
    x->raw_reason = 52;
}

static void decode_slow(struct vcpu *v, struct vmcb *c, struct vmexit *x, uint64_t code, unsigned flags)
{
    if (flags & NOT_INSN) {
        v->entry_work = true;       /* events and timers need a look */
        reinject(v, c);
    }
    switch (code) {
    case SVM_EXIT_IOIO: {
        uint64_t q = c->exit_info1;
        x->io.in = q & 1;
        x->io.string = q & 4;
        x->io.size = (q & 0x10) ? 1 : (q & 0x20) ? 2 : 4;
        x->io.port = (uint16_t)(q >> 16);
        v->hw.insn_len = (uint8_t)(c->exit_info2 - c->rip);    /* EXITINFO2: the next RIP */
        return;
    }
    case SVM_EXIT_MSR:
        if (c->exit_info1 & 1) {
            x->kind = VMEXIT_MSR_WRITE;
            x->raw_reason = 32;
        }
        return;
    case SVM_EXIT_INTR:
        host_interrupt(x);
        return;
    case SVM_EXIT_VINTR:
        c->vintr &= ~(VINTR_IRQ | VINTR_PRIO(0xf) | VINTR_IGN_TPR);
        c->intercept1 &= ~I1_VINTR;
        return;
    case SVM_EXIT_IRET:             /* the NMI handler returns: NMIs open once RIP has moved on */
        v->hw.nmi_state = 2;
        v->hw.iret_rip = c->rip;
        c->intercept1 &= ~I1_IRET;
        return;
    }
}

/* The rarer exits: nested page faults, failed entries, unknown codes. */
static void decode_other(struct vcpu *v, struct vmcb *c, struct vmexit *x, uint64_t code)
{
    if (code == SVM_EXIT_NPF) {
        x->raw_reason = 48;
        x->kind = VMEXIT_MMIO;
        x->mmio.gpa = c->exit_info2;
        v->entry_work = true;
        reinject(v, c);
        return;
    }
    if (code == SVM_EXIT_CR0_WRITE + 4) {
        x->raw_reason = ROW_CR;
        x->kind = VMEXIT_CR_WRITE;
        x->cr.num = 4;
        return;
    }
    if (code == SVM_EXIT_EXC0 + 6) {
        x->raw_reason = ROW_UD;
        x->kind = VMEXIT_UD_FAULT;
        v->hw.insn_len = 3;         /* a VMCALL, if it is one */
        reinject(v, c);
        return;
    }
    if ((uint32_t)code == 0xffffffffu) {
        x->raw_reason = 33;
        fatal(v, x, "VMRUN failed: invalid guest state (RIP 0x%llx CR0 0x%llx CR4 0x%llx EFER 0x%llx)",
              (unsigned long long)c->rip, (unsigned long long)c->cr0, (unsigned long long)c->cr4,
              (unsigned long long)c->efer);
        return;
    }
    x->raw_reason = ROW_UNKNOWN;
    fatal(v, x, "unhandled #VMEXIT: code 0x%llx, info 0x%llx 0x%llx at RIP 0x%llx", (unsigned long long)code,
          (unsigned long long)c->exit_info1, (unsigned long long)c->exit_info2, (unsigned long long)c->rip);
}

void svm_vcpu_enter(struct vcpu *v, struct vmexit *x)
{
    struct vmcb *c = v->hw.vmcb;
    if (__builtin_expect(read_cr3() != v->hw.exit_cr3, 0))
        write_cr3(v->hw.exit_cr3);  /* VMRUN runs on the space its exit must land on */
    c->rax = v->regs.rax;
    svm_run(v, v->hw.ctl_pa, this_cpu()->svm_host_pa);
    v->regs.rax = c->rax;
    c->tlb_control = 0;
    uint64_t code = c->exit_code - SVM_EXIT_INTR;
    if (__builtin_expect(code > SVM_EXIT_RDPRU - SVM_EXIT_INTR, 0)) {
        decode_other(v, c, x, code + SVM_EXIT_INTR);
        return;
    }
    struct xinfo i = xinfo[code];
    x->raw_reason = i.row;
    x->kind = i.kind;
    v->hw.insn_len = i.len;
    if (__builtin_expect(i.flags & SLOW, 0))
        decode_slow(v, c, x, code + SVM_EXIT_INTR, i.flags);
    else if (i.flags & NOT_INSN)
        v->entry_work = true;
    else if (!i.kind && !i.row)
        decode_other(v, c, x, code + SVM_EXIT_INTR);
}

/* Step over the exiting instruction (len 0: its length from the exit). It
 * also ends an STI/MOV-SS shadow. */
void svm_skip(struct vcpu *v, unsigned len)
{
    struct vmcb *c = v->hw.vmcb;
    if (!len)
        len = svm_caps.nrips && c->next_rip > c->rip ? (unsigned)(c->next_rip - c->rip) : v->hw.insn_len;
    c->rip += len;
    c->int_state &= ~1ull;
    /* single-stepping: the CPU did not run the instruction, so it owes the
     * guest the #DB (DR6.BS) that completing it would have raised */
    if (__builtin_expect(c->rflags & (1u << 8), 0) && !v->hw.reinject) {
        c->dr6 |= 1u << 14;
        c->event_inj = EVT_VALID | EVT_EXC | 1;
        v->hw.reinject = true;
        v->entry_work = true;
    }
}

bool svm_intr_allowed(struct vcpu *v)
{
    const struct vmcb *c = v->hw.vmcb;
    return (c->rflags & 0x200) && !(c->int_state & 1);
}

/* An NMI sent through an ICR: injected unless one is being handled (SVM
 * keeps no NMI blocking the hypervisor can see: IRET is intercepted while
 * an injected NMI runs) or a shadow blocks it; then it waits. */
static void nmi_entry(struct vcpu *v, struct vmcb *c)
{
    if (v->hw.nmi_state == 2 && c->rip != v->hw.iret_rip)
        v->hw.nmi_state = 0;        /* that IRET has run */
    if (v->hw.nmi_state || (c->int_state & 1)) {
        v->pending_exc = 2;
        v->entry_work = true;
        return;
    }
    c->event_inj = EVT_VALID | EVT_NMI | 2;
    v->nmi_pending = false;
    v->hw.nmi_state = 1;
    c->intercept1 |= I1_IRET;
}

static void inject_exception(struct vmcb *c, const struct vcpu_entry *e)
{
    uint64_t ev = EVT_VALID | EVT_EXC | (uint64_t)e->exc;
    if (e->exc_has_err)
        ev |= EVT_ERR | (uint64_t)e->exc_err << 32;
    c->event_inj = ev;
    if (e->exc != 1 && e->exc != 3 && e->exc != 4)
        c->rflags |= 1ull << 16;   /* a fault pushes RF = 1 */
}

bool svm_prepare_entry(struct vcpu *v, const struct vcpu_entry *e)
{
    struct vmcb *c = v->hw.vmcb;
    if (v->hw.reinject) {
        v->hw.reinject = false;     /* EVENTINJ already holds it */
    } else if (e->exc >= 0) {
        if (e->exc == 2)
            nmi_entry(v, c);
        else
            inject_exception(c, e);
    } else if (e->intr >= 0) {
        c->event_inj = EVT_VALID | EVT_INTR | (unsigned)e->intr;
    }
    uint64_t until = e->until;
    if (e->window) {
        if (c->int_state & 1) {
            /* in an STI/MOV-SS shadow: QEMU takes the VINTR exit before the
             * shadowed instruction (an interrupt could then land between STI
             * and HLT); look again a moment later instead, or at that
             * instruction's own exit (HLT's) */
            if (until > e->now + WINDOW_RETRY_TICKS)
                until = e->now + WINDOW_RETRY_TICKS;
        } else {                    /* a virtual interrupt nobody takes: exits when IF opens */
            c->vintr |= VINTR_IRQ | VINTR_PRIO(0xf) | VINTR_IGN_TPR;
            c->intercept1 |= I1_VINTR;
        }
    }
    apic_slice_timer_arm(e->now, until);
    return false;                   /* the LAPIC timer runs on across exits */
}
