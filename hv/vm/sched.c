/* Running the VMs placed on this CPU (each CPU runs this loop over its
 * own; place.h decides where a VM goes): round-robin over runnable vCPUs; a halted
 * vCPU wakes when its LAPIC has a deliverable interrupt; a vCPU that can
 * never wake (halted with interrupts off, or with nothing armed) ends its
 * VM. When every vCPU waits for a timer, spin until the earliest. */
#include "vm.h"
#include "vcpu.h"
#include "lifecycle.h"
#include "console.h"
#include "cpu.h"
#include "tsc.h"
#include "options.h"
#include "fmt.h"
#include "stats.h"
#include "percpu.h"
#include "asi.h"
#include "ephmap.h"
#include "conswitch.h"
#include "conkeys.h"


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

/* DR0-DR3 and DR6 are guest state like the FPU: another VM must neither
 * see a vCPU's breakpoint addresses nor inherit its hits. */
static void debugregs_switch(struct vcpu *from, struct vcpu *to)
{
    if (from) {
        __asm__ volatile("mov %%dr0, %0" : "=r"(from->dr[0]));
        __asm__ volatile("mov %%dr1, %0" : "=r"(from->dr[1]));
        __asm__ volatile("mov %%dr2, %0" : "=r"(from->dr[2]));
        __asm__ volatile("mov %%dr3, %0" : "=r"(from->dr[3]));
        __asm__ volatile("mov %%dr6, %0" : "=r"(from->dr6));
    }
    __asm__ volatile("mov %0, %%dr0" :: "r"(to->dr[0]));
    __asm__ volatile("mov %0, %%dr1" :: "r"(to->dr[1]));
    __asm__ volatile("mov %0, %%dr2" :: "r"(to->dr[2]));
    __asm__ volatile("mov %0, %%dr3" :: "r"(to->dr[3]));
    __asm__ volatile("mov %0, %%dr6" :: "r"(to->dr6));
}

