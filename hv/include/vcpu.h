/* The vendor-neutral vCPU core (hv/vcpu): the run loop, event choice and
 * the handling of each exit kind, on a decoded struct vmexit. Hardware
 * access goes through vcpu_arch.h. */
#ifndef HV_VCPU_H
#define HV_VCPU_H
#include "vm.h"
#include "vmexit.h"
#include "vcpu_arch.h"

/* Run a vCPU (already loaded on this CPU) until it blocks, yields or its
 * VM is asked to stop (hv/vcpu/run.c). */
enum exit_action vcpu_run(struct vcpu *v);
extern uint64_t slice_ticks;    /* TSC ticks of a time slice (10 ms) */

/* Step over the exiting instruction (len 0: the length the exit reports). */
static inline void vcpu_skip(struct vcpu *v, unsigned len)
{
    arch_skip(v, len);
}

/* A fault for the guest, delivered at the next entry (instead of a skip). */
static inline void vcpu_inject_exception(struct vcpu *v, int vector, bool has_err, uint32_t err)
{
    v->entry_work = true;
    v->pending_exc = vector;
    v->pending_exc_has_err = has_err;
    v->pending_exc_err = err;
}

/* Events and the timer for the next entry: hv/vcpu/entry_events.h (run.c). */
bool vcpu_intr_pending(struct vcpu *v);     /* events.c */
/* All of a vCPU's timers (its LAPIC's; vCPU 0 also keeps the VM's PIT):
 * fire what is due. Inline: on every entry with work, mostly "nothing due". */
static inline void vcpu_timers_update(struct vcpu *v, uint64_t now)
{
    uint64_t dl = v->lapic.deadline;
    if (dl && now >= dl)
        lapic_timer_fire(&v->lapic, now);
    if (v->id == 0) {
        uint64_t next = v->vm->dev.pit.next;
        if (next && now >= next)
            pit_fire(v->vm, now);
    }
}
/* Frames other VMs left for this VM (netswitch.h): vCPU 0 takes them in. Called
 * where a kick lands (exit_kick, the HLT wait, the scheduler's wake-up check and
 * each vcpu_run), never on the plain exit path: senders always kick. */
static inline void vcpu_io_work(struct vcpu *v)
{
    if (v->id == 0 && net_pending[v->vm->id])
        dev_io_work(v->vm);
}
/* The VM's ASI setting changed (console key A): this CPU's restricted space and
 * the vCPU's exit space follow it. At each vcpu_run and kick, not per exit. */
void vcpu_asi_follow(struct vcpu *v);
/* The earliest deadline of those timers (timers.c). */
uint64_t vcpu_next_deadline(struct vcpu *v);
/* The slice ended: a stuck vCPU ends its VM; may another VM have the CPU? (watchdog.c) */
enum exit_action vcpu_watchdog(struct vcpu *v);
bool vcpu_should_yield(uint64_t now);
extern struct guest_features guest_features;   /* set once by vcpu_core_init */
void vcpu_core_init(void);
/* The VM's fixed CPUID answers, once its vCPU exists (exit_cpuid.c). */
void vcpu_cpuid_init(struct vcpu *v);

/* Exit handlers, one per kind (hv/vcpu/exit_*.c, hypercall.c) */
enum exit_action exit_cpuid(struct vcpu *v);
enum exit_action exit_rdmsr(struct vcpu *v);
enum exit_action exit_wrmsr(struct vcpu *v);
enum exit_action exit_io(struct vcpu *v, const struct vmexit *x);
enum exit_action exit_mmio(struct vcpu *v, const struct vmexit *x);
enum exit_action exit_hlt(struct vcpu *v);
enum exit_action exit_vmcall(struct vcpu *v);
enum exit_action exit_xsetbv(struct vcpu *v);
enum exit_action exit_cr_write(struct vcpu *v, const struct vmexit *x);

/* Guest control registers, for the few handlers that check them. */
static inline uint64_t vcpu_guest_cr0(struct vcpu *v)
{
    struct guest_paging p;
    arch_get_paging(v, &p);
    return p.cr0;
}

static inline uint64_t vcpu_guest_cr4(struct vcpu *v)
{
    struct guest_paging p;
    arch_get_paging(v, &p);
    return p.cr4;
}

/* Guest memory (hv/vcpu/guest.c): RAM of this VM only, through ephmap. */
int guest_read(struct vcpu *v, uint64_t gva, void *buf, unsigned len);
/* The instruction at linear address la: up to 15 bytes, fewer near the end
 * of a mapping (a shorter fetch may still hold it). The bytes read, 0: none. */
static inline __attribute__((always_inline)) unsigned vcpu_fetch_insn(struct vcpu *v, uint64_t la, uint8_t insn[15])
{
    unsigned n = 15;
    while (n && guest_read(v, la, insn, n))
        n = n > 8 ? n - 4 : n - 1;
    return n;
}
/* Read or write at a guest linear address; with user, the guest's user space
 * must be allowed to (a buffer that user space passed in a hypercall). */
int guest_access(struct vcpu *v, uint64_t gva, void *buf, unsigned len, bool write, bool user);
int guest_phys_read(struct vm *vm, uint64_t gpa, void *buf, unsigned len);
int guest_phys_write(struct vm *vm, uint64_t gpa, const void *buf, unsigned len);
int guest_phys_xfer_host(struct vm *vm, uint64_t gpa, uint64_t hpa, uint64_t len, bool to_guest,
                         uint64_t *maps);

#endif
