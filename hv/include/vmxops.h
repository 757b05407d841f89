/* VMX operation: per-CPU VMXON, per-vCPU VMCS. */
#ifndef HV_VMXOPS_H
#define HV_VMXOPS_H
#include <stdint.h>
#include "vmxctl.h"

struct vcpu;
struct vm;
extern struct vmx_ctls vmx_ctls;

int vmx_cpu_enable(char *why, size_t len);     /* CR4.VMXE, VMXON */
/* How a boot protocol starts the vCPU: 32-bit flat protected mode, paging
 * off, at `entry`, with these registers, selectors and GDT. */
struct guest_boot {
    uint32_t entry, eax, ebx, esi;
    uint16_t cs, ds;                /* selectors (their descriptors: flat 4 GiB) */
    uint32_t gdt_base, gdt_limit;
};
int vmx_vcpu_setup(struct vcpu *v, const struct guest_boot *b);
int vmx_load(struct vcpu *v);                  /* VMPTRLD */
int vmx_run(struct vcpu *v);                   /* entry.S */
void vmx_exit_stub(void);
const char *vmx_instr_error_name(uint32_t e);

#endif
