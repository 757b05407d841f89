/* Domains and virtual CPUs. */
#ifndef HV_VM_H
#define HV_VM_H
#include <stdint.h>
#include <stdbool.h>
#include "vmconfig.h"
#include "pt.h"
#include "dev.h"
#include "iobus.h"
#include "vmarea.h"
#include "asi.h"
#include "cpuidpolicy.h"
#include "percpu.h"
#include "spinlock.h"

#define MAX_VMS 8
_Static_assert(MAX_VMS <= VMAREA_MAX, "every VM has a prepared VM-area slot");
#define EXIT_STACK_SIZE 16384   /* per vCPU, below an unmapped guard page */
#define BI_NAME_MAX_VM 64
/* Exit statistics are kept per backend exit reason (raw_reason of struct
 * vmexit; VMX basic reasons today, which HC_STATS numbers by). */
#define VM_EXIT_STATS 72
#define VM_CONLOG 4096          /* console output kept for the control VM (a power of two) */
#define VM_CONIN 256            /* console input queued by the control VM (a power of two) */

/* Guest GPRs by x86 register number (4 = RSP lives in the VMCS). The exit
 * stub (hv/vmx/entry.S) depends on this layout and on regs being first. */
struct guest_regs {
    uint64_t rax, rcx, rdx, rbx, rsp_unused, rbp, rsi, rdi;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

struct exit_stat {
    uint64_t count, cycles, asi_exits;
};

enum exit_action { EXIT_CONTINUE, EXIT_YIELD, EXIT_BLOCK, EXIT_VM_DEAD };

struct vm;
struct virtio_net;
struct vmcb;

/* The backend's own per-vCPU state: only hv/vmx (or hv/svm) reads it. */
struct vcpu_hw {
    uint64_t host_rsp;          /* VMX: HOST_RSP last written */
    uint8_t launched;           /* VMX: VMLAUNCH done */
    uint8_t rsb_fill;           /* RSB refill on exit (enum rsb_fill): 0 when exits land on a
                                   restricted space (asi_exit refills) */
    bool reinject;              /* an interrupted event delivery is re-injected at the next entry */
    uint16_t tag;               /* VPID (VMX) / ASID (SVM) */
    uint8_t ran_on;             /* CPU + 1 it last ran on: moved, its tag is flushed there */
    uint64_t ctl_pa;            /* VMCS / VMCB */
    char why[160];              /* VMEXIT_FATAL: what went wrong, in words */
    /* SVM only */
    struct vmcb *vmcb;          /* the VMCB, in the VM's area (its exits read it) */
    uint64_t exit_cr3;          /* the CR3 its exits land on: VMRUN runs on it */
    uint32_t asid_gen;          /* the generation of this CPU's ASIDs that tag is from */
    uint8_t insn_len;           /* of the exiting instruction, where the exit kind tells it */
    uint8_t nmi_state;          /* 0: NMIs open; 1: in an NMI handler; 2: its IRET seen at iret_rip */
    uint64_t iret_rip;
};

struct vcpu {
    struct guest_regs regs;     /* offset 0 */
    struct vcpu_hw hw;          /* offset 128: the exit stub reads hw.host_rsp and hw.launched */
    struct vm *vm;
    unsigned id;
    uint64_t exit_stack_lo, exit_stack_top;   /* its exit stack, in its VM's area (HOST_RSP) */
    /* event injection */
    int pending_exc;            /* vector or -1 */
    uint32_t pending_exc_err;
    bool pending_exc_has_err;
    bool entry_work;            /* prepare_entry must look at events and timers */
    uint64_t slice_end;         /* TSC at which this vCPU's time slice ends */
    bool halted;
    bool halt_if;               /* RFLAGS.IF when it halted */
    /* multiprocessor start and NMIs (hv/dev/lapic.c: another vCPU's ICR) */
    bool wait_sipi;             /* an AP after reset or INIT: runs only once a SIPI comes */
    int sipi_vector;            /* a SIPI came: start in real mode at vector:0000 (-1: none) */
    bool nmi_pending;           /* an NMI to inject */
    bool yield_now;             /* it woke a sibling on this CPU: give up the CPU at once */
    /* where it runs (place.h) and what vCPUs on other CPUs ask of it
     * (hv/dev/lapic.c posts, its own CPU takes them: vcpu_kick) */
    unsigned cpu;               /* the CPU that runs it; its VMCS is active there only */
    volatile uint32_t req;      /* VCPU_REQ_* bits, set atomically by other CPUs */
    volatile uint8_t req_sipi;  /* the vector of a posted SIPI */
    volatile uint32_t in_run;   /* its CPU is about to run it or runs it (sched.c) */
    volatile bool held;         /* its VMCS is active on its CPU (VMCLEAR releases it) */
    volatile bool cannot_wake;  /* its CPU found it halted with nothing armed, or waiting for a SIPI */
    volatile uint32_t migrate_to;   /* CPU + 1 that asked for it (balancing), 0: none */
    uint64_t moved_at;          /* TSC of its last move: not moved again for a while */
    /* per-vCPU statistics: exits by reason (the exit path), the rest by the scheduler */
    struct exit_stat stats[VM_EXIT_STATS];
    uint64_t timer_exits;       /* slice-timer exits: not progress, for the watchdog */
    uint64_t st_ticks, st_cpus, st_migrations;
    uint64_t wd_progress, wd_since;  /* watchdog: exits seen, since when */
    struct lapic lapic;
    uint64_t xcr0;              /* the guest's XCR0 (XSETBV), loaded with its FPU state */
    uint8_t fpu[4096] __attribute__((aligned(64)));   /* XSAVE/FXSAVE area while switched out */
    /* guest-context MSRs not in the VMCS, switched with the vCPU */
    uint64_t msr_kernel_gs, msr_star, msr_lstar, msr_cstar, msr_sfmask, msr_tsc_aux;
    /* debug registers the VMCS does not hold (DR7 it does): live in the CPU
     * while the vCPU is loaded (the hypervisor uses none), switched with it */
    uint64_t dr[4], dr6;
};

enum vm_state { VM_RUNNING, VM_DEAD, VM_RESTART, VM_OFF };   /* VM_OFF: autostart = 0, not started yet */
/* Why a VM stops (hv/vm/lifecycle.c): requested by whoever sees it, carried
 * out by the scheduler on the full space; the first request wins. */
enum vm_stop { VM_STOP_NONE, VM_STOP_POWEROFF, VM_STOP_CRASH, VM_STOP_RESET,
               VM_STOP_DESTROY, VM_STOP_RESTART };   /* the last two: the operator's */

struct vm {
    struct vm_area area;        /* where this struct and all VM-local state live */
    unsigned id;
    char name[32];
    struct vm_config cfg;
    enum vm_state state;
    int exit_code;              /* -1 until it ends */
    char end_reason[160];
    enum vm_stop stop;          /* a stop was requested (lifecycle.h) */
    int stop_code;
    uint64_t mem_hpa, mem_size; /* guest RAM: GPA 0.. is host-physical mem_hpa.. */
    struct pt_ctx gpt;          /* guest-physical tables (EPT; NPT for SVM) */
    uint64_t gpt_ptr;           /* EPTP / nCR3 */
    uint64_t io_bitmap_pa, msr_bitmap_pa;   /* backend formats */
    struct vcpu vcpus[VM_MAX_VCPUS];
    unsigned nvcpus;
    struct iobus bus;           /* port and MMIO ranges of its devices */
    struct cpuid_cache cpuid;   /* fixed CPUID answers (hv/vcpu/exit_cpuid.c) */
    struct vm_devices dev;
    uint64_t tsc_offset;
    uint64_t start_tsc;
    /* ASI */
    bool asi_on;                /* exits of this VM run on its restricted space */
    uint64_t asi_roots[MAX_CPUS];   /* restricted PML4 per CPU (physical), 0 until it runs there */
    uint64_t asi_exits;         /* all asi_exits while handling this VM's exits */
    uint64_t vm_switches;       /* scheduler runs (full space) after this VM's exits */
    struct asi_exit_rec asi_recs[ASI_MAX_RECS];
    unsigned nasi_recs;
    unsigned cpu;               /* its home CPU (vCPU 0's): carries out stops, restarts, releases */
    uint64_t vcpu_cpus;         /* CPUs its vCPUs are placed on, or may move to */
    uint64_t allowed;           /* online CPUs its config allows (balancing moves vCPUs among them) */
    bool spread;                /* its vCPUs may run on several CPUs at once: devices take dev_lock */
    struct spinlock dev_lock;   /* its devices, when spread (lock order: docs/smp.md) */
    struct spinlock asi_lock;   /* its asi_exit records */
    uint32_t stop_claim;        /* the first stop request claims it (lifecycle.c) */
    bool paused;                /* the operator paused it: its vCPUs do not run */
    bool start_req;             /* the operator asked to start it (off, or ended with its memory) */
    uint64_t paused_since, paused_ticks;   /* for an uptime that stops while paused */
    uint64_t cpus_ran;          /* CPUs that ran it: targets of a global ephmap flush */
    uint64_t ephmap_remote_flushes; /* CPUs flushed by IPI when it lost access to pages */
    uint64_t ephmap_maps;       /* windows mapped onto its RAM (hypervisor copies, walks, fetches) */
    uint64_t probe_va;          /* test=asi-probe: a physmap address of another VM's RAM */
    uint64_t kmod_pa, kmod_len, rdmod_pa, rdmod_len;   /* boot modules, to boot again */
    bool ram_to_release;        /* destroyed: scrub and free its RAM (on the full space) */
    bool unassigned_seen;       /* it touched a GPA with no RAM and no device (said once) */
    char rdname[BI_NAME_MAX_VM];
    struct virtio_net *nics[VM_MAX_VIFS];   /* its network devices (vif =), in its area */
    unsigned nnics;
    /* its console as the control VM sees it (HC_CONS_READ/WRITE, hv/vm/vmctl.c):
     * output as the guest wrote it (the last VM_CONLOG bytes; head counts all),
     * and typed input queued for its UART, which its home CPU takes in */
    volatile uint64_t conlog_head;
    char conlog[VM_CONLOG];
    volatile uint32_t conin_head, conin_tail;
    uint8_t conin[VM_CONIN];
    bool is_control;            /* cfg.control, and it was accepted (one control VM) */
    struct vm *replaces;        /* built again in a destroyed VM's place: that one */
    uint8_t ctl_token[16];      /* the control VM's token (its ACPI table HVCT) */
};

extern struct vm *vms[MAX_VMS];

/* All exits so far (the rows summed: the exit path counts each exit once). */
static inline uint64_t vcpu_total_exits(const struct vcpu *v)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < VM_EXIT_STATS; i++)
        n += v->stats[i].count;
    return n;
}

