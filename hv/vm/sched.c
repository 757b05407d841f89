/* Running the vCPUs placed on this CPU (each CPU runs this loop over its
 * own; place.h decides where each goes): round-robin over runnable vCPUs; a
 * halted vCPU wakes when its LAPIC has a deliverable interrupt; a VM none of
 * whose vCPUs can ever wake (halted with interrupts off, or with nothing
 * armed, or waiting for a SIPI) ends. When every vCPU here waits for a
 * timer, spin until the earliest or a kick. A VM whose vCPUs run on
 * several CPUs is stopped, restarted and released by its home CPU once
 * every other CPU has let go of its vCPUs (docs/smp.md). */
#include "vm.h"
#include "virtio_net.h"
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
#include "ipi.h"
#include "place.h"
#include "cpuidpolicy.h"
#include "apic.h"


/* IA32_TSC_AUX (last) exists only with RDTSCP: without it (e.g. QEMU's
 * Westmere model) reading it raises #GP, so it is switched only when present. */
static const uint32_t switched_msrs[] = { 0xc0000102, 0xc0000081, 0xc0000082, 0xc0000083, 0xc0000084, 0xc0000103 };
static unsigned nswitched = sizeof(switched_msrs) / sizeof(switched_msrs[0]) - 1;

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
static void fpu_save(struct vcpu *from)
{
    if (have_xsave) {
        /* the live XCR0 is the guest's (the host never changes it while a
         * vCPU is loaded): read back, as QEMU's SVM does not intercept
         * XSETBV though asked to (exit_xsetbv never saw Linux enable AVX,
         * so its AVX state and XCR0 were lost at the first VM switch) */
        uint32_t lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        from->xcr0 = (uint64_t)hi << 32 | lo;
        /* XSAVE covers only what XCR0 enables; legacy SSE works with XCR0 = 1,
         * so x87|SSE are enabled around the save and restore, then the
         * guest's own XCR0 goes back. */
        xsetbv0(from->xcr0 | 3);
        __asm__ volatile("xsave64 %0" : "=m"(from->fpu) : "a"(~0u), "d"(~0u) : "memory");
    } else {
        __asm__ volatile("fxsave64 %0" : "=m"(from->fpu) :: "memory");
    }
}

static void fpu_load(struct vcpu *to)
{
    if (have_xsave) {
        xsetbv0(to->xcr0 | 3);
        __asm__ volatile("xrstor64 %0" :: "m"(to->fpu), "a"(~0u), "d"(~0u) : "memory");
        xsetbv0(to->xcr0);
    } else {
        __asm__ volatile("fxrstor64 %0" :: "m"(to->fpu) : "memory");
    }
}

/* DR0-DR3 and DR6 are guest state like the FPU: another VM must neither
 * see a vCPU's breakpoint addresses nor inherit its hits. */
static void debugregs_save(struct vcpu *from)
{
    __asm__ volatile("mov %%dr0, %0" : "=r"(from->dr[0]));
    __asm__ volatile("mov %%dr1, %0" : "=r"(from->dr[1]));
    __asm__ volatile("mov %%dr2, %0" : "=r"(from->dr[2]));
    __asm__ volatile("mov %%dr3, %0" : "=r"(from->dr[3]));
    __asm__ volatile("mov %%dr6, %0" : "=r"(from->dr6));
}

static void debugregs_load(struct vcpu *to)
{
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
    /* XSAVE writes only what XCR0 enables, and a guest's XCR0 never goes past
     * GUEST_XCR0_MASK (x87, SSE, AVX: 832 bytes); the CPU's full area
     * (CPUID.(0DH,0):ECX, 11008 bytes with AMX) does not matter. */
    unsigned need = 576;                                    /* legacy area + XSAVE header */
    for (unsigned i = 2; have_xsave && i < 64; i++)
        if (GUEST_XCR0_MASK >> i & 1) {
            struct cpuid_regs c = cpuid(0xd, i);
            if (c.ebx + c.eax > need)
                need = c.ebx + c.eax;
        }
    if (need > sizeof(((struct vcpu *)0)->fpu))
        hv_stop("sched: the XSAVE state of x87/SSE/AVX (%u bytes) exceeds the vCPU save area\n", need);
    if (cpuid(0x80000001, 0).edx & (1u << 27))              /* RDTSCP: IA32_TSC_AUX exists */
        nswitched = sizeof(switched_msrs) / sizeof(switched_msrs[0]);
}

