/* Domains and virtual CPUs. */
#ifndef HV_VM_H
#define HV_VM_H
#include <stdint.h>
#include <stdbool.h>
#include "vmconfig.h"
#include "pt.h"
#include "vmcs.h"
#include "dev.h"
#include "vmarea.h"
#include "asi.h"

#define MAX_VMS 8
#define EXIT_STACK_SIZE 16384   /* per vCPU, below an unmapped guard page */
#define BI_NAME_MAX_VM 64

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

struct vcpu {
    struct guest_regs regs;     /* offset 0 */
    uint64_t host_rsp;          /* offset 128: HOST_RSP last written */
    uint8_t launched;           /* offset 136 */
    struct vm *vm;
    unsigned id;
    uint16_t vpid;
    uint64_t vmcs_pa;
    uint64_t exit_stack_lo, exit_stack_top;   /* its exit stack, in its VM's area (HOST_RSP) */
    /* event injection */
    int pending_exc;            /* vector or -1 */
    uint32_t pending_exc_err;
    bool pending_exc_has_err;
    bool entry_work;            /* prepare_entry must look at events and timers */
    uint64_t slice_end;         /* TSC at which this vCPU's time slice ends */
    bool halted;
    bool halt_if;               /* RFLAGS.IF when it halted */
    uint64_t wd_progress, wd_since;  /* watchdog: exits seen, since when */
    struct lapic lapic;
    uint64_t xcr0;              /* the guest's XCR0 (XSETBV), loaded with its FPU state */
    uint8_t fpu[4096] __attribute__((aligned(64)));   /* XSAVE/FXSAVE area while switched out */
    /* guest-context MSRs not in the VMCS, switched with the vCPU */
    uint64_t msr_kernel_gs, msr_star, msr_lstar, msr_cstar, msr_sfmask, msr_tsc_aux;
};

enum vm_state { VM_RUNNING, VM_DEAD, VM_RESTART };

struct io_handler {
    uint16_t base, len;
    /* in: fill *val; out: *val holds the value. size 1, 2 or 4 */
    void (*fn)(struct vcpu *v, uint16_t port, unsigned size, bool in, uint32_t *val);
};

struct mmio_handler {
    uint64_t base, len;
    void (*fn)(struct vcpu *v, uint64_t gpa, unsigned size, bool write, uint64_t *val);
};

#define MAX_IO_HANDLERS 16
#define MAX_MMIO_HANDLERS 4

struct vm {
    struct vm_area area;        /* where this struct and all VM-local state live */
    unsigned id;
    char name[32];
    struct vm_config cfg;
    enum vm_state state;
    int exit_code;              /* -1 until it ends */
    char end_reason[160];
    uint64_t mem_hpa, mem_size; /* guest RAM: GPA 0.. is host-physical mem_hpa.. */
    struct pt_ctx ept;
    uint64_t eptp;
    uint64_t io_bitmap_pa, msr_bitmap_pa;
    struct vcpu vcpus[VM_MAX_VCPUS];
    unsigned nvcpus;
    struct io_handler io[MAX_IO_HANDLERS];
    unsigned nio;
    struct mmio_handler mmio[MAX_MMIO_HANDLERS];
    unsigned nmmio;
    struct vm_devices dev;
    uint64_t tsc_offset;
    uint64_t start_tsc;
    struct exit_stat stats[EXIT_REASON_MAX];
    uint64_t total_exits;
    /* ASI */
    bool console;               /* owns console input (the first VM) */
    bool asi_on;                /* exits of this VM run on its restricted space */
    uint64_t asi_root;          /* restricted PML4 (physical) */
    uint64_t asi_exits;         /* all asi_exits while handling this VM's exits */
    uint64_t vm_switches;       /* scheduler runs (full space) after this VM's exits */
    struct asi_exit_rec asi_recs[ASI_MAX_RECS];
    unsigned nasi_recs;
    uint64_t cpus_ran;          /* CPUs that ran it: targets of a global ephmap flush */
    uint64_t probe_va;          /* test=asi-probe: a physmap address of another VM's RAM */
    uint64_t kmod_pa, kmod_len, rdmod_pa, rdmod_len;   /* boot modules, to boot again */
    char dev_err[160];          /* the first device-setup error: the VM is not created */
    bool ram_to_release;        /* destroyed: scrub and free its RAM (on the full space) */
    char rdname[BI_NAME_MAX_VM];
};

extern struct vm *vms[MAX_VMS];
extern unsigned nvms;

/* Creating, running, ending */
struct boot_info;
void vms_create_from_modules(struct boot_info *bi);
void vm_run_all(void);
/* The VM stops: code >= 0 a power-off (on_poweroff), -1 a crash the
 * hypervisor ended (on_crash). vm_reset: the guest reset its machine
 * (on_reboot). With action "restart" the VM boots again. */
__attribute__((format(printf, 3, 4)))
void vm_end(struct vm *vm, int code, const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
void vm_reset(struct vm *vm, const char *fmt, ...);
/* Boot the VM's kernel again from its modules (hv/vm/vm.c). */
int vm_reload(struct vm *vm, char *err, size_t errlen);
/* A destroyed VM's RAM: zeroed, back to the frame allocator; no GPA is RAM any more. */
void vm_release_ram(struct vm *vm);
void vm_print_stats(const struct vm *vm);
enum exit_action vcpu_watchdog(struct vcpu *v);
bool vcpu_should_yield(uint64_t now);
void sched_cpu_init(void);
extern uint64_t slice_ticks;

/* Guest access helpers (hv/vm/guest.c) */
int guest_read(struct vcpu *v, uint64_t gva, void *buf, unsigned len);
int guest_phys_read(struct vm *vm, uint64_t gpa, void *buf, unsigned len);

/* Exits */
void vcpu_inject_exception(struct vcpu *v, int vector, bool has_err, uint32_t err);
void vcpu_skip_instruction(struct vcpu *v);
/* Device setup failed (a range overlaps or does not fit): recorded, and
 * VM creation fails with that message. */
__attribute__((format(printf, 2, 3)))
void vm_device_error(struct vm *vm, const char *fmt, ...);
void vm_register_io(struct vm *vm, uint16_t base, uint16_t len,
                    void (*fn)(struct vcpu *, uint16_t, unsigned, bool, uint32_t *));
void vm_register_mmio(struct vm *vm, uint64_t base, uint64_t len,
                      void (*fn)(struct vcpu *, uint64_t, unsigned, bool, uint64_t *));

#endif
