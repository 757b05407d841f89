/* Exit handlers: one function per basic exit reason, one file per class. */
#ifndef HV_EXIT_H
#define HV_EXIT_H
#include "vm.h"

typedef enum exit_action (*exit_handler_fn)(struct vcpu *v);

enum exit_action exit_cpuid(struct vcpu *v);
enum exit_action exit_rdmsr(struct vcpu *v);
enum exit_action exit_wrmsr(struct vcpu *v);
enum exit_action exit_io(struct vcpu *v);
enum exit_action exit_cr(struct vcpu *v);
enum exit_action exit_hlt(struct vcpu *v);
enum exit_action exit_ept_violation(struct vcpu *v);
enum exit_action exit_ept_misconfig(struct vcpu *v);
enum exit_action exit_vmcall(struct vcpu *v);
enum exit_action exit_xsetbv(struct vcpu *v);

extern const char *const exit_reason_names[EXIT_REASON_MAX];

/* The dispatch loop for one vCPU (hv/vmx/exit.c). */
enum exit_action vcpu_run(struct vcpu *v);

#endif
