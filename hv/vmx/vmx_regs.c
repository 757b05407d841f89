/* Guest register and MSR access for the core (vcpu_arch.h), on the
 * current VMCS. */
#include "vcpu_arch.h"
#include "vm.h"
#include "vmcs.h"
#include "vmx.h"
#include "vmxops.h"
#include "rsbfill.h"
#include "cpu.h"

/* Step over the exiting instruction (len 0: the length the exit reports).
 * It also ends any STI/MOV-SS blocking. */
void vmx_skip(struct vcpu *v, unsigned len)
{
    (void)v;
    if (!len)
        len = (unsigned)vmread(EXIT_INSTR_LEN);
    vmwrite(GUEST_RIP, vmread(GUEST_RIP) + len);
    /* single-stepping: the CPU did not run the instruction, so it owes the
     * guest the #DB (DR6.BS) that completing it would have raised */
    if (vmread(GUEST_RFLAGS) & RFLAGS_TF)
        vmwrite(GUEST_PENDING_DBG, vmread(GUEST_PENDING_DBG) | PENDING_DBG_BS);
    uint64_t intr = vmread(GUEST_INTERRUPTIBILITY);
    if (intr & 3)
        vmwrite(GUEST_INTERRUPTIBILITY, intr & ~3ull);
}

uint64_t vmx_get_rip(struct vcpu *v) { (void)v; return vmread(GUEST_RIP); }
void vmx_set_rip(struct vcpu *v, uint64_t rip) { (void)v; vmwrite(GUEST_RIP, rip); }
uint64_t vmx_get_rsp(struct vcpu *v) { (void)v; return vmread(GUEST_RSP); }
void vmx_set_rsp(struct vcpu *v, uint64_t rsp) { (void)v; vmwrite(GUEST_RSP, rsp); }
uint64_t vmx_get_rflags(struct vcpu *v) { (void)v; return vmread(GUEST_RFLAGS); }
uint64_t vmx_cs_base(struct vcpu *v) { (void)v; return vmread(GUEST_CS_BASE); }
uint64_t vmx_get_efer(struct vcpu *v) { (void)v; return vmread(GUEST_IA32_EFER); }
uint64_t vmx_get_pat(struct vcpu *v) { (void)v; return vmread(GUEST_IA32_PAT); }
void vmx_set_pat(struct vcpu *v, uint64_t pat) { (void)v; vmwrite(GUEST_IA32_PAT, pat); }

unsigned vmx_cpl(struct vcpu *v)
{
    (void)v;
    return vmread(GUEST_SS_AR) >> 5 & 3;         /* SS.DPL = CPL */
}

unsigned vmx_code_bits(struct vcpu *v)
{
    (void)v;
    uint64_t ar = vmread(GUEST_CS_AR);
    if ((vmread(GUEST_IA32_EFER) & (1ull << 10)) && (ar & (1u << 13)))
        return 64;
    if (!(vmread(GUEST_CR0) & 1))
        return 16;
    return (ar & (1u << 14)) ? 32 : 16;
}

/* The real CR0/CR4 (the read shadows hold only the bits the hypervisor owns). */
void vmx_get_paging(struct vcpu *v, struct guest_paging *p)
{
    (void)v;
    p->cr0 = vmread(GUEST_CR0);
    p->cr3 = vmread(GUEST_CR3);
    p->cr4 = vmread(GUEST_CR4);
    p->efer = vmread(GUEST_IA32_EFER);
}

int vmx_set_efer(struct vcpu *v, uint64_t val)
{
    (void)v;
    uint64_t efer = vmread(GUEST_IA32_EFER);
    /* LMA follows LME only while paging is on */
    vmwrite(GUEST_IA32_EFER, (val & ~(1ull << 10)) | (efer & (1ull << 10)));
    return 0;
}

void vmx_set_tsc_offset(struct vcpu *v, uint64_t off)
{
    (void)v;
    vmwrite(TSC_OFFSET, off);
}

void vmx_set_exit_space(struct vcpu *v, uint64_t cr3, bool restricted)
{
    vmwrite(HOST_CR3, cr3);
    v->hw.rsb_fill = restricted ? RSB_FILL_NONE : rsb_fill_now;
}

void vmx_guest_features(struct guest_features *f)
{
    /* a CPU model may allow the control without having the instruction (QEMU's Westmere) */
    f->rdtscp = (vmx_ctls.word[W_PROC2] & PROC2_RDTSCP) && (cpuid(0x80000001, 0).edx & (1u << 27));
    f->invpcid = vmx_ctls.word[W_PROC2] & PROC2_INVPCID;
}