#define NSWITCHED nswitched

/* The state of the vCPU this CPU holds (FPU, debug registers, guest MSRs
 * the VMCS does not switch) back into its struct vcpu. */
static void unload(struct percpu *pc)
{
    struct vcpu *from = pc->loaded;
    if (!from)
        return;
    fpu_save(from);
    debugregs_save(from);
    for (unsigned i = 0; i < NSWITCHED; i++)
        *msr_slot(from, i) = rdmsr(switched_msrs[i]);
    pc->loaded = NULL;
}

/* Give up v's VMCS on this CPU (VMCLEAR) and whatever state of it is live
 * here: before its VM restarts or is released by its home CPU. */
static void release(struct vcpu *v)
{
    struct percpu *pc = this_cpu();
    if (pc->loaded == v)
        unload(pc);
    if (v->held && arch_vcpu_release(v))
        hv_stop("sched: cannot release vCPU %u of vm %s (VMCLEAR failed)\n", v->id, v->vm->name);
    __atomic_store_n(&v->held, false, __ATOMIC_RELEASE);
}

/* Guest-context MSRs that the VMCS does not switch follow the vCPU, so does FPU state. */
static void switch_to(struct vcpu *v)
{
    struct percpu *pc = this_cpu();
    if (pc->loaded == v)                /* its FPU and MSR state are live here */
        return;
    unload(pc);
    fpu_load(v);
    debugregs_load(v);
    for (unsigned i = 0; i < NSWITCHED; i++)
        wrmsr(switched_msrs[i], *msr_slot(v, i));
    if (arch_vcpu_load(v))
        hv_stop("sched: cannot load vCPU %u of vm %s (VMPTRLD failed)\n", v->id, v->vm->name);
    v->held = true;
    pc->loaded = v;
    pc->cur_vm = v->vm;
    pc->entry_work = &v->entry_work;
    asi_set(v->vm, v->vm->asi_on);      /* this CPU's restricted CR3 */
    arch_set_exit_space(v, asi_host_cr3(v->vm), v->vm->asi_on);
    __atomic_fetch_or(&v->vm->cpus_ran, 1ull << pc->cpu, __ATOMIC_RELAXED);
}

static bool may_move(const struct vcpu *v, unsigned to, uint64_t now);

/* Hints for the exit path: is any other vCPU runnable (here, or waiting on a
 * busy CPU for this one to go idle and take it), and when is the
 * earliest timer of a halted one? */
