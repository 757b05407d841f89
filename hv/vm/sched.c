/* Running the VMs on this CPU: round-robin over runnable vCPUs; a halted
 * vCPU wakes when its LAPIC has a deliverable interrupt; a vCPU that can
 * never wake (halted with interrupts off, or with nothing armed) ends its
 * VM. When every vCPU waits for a timer, spin until the earliest. */
#include "vm.h"
#include "exit.h"
#include "vmxops.h"
#include "console.h"
#include "cpu.h"
#include "tsc.h"
#include "options.h"
#include <stdarg.h>
#include "fmt.h"
#include "percpu.h"
#include "asi.h"
#include "ephmap.h"

extern struct hv_options hv_opts;
static struct vcpu *loaded;

static const uint32_t switched_msrs[] = { 0xc0000102, 0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, 0xc0000103 };

static uint64_t *msr_slot(struct vcpu *v, unsigned i)
{
    uint64_t *slots[] = { &v->msr_kernel_gs, &v->msr_star, &v->msr_lstar, &v->msr_cstar, &v->msr_sfmask,
                          &v->msr_tsc_aux };
    return slots[i];
}

static bool have_xsave;

static void xsetbv0(uint64_t v)
{
    __asm__ volatile("xsetbv" :: "a"((uint32_t)v), "d"((uint32_t)(v >> 32)), "c"(0));
}

/* FPU/SSE/AVX state is guest state the hypervisor never touches (it is
 * built without SSE), so it stays live across exits and moves only when
 * another vCPU gets the CPU. */
static void fpu_switch(struct vcpu *from, struct vcpu *to)
{
    if (have_xsave) {
        /* XSAVE covers only what XCR0 enables; legacy SSE works with XCR0 = 1,
         * so x87|SSE are enabled around the save and restore, then the
         * guest's own XCR0 goes back. */
        if (from) {
            xsetbv0(from->xcr0 | 3);
            __asm__ volatile("xsave64 %0" : "=m"(from->fpu) : "a"(~0u), "d"(~0u) : "memory");
        }
        xsetbv0(to->xcr0 | 3);
        __asm__ volatile("xrstor64 %0" :: "m"(to->fpu), "a"(~0u), "d"(~0u) : "memory");
        xsetbv0(to->xcr0);
    } else {
        if (from)
            __asm__ volatile("fxsave64 %0" : "=m"(from->fpu) :: "memory");
        __asm__ volatile("fxrstor64 %0" :: "m"(to->fpu) : "memory");
    }
}

void sched_cpu_init(void)
{
    /* FXSAVE/XSAVE need these in the host's CR4 even though it uses no SSE */
    uint64_t cr4 = read_cr4() | (1u << 9) | (1u << 10);    /* OSFXSR, OSXMMEXCPT */
    have_xsave = cpuid(1, 0).ecx & (1u << 26);
    if (have_xsave)
        cr4 |= 1u << 18;                                    /* OSXSAVE */
    write_cr4(cr4);
    if (have_xsave && cpuid(0xd, 0).ecx > sizeof(((struct vcpu *)0)->fpu))
        hv_stop("sched: the CPU's XSAVE area (%u bytes) exceeds the vCPU save area\n", cpuid(0xd, 0).ecx);
}

/* Guest-context MSRs that the VMCS does not switch follow the vCPU, so does FPU state. */
static void switch_to(struct vcpu *v)
{
    if (loaded == v)
        return;
    fpu_switch(loaded, v);
    for (unsigned i = 0; i < sizeof(switched_msrs) / sizeof(switched_msrs[0]); i++) {
        if (loaded)
            *msr_slot(loaded, i) = rdmsr(switched_msrs[i]);
        wrmsr(switched_msrs[i], *msr_slot(v, i));
    }
    if (vmx_load(v))
        hv_stop("vmx: VMPTRLD failed for vm %s\n", v->vm->name);
    vmwrite(TSC_OFFSET, v->vm->tsc_offset);    /* a guest TSC write reaches each of its vCPUs here */
    loaded = v;
    struct percpu *pc = this_cpu();
    pc->cur_vm = v->vm;
    asi_set(v->vm, v->vm->asi_on);      /* HOST_CR3 and this CPU's restricted CR3 */
    v->vm->cpus_ran |= 1ull << pc->cpu;
}

