/* Address Space Isolation: each VM's exits run on a restricted address space
 * (one root per VM and CPU) that maps hypervisor text/rodata, the ASI-shared
 * data (IDT, read-mostly globals), that VM's own area (its vCPUs' exit
 * stacks included) and that CPU's private slot (its struct percpu and
 * ephmap windows). See docs/asi.md. */
#ifndef HV_ASI_H
#define HV_ASI_H
#include <stdint.h>
#include <stdbool.h>

#define __asi_shared __attribute__((section(".asi_shared")))

/* Address classes, for asi_exit reasons and the audit. */
enum asi_class {
    ASI_CLS_TEXT, ASI_CLS_RODATA, ASI_CLS_SHARED, ASI_CLS_OWN_VM, ASI_CLS_EPHMAP,
    ASI_CLS_SENSITIVE_DATA,     /* hypervisor .data/.bss outside the shared section */
    ASI_CLS_PHYSMAP, ASI_CLS_OTHER_VM, ASI_CLS_GUEST_MEM, ASI_CLS_UNKNOWN,
    ASI_CLS_OWN_STACK,          /* the exit stack of one of this VM's vCPUs */
    ASI_CLS_OTHER_STACK,        /* another VM's exit stack: its residue */
    ASI_CLS_HV_STACK,           /* the boot/scheduler stack: every VM's residue */
    ASI_CLS_OWN_CPU,            /* this CPU's private area (percpu.h) */
    ASI_CLS_OTHER_CPU,          /* another CPU's private area */
    ASI_CLS_LAPIC,              /* the host xAPIC's registers, at their private-slot address */
    ASI_NCLASSES
};
extern const char *const asi_class_names[ASI_NCLASSES];

/* Explicit reasons for asi_exit() where code knows it needs sensitive data. */
enum asi_reason { ASI_R_PAGEFAULT, ASI_R_SCHED, ASI_R_EPHMAP_FULL,
                  ASI_R_CONTROL };      /* a control VM's hypercall acts on other VMs */

struct vm;
struct vcpu;

struct asi_exit_rec {          /* one row of a VM's asi_exit reason table */
    uint64_t rip;               /* function start (symbol) of the faulting code */
    uint32_t count;
    uint8_t cls, reason;
};
#define ASI_MAX_RECS 16

bool asi_available(void);
extern bool asi_pcid;                           /* restricted spaces have PCIDs (with INVPCID) */
void asi_init(void);                            /* after mm_init: shared image subtree, ephmap, PCIDs */
void asi_cpu_init(uint64_t full_root);          /* another CPU, on its own full space: PCIDs as the boot CPU */
void asi_vm_create(struct vm *vm);              /* the VM's restricted space */
/* ASI on or off for the VM whose vCPU this CPU runs; its vCPUs then need
 * asi_host_cr3(vm) as their exit address space (arch_set_exit_space). */
void asi_set(struct vm *vm, bool on);
/* The VMs with restricted spaces (asi_vm_create registers each). */
void asi_register_vm(const struct vm *vm);
void asi_replace_vm(const struct vm *old, const struct vm *vm);     /* a destroyed VM built again */
unsigned asi_vm_count(void);
const struct vm *asi_vm_at(unsigned i);
/* Leave the restricted space (counted): explicit form. */
void asi_exit(enum asi_reason r, uint64_t rip, uint64_t addr);
/* Before VM entry: back to the restricted space, with the configured flush. */
void asi_enter_slow(void);
/* The #PF hook: true when the fault was an asi_exit (retry the access). */
bool asi_handle_fault(uint64_t rip, uint64_t addr);
enum asi_class asi_classify(const struct vm *vm, uint64_t va);
void asi_print_exits(const struct vm *vm);
/* Walk every VM's restricted tables and prove nothing sensitive is mapped. */
int asi_audit(void);
/* test=asi-residue: search what each restricted space maps for other VMs' secrets. */
int asi_residue_scan(void);
uint64_t asi_host_cr3(const struct vm *vm);      /* on this CPU */
uint64_t asi_vm_root(struct vm *vm, unsigned cpu);
/* test=asi-probe: read another VM's RAM from this exit; prints what happened. */
int asi_probe(struct vm *vm);

#endif