static void set_hints(const struct vcpu *self)
{
    struct percpu *pc = this_cpu();
    pc->others_runnable = false;
    pc->input_waiter = false;
    pc->foreign_deadline = ~0ull;
    for (unsigned i = 0; i < nvms; i++) {
        struct vm *vm = vms[i];
        if (vm->state != VM_RUNNING || !(vm->vcpu_cpus >> pc->cpu & 1))
            continue;
        pc->input_waiter |= vm->cpu == pc->cpu && conswitch_owns(&console_input, vm->id);
        for (unsigned j = 0; j < vm->nvcpus; j++) {
            const struct vcpu *o = &vm->vcpus[j];
            if (o->cpu != pc->cpu && percpu_areas[o->cpu].nrunnable >= 2 && may_move(o, pc->cpu, rdtsc())) {
                pc->others_runnable = true;     /* it waits elsewhere: come back to take it when idle */
                continue;
            }
            if (o == self || o->cpu != pc->cpu || (o->wait_sipi && o->sipi_vector < 0))
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
    if (vm->is_control) {           /* as Xen's dom0: the machine goes down with it */
        hv_printf("hv: vm %s was the control VM: the other VMs end with it\n", vm->name);
        for (unsigned i = 0; i < nvms; i++)
            if (vms[i] != vm)
                vm_request_stop(vms[i], VM_STOP_DESTROY, -1, "the control VM %s ended", vm->name);
    }
    if (act == ACT_PRESERVE)
        hv_printf("hv: vm %s: %s = preserve: its memory stays allocated\n", vm->name, kind);
    else
        vm->ram_to_release = true;          /* destroy: the scheduler scrubs and frees it */
    ephmap_vm_lost_access(vm);
    vm_print_stats(vm);
    asi_print_exits(vm);
    virtio_print_stats(vm);
    virtio_net_print_stats(vm);
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

/* This CPU lets go of the VM's vCPUs (the other CPUs do the same). */
static void release_here(struct vm *vm)
{
    unsigned me = this_cpu()->cpu;
    for (unsigned j = 0; j < vm->nvcpus; j++)
        if (vm->vcpus[j].cpu == me)
            release(&vm->vcpus[j]);
}

/* May the home CPU carry out a stop: no other CPU runs or holds any of the
 * VM's vCPUs? (Each sets in_run before it looks at the VM's state, so one
 * that missed the stop request is seen running here.) */
static bool others_let_go(const struct vm *vm)
{
    for (unsigned j = 0; j < vm->nvcpus; j++) {
        const struct vcpu *v = &vm->vcpus[j];
        if (v->cpu != vm->cpu &&
            (__atomic_load_n(&v->in_run, __ATOMIC_SEQ_CST) || __atomic_load_n(&v->held, __ATOMIC_ACQUIRE)))
            return false;
    }
    return true;
}

static void restart(struct vm *vm)
{
    char err[200];
    release_here(vm);           /* its VMCSs and FPU state start afresh */
    unload(this_cpu());         /* building vCPU 0's VMCS makes it current here: nothing
                                   else may stay "loaded" (switch_to would skip its VMPTRLD) */
    if (vm_reload(vm, err, sizeof(err))) {
        vm->state = VM_RUNNING;
        vm->stop = VM_STOP_NONE;
        vm->stop_claim = 0;
        vm->cfg.on_crash = ACT_DESTROY;     /* no endless retries */
        char why[240];
        hv_snprintf(why, sizeof(why), "restart failed: %s", err);
        end_now(vm, why);
    }
}

/* Build a destroyed VM again from its config (the operator's start): a new
 * VM in its place; the old one's state stays where it was, unused. */
static void rebuild(unsigned i)
{
    char err[200];
    struct vm *old = vms[i];
    unload(this_cpu());         /* building the new vCPU 0 makes its VMCS current here */
    if (vm_rebuild(i, err, sizeof(err)))
        hv_printf("hv: vm %s (%s): cannot build it again: %s\n", old->name, old->cfg.file, err);
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
    unload(pc);                         /* whoever was loaded: its VMCS stops being current */
    if (arch_vcpu_setup(v, &b)) {       /* it is this CPU's current VMCS now */
        vm_request_stop(v->vm, VM_STOP_CRASH, -1, "cannot set up a vCPU's VMCS for its SIPI");
        return false;
    }
    v->held = true;                     /* switch_to loads its FPU state and VMPTRLDs it again */
    return true;
}

/* Run one vCPU on its exit stack, keeping its statistics; false when its
 * VM turned out to be stopping (in_run first, then the look: others_let_go). */
static bool run_vcpu(struct vcpu *v)
{
    struct vm *vm = v->vm;
    __atomic_store_n(&v->in_run, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&vm->state, __ATOMIC_ACQUIRE) != VM_RUNNING || vm_stop_requested(vm) || vm->paused) {
        __atomic_store_n(&v->in_run, 0, __ATOMIC_RELEASE);
        return false;
    }
    switch_to(v);
    set_hints(v);
    uint64_t t0 = rdtsc();
    call_on_stack(v, v->exit_stack_top, run_on_exit_stack);
    v->st_ticks += rdtsc() - t0;
    v->st_cpus |= 1ull << this_cpu()->cpu;
    __atomic_store_n(&v->in_run, 0, __ATOMIC_RELEASE);
    return true;
}

/* A halted vCPU: wake it if it can take what is pending (an NMI even with
 * interrupts off) or console input came; else note when its timer is due.
 * Returns true when it should run now; *stuck: only another vCPU can wake it. */
static bool wake_check(struct vcpu *v, uint64_t *wake, bool *wait_input, bool *stuck)
{
    struct vm *vm = v->vm;
    vcpu_timers_update(v, rdtsc());
    vcpu_io_work(v);
    if (v->nmi_pending || (vcpu_intr_pending(v) && v->halt_if)) {
        v->halted = false;
        return true;
    }
    bool typing = v->halt_if && conswitch_owns(&console_input, vm->id);   /* input can wake it */
    if (typing) {
        vm_dev_lock(vm);
        bool got = host_serial_poll(vm);
        vm_dev_unlock(vm);
        if (got) {
            v->halted = false;
            return true;
        }
    }
    *wait_input |= typing;          /* the idle loop watches the console too, timer or not */
    uint64_t due = dev_uart_flush_due(vm);
    if (due && due < *wake)
        *wake = due;                /* a held prompt is shown on time */
    uint64_t dl = vcpu_next_deadline(v);
    if (!v->halt_if || !dl) {
        *stuck = !typing;
        return false;
    }
    if (dl < *wake)
        *wake = dl;
    return false;
}

/* vCPUs of the VM on other CPUs that can wake by themselves, or have
 * something posted (their CPUs publish cannot_wake; posts are read here). */
static bool others_may_wake(struct vm *vm)
{
    for (unsigned j = 0; j < vm->nvcpus; j++) {
        struct vcpu *v = &vm->vcpus[j];
        if (v->cpu != vm->cpu &&
            (!v->cannot_wake || v->req || v->nmi_pending || v->sipi_vector >= 0 || vcpu_intr_pending(v)))
            return true;
    }
    return false;
}

/* Balancing (place.h decides): an idle CPU asks for a runnable vCPU that
 * waits on a busier CPU; that CPU hands it over between two runs of it:
 * its state saved and its VMCS cleared there (VMCLEAR before the VMPTRLD
 * here, as the SDM asks), then its CPU changes and the new one is kicked.
 * A vCPU that moved stays put for a while. */
#define MOVE_HOLD_MS 20

static bool may_move(const struct vcpu *v, unsigned to, uint64_t now)
{
    const struct vm *vm = v->vm;
    return vm->state == VM_RUNNING && !vm->paused && !vm_stop_requested(vm) && (vm->allowed >> to & 1) &&
           v->cpu != to && !v->halted && !v->wait_sipi && v->sipi_vector < 0 && !v->migrate_to &&
           !v->in_run && now - v->moved_at > MOVE_HOLD_MS * (tsc_hz / 1000);
}

static void try_steal(unsigned me)
{
    uint64_t now = rdtsc(), from = 0;
    for (unsigned i = 0; i < nvms; i++)
        for (unsigned j = 0; j < vms[i]->nvcpus; j++)
            if (may_move(&vms[i]->vcpus[j], me, now))
                from |= 1ull << vms[i]->vcpus[j].cpu;
    if (!from)
        return;
    unsigned runnable[MAX_CPUS];
    for (unsigned c = 0; c < MAX_CPUS; c++)
        runnable[c] = c == me ? 0 : percpu_areas[c].nrunnable;
    int c = sched_steal_from(me, from, cpus_online, runnable, MAX_CPUS);
    if (c < 0)
        return;
    for (unsigned i = 0; i < nvms; i++)
        for (unsigned j = 0; j < vms[i]->nvcpus; j++) {
            struct vcpu *v = &vms[i]->vcpus[j];
            uint32_t none = 0;
            if (v->cpu == (unsigned)c && may_move(v, me, now) &&
                __atomic_compare_exchange_n(&v->migrate_to, &none, me + 1, false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
                ipi_kick((unsigned)c);
                return;
            }
        }
}

/* On its current CPU, between two runs: give v to the CPU that asked. */
static void hand_over(struct vcpu *v)
{
    unsigned to = v->migrate_to - 1;
    release(v);                         /* state saved, VMCS clear: loadable elsewhere */
    v->st_migrations++;
    v->moved_at = rdtsc();
    __atomic_store_n(&v->migrate_to, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&v->cpu, to, __ATOMIC_RELEASE);
    ipi_kick(to);
}

/* The vCPUs of vm placed on this CPU, once round; *nrun counts the runnable. */
static void run_vm_here(struct vm *vm, unsigned me, bool *ran, uint64_t *wake, bool *wait_input, unsigned *nrun)
{
    bool vm_ran = false, vm_waits = false, any_stuck = false;
    uint64_t vm_wake = ~0ull;
    for (unsigned j = 0; j < vm->nvcpus && vm->state == VM_RUNNING && !vm_stop_requested(vm); j++) {
        struct vcpu *v = &vm->vcpus[j];
        if (v->cpu != me)
            continue;
        if (v->migrate_to) {
            hand_over(v);
            continue;
        }
        if (v->req)
            lapic_take_requests(v);     /* INIT, SIPI, NMI from vCPUs elsewhere */
        if (v->sipi_vector >= 0 && !start_ap(v))
            break;
        bool stuck = false;
        if (v->wait_sipi || (v->halted && !wake_check(v, &vm_wake, &vm_waits, &stuck))) {
            v->cannot_wake = v->wait_sipi || stuck;
            any_stuck |= stuck;
            continue;
        }
        v->cannot_wake = false;
        (*nrun)++;
        if (run_vcpu(v))
            vm_ran = *ran = true;
    }
    if (vm->state != VM_RUNNING || vm_ran || vm_stop_requested(vm))
        return;
    if (vm_wake != ~0ull || vm_waits) {
        if (vm_wake < *wake)
            *wake = vm_wake;
        *wait_input |= vm_waits;
        return;
    }
    /* no vCPU here can run, none has a timer or input to wait for */
    if (vm->cpu != me || others_may_wake(vm))
        return;                     /* the home CPU decides, for the whole VM */
    const struct vcpu *v0 = &vm->vcpus[0];
    vm_request_stop(vm, VM_STOP_CRASH, -1, "%s",
                    any_stuck && vm->nvcpus == 1 ? (v0->halt_if ? "vCPU halted with no timer armed: nothing can wake it"
                                                                : "vCPU halted with interrupts disabled: nothing can wake it")
                                                 : "every vCPU is halted or waits for a SIPI, with nothing armed to wake one");
}

/* Nothing to run here until `wake` (TSC), a kick or typed input: halt with
 * interrupts on, the LAPIC timer armed for the deadline (a kick IPI or the
 * timer wakes the CPU; their handlers only EOI). Typed input has no
 * interrupt: while it may wake a VM, the CPU looks every millisecond.
 * Without a TSC-deadline timer, spin polling the kick flag instead. */
static void idle_wait(unsigned me, uint64_t wake, bool wait_input)
{
    volatile uint8_t *kicked = &ipi_kick_flags[me];
    if (!apic_idle_timer(0)) {
        kicked = ipi_poll_begin(me);    /* kicks set the flag only */
        while (rdtsc() < wake && !*kicked && !(wait_input && serial_has_input()))
            cpu_relax();
        ipi_poll_end(me);
        return;
    }
    for (;;) {
        uint64_t now = rdtsc(), until = wake;
        if (now >= wake || *kicked || (wait_input && serial_has_input()))
            break;
        if (wait_input && until - now > tsc_hz / 1000)
            until = now + tsc_hz / 1000;
        apic_idle_timer(until);
        __asm__ volatile("sti; hlt; cli" ::: "memory");     /* STI's shadow covers the HLT */
    }
    apic_idle_timer(0);
}

void vm_run_all(void)
{
    struct percpu *pc = this_cpu();
    unsigned me = pc->cpu;
    for (;;) {
        bool alive = false, ran = false, wait_input = false, busy = false;
        unsigned nrun = 0;
        uint64_t wake = ~0ull;
        for (unsigned i = 0; i < nvms; i++) {
            struct vm *vm = vms[i];
            if (!(vm->vcpu_cpus >> me & 1))
                continue;                   /* other CPUs': they alone run them */
            bool home = vm->cpu == me;
            if (vm_stop_requested(vm) || vm->state != VM_RUNNING)
                release_here(vm);           /* let the home CPU carry it out */
            if (home && vm_stop_requested(vm)) {
                if (others_let_go(vm))
                    carry_out_stop(vm);     /* on the full space, before anything else runs */
                else
                    busy = true;            /* their CPUs were kicked: no idle wait here */
            }
            if (home && vm->start_req && !vm->ram_to_release) {
                vm->start_req = false;      /* the operator's start (vmctl_start) */
                if (vm->state == VM_OFF || (vm->state == VM_DEAD && vm->mem_size)) {
                    hv_printf("hv: vm %s starting\n", vm->name);
                    vm->state = VM_RESTART;
                } else if (vm->state == VM_DEAD) {
                    rebuild(i);             /* destroyed: a new VM from its config takes its place */
                    continue;
                }
            }
            if (home && vm->state == VM_RESTART)
                restart(vm);                /* however it stopped: in an exit or in this loop */
            if (vm->state == VM_OFF)
                continue;                   /* not started: keeps no CPU looping */
            if (vm->state == VM_DEAD) {
                if (home && vm->ram_to_release)
                    vm_release_ram(vm);     /* here, on the full space: it needs the physmap */
                continue;
            }
            alive = true;
            if (vm->state != VM_RUNNING || vm_stop_requested(vm) || vm->paused)
                continue;                   /* its stop requests are still carried out, above */
            bool queued = vm->conin_head != vm->conin_tail;     /* the control VM typed for it */
            if (home && (vm->dev.com1.len || queued || (conswitch_owns(&console_input, vm->id) && serial_has_input()))) {
                vm_dev_lock(vm);
                dev_uart_flush_stale(vm, rdtsc());
                host_serial_poll(vm);       /* its typed input, whether its vCPUs halt or not */
                if (queued)
                    dev_uart_take_queued(vm);
                vm_dev_unlock(vm);
            }
            run_vm_here(vm, me, &ran, &wake, &wait_input, &nrun);
        }
        pc->nrunnable = nrun;
        if (!alive)
            break;
        bool keys = me == 0 && console_keys_pending();     /* the boot CPU reads debug keys */
        wait_input |= keys;
        if (keys)
            console_keys_poll();
        if (ran || busy)
            continue;
        if (cpus_online != 1)
            try_steal(me);              /* idle: take a waiting vCPU from a busy CPU */
        /* nothing ran: wait for the earliest timer, console input or a kick
         * (every post to a vCPU here kicks; the cap is only a backstop) */
        uint64_t cap = rdtsc() + tsc_hz / 100;
        if (wake > cap)
            wake = cap;
        idle_wait(me, wake, wait_input);
        ipi_kicked();                   /* seen: the next round looks at what was posted */
        ipi_news_for_others(me, 0);
    }
}