/* Hints for the exit path: is any other vCPU runnable, and when is the
 * earliest timer of a halted one? */
static void set_hints(const struct vcpu *self)
{
    struct percpu *pc = this_cpu();
    pc->others_runnable = false;
    pc->foreign_deadline = ~0ull;
    for (unsigned i = 0; i < nvms; i++) {
        struct vm *vm = vms[i];
        const struct vcpu *o = &vm->vcpus[0];
        if (vm->state != VM_RUNNING || o == self)
            continue;
        if (!o->halted) {
            pc->others_runnable = true;
        } else {
            uint64_t dl = vcpu_next_deadline((struct vcpu *)o);
            if (dl && dl < pc->foreign_deadline)
                pc->foreign_deadline = dl;
        }
    }
}

void vm_print_stats(const struct vm *vm)
{
    uint64_t cyc = 0;
    for (unsigned i = 0; i < EXIT_REASON_MAX; i++)
        cyc += vm->stats[i].cycles;
    hv_printf("hv: vm %s exit statistics: %llu exits, %llu handler cycles\n", vm->name,
              (unsigned long long)vm->total_exits, (unsigned long long)cyc);
    hv_printf("hv:   %-20s %10s %12s %10s %10s\n", "exit reason", "count", "cycles", "cyc/exit", "asi_exits");
    for (unsigned i = 0; i < EXIT_REASON_MAX; i++) {
        const struct exit_stat *s = &vm->stats[i];
        if (!s->count)
            continue;
        hv_printf("hv:   %-20s %10llu %12llu %10llu %10llu\n", exit_reason_names[i] ? exit_reason_names[i] : "?",
                  (unsigned long long)s->count, (unsigned long long)s->cycles,
                  (unsigned long long)(s->cycles / s->count), (unsigned long long)s->asi_exits);
    }
}

/* The VM stopped; its config's action for this kind of stop decides
 * whether it is gone (destroy, preserve) or boots again (restart). */
static void stopped(struct vm *vm, int code, enum vm_action act, const char *kind)
{
    vm->exit_code = code;
    dev_uart_flush(vm);
    if (act == ACT_RESTART) {
        vm->state = VM_RESTART;
        hv_printf("hv: vm %s restarting (%s = restart): %s\n", vm->name, kind, vm->end_reason);
        return;
    }
    vm->state = VM_DEAD;
    hv_printf("hv: vm %s ended (exit code %d): %s\n", vm->name, code, vm->end_reason);
    if (act == ACT_PRESERVE)
        hv_printf("hv: vm %s: %s = preserve: its memory stays allocated\n", vm->name, kind);
    else
        vm->ram_to_release = true;          /* destroy: the scheduler scrubs and frees it */
    vm_print_stats(vm);
    asi_print_exits(vm);
    ephmap_vm_lost_access(vm);
}

static void vstop(struct vm *vm, int code, bool reset, const char *fmt, va_list ap)
{
    if (vm->state != VM_RUNNING)
        return;
    hv_vsnprintf(vm->end_reason, sizeof(vm->end_reason), fmt, ap);
    if (reset)
        stopped(vm, -1, vm->cfg.on_reboot, "on_reboot");
    else if (code < 0)
        stopped(vm, code, vm->cfg.on_crash, "on_crash");
    else
        stopped(vm, code, vm->cfg.on_poweroff, "on_poweroff");
}

void vm_end(struct vm *vm, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vstop(vm, code, false, fmt, ap);
    va_end(ap);
}

void vm_reset(struct vm *vm, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vstop(vm, -1, true, fmt, ap);
    va_end(ap);
}

/* Called from the preemption-timer exit: a vCPU that made no other exit for
 * the watchdog period with interrupts off is stuck for good. */