static inline uint64_t vm_total_exits(const struct vm *vm)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < vm->nvcpus; i++)
        n += vcpu_total_exits(&vm->vcpus[i]);
    return n;
}

/* One statistics row of the VM: its vCPUs' rows summed. */
static inline struct exit_stat vm_exit_stat(const struct vm *vm, unsigned row)
{
    struct exit_stat s = { 0, 0, 0 };
    for (unsigned i = 0; i < vm->nvcpus; i++) {
        s.count += vm->vcpus[i].stats[row].count;
        s.cycles += vm->vcpus[i].stats[row].cycles;
        s.asi_exits += vm->vcpus[i].stats[row].asi_exits;
    }
    return s;
}

/* A spread VM's devices are one critical section (exits reach them through
 * iobus_serialize; timers and the scheduler take it here); others skip it. */
static inline void vm_dev_lock(struct vm *vm)
{
    if (vm->spread)
        spin_lock(&vm->dev_lock);
}

static inline void vm_dev_unlock(struct vm *vm)
{
    if (vm->spread)
        spin_unlock(&vm->dev_lock);
}

/* Requests one vCPU posts to another (hv/dev/lapic.c) */
#define VCPU_REQ_NMI  1u
#define VCPU_REQ_INIT 2u
#define VCPU_REQ_SIPI 4u
extern unsigned nvms;

/* Creating and running (hv/vm/vm.c, hv/vm/sched.c) */
struct boot_info;
void vms_create_from_modules(struct boot_info *bi);
void vm_run_all(void);
/* Boot the VM's kernel again from its modules (hv/vm/vm.c). */
int vm_reload(struct vm *vm, char *err, size_t errlen);
/* A destroyed VM's RAM: zeroed, back to the frame allocator; no GPA is RAM any more. */
void vm_release_ram(struct vm *vm);
/* Build a destroyed VM again from its config (a new VM in its place in
 * vms[]); on the full space, by the scheduler. 0, or -1 with err. */
int vm_rebuild(unsigned index, char *err, size_t errlen);
void sched_cpu_init(void);

#endif
