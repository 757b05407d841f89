/* CR0/CR4 writes that touch bits we own (the guest/host masks: NE and the
 * VMX-fixed bits in CR0, VMXE and fixed bits in CR4). The guest sees its own
 * value through the read shadow; the hardware gets the fixed bits forced.
 * Paging turned on with EFER.LME set activates long mode, as a CPU does. */
#include "vcpu_arch.h"
#include "vm.h"
#include "vmcs.h"
#include "vmx.h"
#include "vmxops.h"
#include "cpu.h"
#include "crcheck.h"
#include "fmt.h"

#define CR0_PE (1ull << 0)
#define CR0_PG (1ull << 31)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)

static uint64_t *gpr(struct vcpu *v, unsigned n)
{
    return &((uint64_t *)&v->regs)[n];
}

static void guest_write_cr0(uint64_t val)
{
    uint64_t old = vmread(CR0_READ_SHADOW);
    uint64_t forced = vmx_caps.cr0_fixed0 & ~(CR0_PE | CR0_PG);
    vmwrite(CR0_READ_SHADOW, val);
    vmwrite(GUEST_CR0, (val | forced) & vmx_caps.cr0_fixed1);
    uint64_t efer = vmread(GUEST_IA32_EFER);
    uint32_t entry = (uint32_t)vmread(VM_ENTRY_CTLS);
    if ((val & CR0_PG) && !(old & CR0_PG) && (efer & EFER_LME)) {
        vmwrite(GUEST_IA32_EFER, efer | EFER_LMA);
        vmwrite(VM_ENTRY_CTLS, entry | ENTRY_IA32E);
    } else if (!(val & CR0_PG) && (old & CR0_PG) && (efer & EFER_LMA)) {
        vmwrite(GUEST_IA32_EFER, efer & ~EFER_LMA);
        vmwrite(VM_ENTRY_CTLS, entry & ~ENTRY_IA32E);
    }
}

/* A fault for the guest, from the backend itself: queued like a re-injection,
 * so the core's event choice leaves it alone. */
static void inject_fault(struct vcpu *v, unsigned vector)
{
    vmwrite(VM_ENTRY_INTR_INFO, INTR_INFO_VALID | INTR_TYPE_HW_EXC | INTR_DELIVER_ERR | vector);
    vmwrite(VM_ENTRY_EXCEPTION_ERROR, 0);
    vmwrite(GUEST_RFLAGS, vmread(GUEST_RFLAGS) | RFLAGS_RF);   /* a fault pushes RF = 1 */
    v->hw.reinject = true;
    v->entry_work = true;
}

uint64_t vmx_cr4_allowed(void)
{
    return CR4_GUEST_BITS & vmx_caps.cr4_fixed1;
}

void vmx_set_cr4(struct vcpu *v, uint64_t val)
{
    (void)v;
    vmwrite(CR4_READ_SHADOW, val);
    vmwrite(GUEST_CR4, (val | vmx_caps.cr4_fixed0) & vmx_caps.cr4_fixed1);
}

/* CR3-load/store exiting, forced on by CPUs (or nested hypervisors) without
 * the TRUE_* control MSRs: do the move. A load flushes what the guest's own
 * would (its VPID's non-global entries; none with PCIDE and bit 63), except
 * with 32-bit PAE paging, whose PDPTEs EPT takes from the VMCS: not done. */
static bool cr3_exit(struct vcpu *v, struct vmexit *x, unsigned type, unsigned reg, uint64_t val)
{
    if (type == 1) {                /* MOV from CR3 */
        if (reg == 4)
            vmwrite(GUEST_RSP, vmread(GUEST_CR3));
        else
            *gpr(v, reg) = vmread(GUEST_CR3);
        return true;
    }
    uint64_t efer = vmread(GUEST_IA32_EFER), cr4 = vmread(GUEST_CR4);
    if (!(efer & EFER_LMA)) {
        val = (uint32_t)val;
        if ((cr4 & (1u << 5)) && (vmread(GUEST_CR0) & CR0_PG)) {
            hv_snprintf(v->hw.why, sizeof(v->hw.why), "MOV to CR3 with 32-bit PAE paging under CR3-load exiting "
                        "(a CPU without the TRUE_* VMX control MSRs): not supported");
            x->kind = VMEXIT_FATAL;
            return false;
        }
    }
    bool keep = (cr4 & (1u << 17)) && (val >> 63);      /* PCIDE and bit 63: no flush */
    vmwrite(GUEST_CR3, val & ~(1ull << 63));
    if (!keep) {
        struct { uint64_t vpid, addr; } d = { v->hw.tag, 0 };
        uint64_t t = (vmx_caps.ept_vpid >> 43) & 1 ? 3 : (vmx_caps.ept_vpid >> 41) & 1 ? 1 : 2;
        __asm__ volatile("invvpid %0, %1" :: "m"(d), "r"(t) : "cc", "memory");
    }
    return true;
}

void vmx_cr_exit(struct vcpu *v, struct vmexit *x)
{
    uint64_t q = vmread(EXIT_QUALIFICATION);
    unsigned cr = q & 15, type = (q >> 4) & 3, reg = (q >> 8) & 15;
    uint64_t val = reg == 4 ? vmread(GUEST_RSP) : *gpr(v, reg);
    if (type == 0 && (cr == 0 || cr == 4)) {
        /* the read shadows hold only the bits we own: the real PG, PAE, PCIDE are in the guest fields */
        struct cr_ctx c = { vmread(GUEST_IA32_EFER), vmread(GUEST_CR0), vmread(GUEST_CR4),
                            vmread(GUEST_CR3), vmx_cr4_allowed() };
        if (!(c.efer & EFER_LMA) || !(vmread(GUEST_CS_AR) & (1u << 13)))
            val = (uint32_t)val;    /* outside 64-bit code the source is 32 bits */
        int vec = cr == 0 ? cr0_write_check(&c, val) : cr4_write_check(&c, val);
        if (vec) {
            inject_fault(v, (unsigned)vec);
            return;
        }
    }
    if (type == 0 && cr == 0) {
        guest_write_cr0(val);
    } else if (type == 0 && cr == 4) {
        vmx_set_cr4(v, val);
    } else if (cr == 3 && (type == 0 || type == 1)) {
        if (!cr3_exit(v, x, type, reg, val))
            return;
    } else if (type == 2) {         /* CLTS */
        guest_write_cr0(vmread(CR0_READ_SHADOW) & ~8ull);
    } else if (type == 3) {         /* LMSW: low 4 bits, PE cannot be cleared */
        uint64_t old = vmread(CR0_READ_SHADOW);
        uint64_t src = (q >> 16) & 0xf;
        guest_write_cr0((old & ~0xeull) | (src & 0xe) | ((old | src) & 1));
    } else {
        hv_snprintf(v->hw.why, sizeof(v->hw.why), "unexpected CR access exit: CR%u type %u", cr, type);
        x->kind = VMEXIT_FATAL;
        return;
    }
    vmx_skip(v, 0);
}