enum exit_action vcpu_watchdog(struct vcpu *v)
{
    struct vm *vm = v->vm;
    uint64_t now = rdtsc();
    uint64_t progress = vm->total_exits - vm->stats[EXIT_PREEMPT_TIMER].count;
    if (progress != v->wd_progress || (vmread(GUEST_RFLAGS) & 0x200)) {
        v->wd_progress = progress;
        v->wd_since = now;
        return vcpu_should_yield(now) ? EXIT_YIELD : EXIT_CONTINUE;
    }
    uint64_t limit = hv_opts.watchdog_ms * (tsc_hz / 1000);
    if (limit && now - v->wd_since > limit) {
        vm_end(vm, -1, "watchdog: no exit for %llu ms with interrupts disabled (endless loop at RIP 0x%llx)",
               (unsigned long long)hv_opts.watchdog_ms, (unsigned long long)vmread(GUEST_RIP));
        return EXIT_VM_DEAD;
    }
    return vcpu_should_yield(now) ? EXIT_YIELD : EXIT_CONTINUE;
}

/* Does another VM need this CPU now? (Hints the scheduler left in per-CPU data.) */
bool vcpu_should_yield(uint64_t now)
{
    struct percpu *pc = this_cpu();
    return pc->others_runnable || now >= pc->foreign_deadline;
}

static void restart(struct vm *vm)
{
    char err[200];
    if (loaded == &vm->vcpus[0])
        loaded = NULL;          /* its VMCS and FPU state start afresh */
    if (vm_reload(vm, err, sizeof(err))) {
        vm->state = VM_RUNNING;
        vm->cfg.on_crash = ACT_DESTROY;     /* no endless retries */
        vm_end(vm, -1, "restart failed: %s", err);
    }
}

/* On the vCPU's exit stack: run it, then leave its restricted space before
 * the boot stack (which no restricted space maps) is used again. */
static uint64_t run_on_exit_stack(void *arg)
{
    enum exit_action act = vcpu_run(arg);
    asi_exit(ASI_R_SCHED, 0, 0);    /* the scheduler reads every VM: full space */
    return act;
}

void vm_run_all(void)
{
    for (;;) {
        bool alive = false, ran = false, wait_input = false;
        uint64_t wake = ~0ull;
        for (unsigned i = 0; i < nvms; i++) {
            struct vm *vm = vms[i];
            if (vm->state == VM_RESTART)
                restart(vm);                /* however it stopped: in an exit or in this loop */
            if (vm->state != VM_RUNNING) {
                if (vm->ram_to_release)
                    vm_release_ram(vm);     /* here, on the full space: it needs the physmap */
                continue;
            }
            alive = true;
            struct vcpu *v = &vm->vcpus[0];
            if (v->halted) {
                uint64_t now = rdtsc();
                vcpu_timers_update(v, now);
                if (lapic_pending_vector(&v->lapic) >= 0 && v->halt_if) {
                    v->halted = false;
                } else {
                    uint64_t dl = vcpu_next_deadline(v);
                    if (v->halt_if && vm->console && host_serial_poll(vm)) {
                        v->halted = false;      /* console input woke it */
                        goto run;
                    }
                    if (v->halt_if && vm->console && !dl) {
                        wait_input = true;
                        continue;
                    }
                    if (!v->halt_if || !dl) {
                        vm_end(vm, -1, "vCPU halted %s: nothing can wake it",
                               v->halt_if ? "with no timer armed" : "with interrupts disabled");
                        continue;
                    }
                    if (dl < wake)
                        wake = dl;
                    continue;
                }
            }
        run:
            switch_to(v);
            set_hints(v);
            call_on_stack(v, v->exit_stack_top, run_on_exit_stack);
            ran = true;
        }
        if (!alive)
            break;
        if (!ran && wake != ~0ull)
            while (rdtsc() < wake && !(wait_input && (inb(0x3fd) & 1)))
                cpu_relax();
        else if (!ran && wait_input)
            while (!(inb(0x3fd) & 1))   /* only typing can wake the console VM */
                cpu_relax();
    }
}
