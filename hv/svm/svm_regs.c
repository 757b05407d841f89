/* Guest register and MSR access for the core (vcpu_arch.h), on the vCPU's
 * VMCB. The guest's EFER never shows SVME, which guest mode requires. */
#include "vcpu_arch.h"
#include "svm.h"
#include "vm.h"

uint64_t svm_get_rip(struct vcpu *v) { return v->hw.vmcb->rip; }
void svm_set_rip(struct vcpu *v, uint64_t rip) { v->hw.vmcb->rip = rip; }
uint64_t svm_get_rsp(struct vcpu *v) { return v->hw.vmcb->rsp; }
void svm_set_rsp(struct vcpu *v, uint64_t rsp) { v->hw.vmcb->rsp = rsp; }
uint64_t svm_get_rflags(struct vcpu *v) { return v->hw.vmcb->rflags; }
uint64_t svm_cs_base(struct vcpu *v) { return v->hw.vmcb->cs.base; }
uint64_t svm_get_pat(struct vcpu *v) { return v->hw.vmcb->g_pat; }
void svm_set_pat(struct vcpu *v, uint64_t pat) { v->hw.vmcb->g_pat = pat; }
void svm_set_tsc_offset(struct vcpu *v, uint64_t off) { v->hw.vmcb->tsc_offset = off; }
unsigned svm_cpl(struct vcpu *v) { return v->hw.vmcb->cpl & 3; }

uint64_t svm_get_efer(struct vcpu *v)
{
    return v->hw.vmcb->efer & ~EFER_SVME;
}

int svm_set_efer(struct vcpu *v, uint64_t val)
{
    struct vmcb *c = v->hw.vmcb;
    /* LMA follows LME only while paging is on (the CPU sets it then) */
    c->efer = (val & ~(1ull << 10)) | (c->efer & (1ull << 10)) | EFER_SVME;
    return 0;
}

unsigned svm_code_bits(struct vcpu *v)
{
    const struct vmcb *c = v->hw.vmcb;
    if ((c->efer & (1ull << 10)) && (c->cs.attr & (1u << 9)))     /* LMA and CS.L */
        return 64;
    if (!(c->cr0 & 1))
        return 16;
    return (c->cs.attr & (1u << 10)) ? 32 : 16;                     /* CS.D */
}

void svm_get_paging(struct vcpu *v, struct guest_paging *p)
{
    const struct vmcb *c = v->hw.vmcb;
    p->cr0 = c->cr0;
    p->cr3 = c->cr3;
    p->cr4 = c->cr4;
    p->efer = c->efer & ~EFER_SVME;
}

uint64_t svm_cr4_allowed(void)
{
    return svm_caps.cr4_allowed;
}

/* The guest's own MOV to CR4 would flush its TLB (PGE, PCIDE, ...): so does this. */
void svm_set_cr4(struct vcpu *v, uint64_t val)
{
    struct vmcb *c = v->hw.vmcb;
    c->cr4 = val;
    c->tlb_control = svm_caps.flush_by_asid ? 3 : 1;
}
