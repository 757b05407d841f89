/* VMX operation: per-CPU VMXON, per-vCPU VMCS. */
#ifndef HV_VMXOPS_H
#define HV_VMXOPS_H
#include <stdint.h>
#include <stddef.h>
#include "vmxctl.h"

struct vcpu;
struct vm;
extern struct vmx_ctls vmx_ctls;

struct vmexit;
/* entry.S: enter the guest; the exit reason, or this if VMLAUNCH/VMRESUME failed */
#define VMX_ENTRY_INSN_FAILED 0xffffffffu
uint32_t vmx_run(struct vcpu *v);
void vmx_cr_exit(struct vcpu *v, struct vmexit *x);   /* vmx_cr.c */
void vmx_skip(struct vcpu *v, unsigned len);
void vmx_exit_stub(void);
const char *vmx_instr_error_name(uint32_t e);

#endif
