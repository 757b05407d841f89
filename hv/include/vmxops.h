/* VMX operation: per-CPU VMXON, per-vCPU VMCS. */
#ifndef HV_VMXOPS_H
#define HV_VMXOPS_H
#include <stdint.h>
#include "vmxctl.h"

struct vcpu;
struct vm;
extern struct vmx_ctls vmx_ctls;

int vmx_cpu_enable(char *why, size_t len);     /* CR4.VMXE, VMXON */
/* 32-bit flat protected mode, paging off, at entry with EAX/EBX (multiboot and PVH). */
int vmx_vcpu_setup(struct vcpu *v, uint32_t entry, uint32_t eax, uint32_t ebx);
int vmx_load(struct vcpu *v);                  /* VMPTRLD */
int vmx_run(struct vcpu *v);                   /* entry.S */
void vmx_exit_stub(void);
const char *vmx_instr_error_name(uint32_t e);

#endif