void sched_cpu_init(void)
{
    vcpu_core_init();
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
    struct percpu *pc = this_cpu();
    struct vcpu *loaded = pc->loaded;       /* this CPU's: its FPU and MSR state are live */
    if (loaded == v)
        return;
    fpu_switch(loaded, v);
    debugregs_switch(loaded, v);
    for (unsigned i = 0; i < sizeof(switched_msrs) / sizeof(switched_msrs[0]); i++) {
        if (loaded)
            *msr_slot(loaded, i) = rdmsr(switched_msrs[i]);
        wrmsr(switched_msrs[i], *msr_slot(v, i));
    }
    if (arch_vcpu_load(v))
        hv_stop("sched: cannot load vCPU %u of vm %s (VMPTRLD failed)\n", v->id, v->vm->name);
    pc->loaded = v;
    pc->cur_vm = v->vm;
    pc->entry_work = &v->entry_work;
    asi_set(v->vm, v->vm->asi_on);      /* this CPU's restricted CR3 */
    arch_set_exit_space(v, asi_host_cr3(v->vm), v->vm->asi_on);
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
        if (vm->state != VM_RUNNING || vm->cpu != pc->cpu)
            continue;
        for (unsigned j = 0; j < vm->nvcpus; j++) {
            const struct vcpu *o = &vm->vcpus[j];
            if (o == self || (o->wait_sipi && o->sipi_vector < 0))
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
}

/* The VM stopped; its config's action for this kind of stop (kind: the
 * config key; NULL: the operator chose) decides whether it is gone
 * (destroy, preserve) or boots again (restart). */
static void stopped(struct vm *vm, int code, enum vm_action act, const char *kind)
{
    vm->exit_code = code;
    dev_uart_flush(vm);
    if (act == ACT_RESTART) {
        vm->state = VM_RESTART;
        if (kind)
            hv_printf("hv: vm %s restarting (%s = restart): %s\n", vm->name, kind, vm->end_reason);
        else
            hv_printf("hv: vm %s restarting: %s\n", vm->name, vm->end_reason);
        return;
    }
    vm->state = VM_DEAD;
    hv_printf("hv: vm %s ended (exit code %d): %s\n", vm->name, code, vm->end_reason);
    if (act == ACT_PRESERVE)
        hv_printf("hv: vm %s: %s = preserve: its memory stays allocated\n", vm->name, kind);
    else
        vm->ram_to_release = true;          /* destroy: the scheduler scrubs and frees it */
    ephmap_vm_lost_access(vm);
    vm_print_stats(vm);
    asi_print_exits(vm);
}

/* Carry out a stop request (lifecycle.h), here on the full space. */
static void carry_out_stop(struct vm *vm)
{
    enum vm_stop kind = vm->stop;
    vm->stop = VM_STOP_NONE;
    if (vm->state != VM_RUNNING)
        return;
    if (kind == VM_STOP_DESTROY)
        stopped(vm, -1, ACT_DESTROY, NULL);
    else if (kind == VM_STOP_RESTART)
        stopped(vm, -1, ACT_RESTART, NULL);
    else if (kind == VM_STOP_RESET)
        stopped(vm, -1, vm->cfg.on_reboot, "on_reboot");
    else if (kind == VM_STOP_CRASH || vm->stop_code < 0)
        stopped(vm, vm->stop_code, vm->cfg.on_crash, "on_crash");
    else
        stopped(vm, vm->stop_code, vm->cfg.on_poweroff, "on_poweroff");
}

/* The scheduler itself ends a VM: request, then act at once. */
static void end_now(struct vm *vm, const char *why)
{
    vm_request_stop(vm, VM_STOP_CRASH, -1, "%s", why);
    carry_out_stop(vm);
}

static void restart(struct vm *vm)
{
    char err[200];
    struct percpu *pc = this_cpu();
    if (pc->loaded && pc->loaded->vm == vm)
        pc->loaded = NULL;      /* its VMCS and FPU state start afresh */
    if (vm_reload(vm, err, sizeof(err))) {
        vm->state = VM_RUNNING;
        vm->stop = VM_STOP_NONE;
        vm->cfg.on_crash = ACT_DESTROY;     /* no endless retries */
        char why[240];
        hv_snprintf(why, sizeof(why), "restart failed: %s", err);
        end_now(vm, why);
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

/* An AP got its SIPI: a fresh VMCS in real mode at vector:0000. */
static bool start_ap(struct vcpu *v)
{
    struct guest_boot b = { .real = true, .cs = (uint16_t)(v->sipi_vector << 8), .entry = 0 };
    v->sipi_vector = -1;
    v->halted = false;
    struct percpu *pc = this_cpu();
    if (arch_vcpu_setup(v, &b)) {       /* it is this CPU's current VMCS now */
        end_now(v->vm, "cannot set up a vCPU's VMCS for its SIPI");
        return false;
    }
    if (pc->loaded == v)
        pc->loaded = NULL;              /* switch_to loads it again */
    return true;
}

/* Run one vCPU on its exit stack, keeping its statistics. */
static void run_vcpu(struct vcpu *v)
{
    struct vm *vm = v->vm;
    switch_to(v);
    set_hints(v);
    uint64_t e0 = vm_total_exits(vm), t0 = rdtsc();
    call_on_stack(v, v->exit_stack_top, run_on_exit_stack);
    v->st_ticks += rdtsc() - t0;
    v->st_exits += vm_total_exits(vm) - e0;
    v->st_cpus |= 1ull << this_cpu()->cpu;
}

/* A halted vCPU: wake it if it can take what is pending (an NMI even with
 * interrupts off) or console input came; else note when its timer is due.
 * Returns true when it should run now. */
static bool wake_check(struct vcpu *v, uint64_t *wake, bool *wait_input, bool *stuck)
{
    struct vm *vm = v->vm;
    vcpu_timers_update(v, rdtsc());
    if (v->nmi_pending || (vcpu_intr_pending(v) && v->halt_if)) {
        v->halted = false;
        return true;
    }
    bool typing = v->halt_if && conswitch_owns(&console_input, vm->id);   /* input can wake it */
    if (typing && host_serial_poll(vm)) {
        v->halted = false;
        return true;
    }
    *wait_input |= typing;          /* the idle loop watches the console too, timer or not */
    uint64_t due = dev_uart_flush_due(vm);
    if (due && due < *wake)
        *wake = due;                /* a held prompt is shown on time */
    uint64_t dl = vcpu_next_deadline(v);
    if (!v->halt_if || !dl) {
        *stuck |= !typing;          /* only another vCPU (an IPI) can wake it */
        return false;
    }
    if (dl < *wake)
        *wake = dl;
    return false;
}

void vm_run_all(void)
{
    unsigned me = this_cpu()->cpu;
    for (;;) {
        bool alive = false, ran = false, wait_input = false;
        uint64_t wake = ~0ull;
        for (unsigned i = 0; i < nvms; i++) {
            struct vm *vm = vms[i];
            if (vm->cpu != me)
                continue;                   /* another CPU's: it alone touches it */
            if (vm_stop_requested(vm))
                carry_out_stop(vm);
            if (vm->state == VM_RESTART)
                restart(vm);                /* however it stopped: in an exit or in this loop */
            if (vm->state != VM_RUNNING) {
                if (vm->ram_to_release)
                    vm_release_ram(vm);     /* here, on the full space: it needs the physmap */
                continue;
            }
            alive = true;
            if (vm->paused)
                continue;                   /* its stop requests are still carried out, above */
            dev_uart_flush_stale(vm, rdtsc());
            bool vm_ran = false, vm_waits = false, stuck = false;
            uint64_t vm_wake = ~0ull;
            for (unsigned j = 0; j < vm->nvcpus && vm->state == VM_RUNNING; j++) {
                struct vcpu *v = &vm->vcpus[j];
                if (v->sipi_vector >= 0 && !start_ap(v))
                    break;
                if (v->wait_sipi)
                    continue;
                if (v->halted && !wake_check(v, &vm_wake, &vm_waits, &stuck))
                    continue;
                run_vcpu(v);
                vm_ran = ran = true;
                if (vm_stop_requested(vm))
                    carry_out_stop(vm);     /* on the full space, before anything else runs */
            }
            if (vm->state != VM_RUNNING || vm_ran)
                continue;
            if (vm_wake != ~0ull || vm_waits) {
                if (vm_wake < wake)
                    wake = vm_wake;
                wait_input |= vm_waits;
            } else {
                /* no vCPU can run, none has a timer or input to wait for */
                const struct vcpu *v0 = &vm->vcpus[0];
                end_now(vm, stuck && vm->nvcpus == 1 ? (v0->halt_if ? "vCPU halted with no timer armed: nothing can wake it"
                                                                  : "vCPU halted with interrupts disabled: nothing can wake it")
                                                     : "every vCPU is halted or waits for a SIPI, with nothing armed to wake one");
            }
        }
        if (!alive)
            break;
        bool keys = console_input.target < 0 && me == 0;    /* the boot CPU reads debug keys */
        wait_input |= keys;
        if (keys)
            console_keys_poll();
        if (!ran && wake != ~0ull)
            while (rdtsc() < wake && !(wait_input && serial_has_input()))
                cpu_relax();
        else if (!ran && wait_input)
            while (!serial_has_input())   /* only typing can wake the console VM */
                cpu_relax();
    }
}
