/* A VM's and a vCPU's SVM structures: nested page tables with guest RAM at
 * GPA 0 (every other GPA faults as MMIO), the I/O permission map (every port
 * intercepted), the MSR permission map from the MSR policy, and a VMCB per
 * vCPU in the VM's own area (its exits read it on the restricted space). */
#include "vcpu_arch.h"
#include "svm.h"
#include "vm.h"
#include "mm.h"
#include "pt.h"
#include "msrpolicy.h"
#include "percpu.h"
#include "rsbfill.h"
#include "cpu.h"
#include "fmt.h"
#include <string.h>

#define PAT_DEFAULT 0x0007040600070406ull

int svm_vm_init(struct vm *vm, char *err, size_t errlen)
{
    /* NPT entries are ordinary 4-level page-table entries; every guest
     * access counts as a user access, so U is set throughout */
    vm->gpt = (struct pt_ctx){ .alloc = pt_alloc_cb, .p2v = pt_p2v_cb, .allow_2m = true, .table_flags = 7 };
    if (pt_init(&vm->gpt) || pt_map(&vm->gpt, 0, vm->mem_hpa, vm->mem_size, 7)) {
        hv_snprintf(err, errlen, "out of memory for the nested page tables");
        return -1;
    }
    vm->gpt_ptr = vm->gpt.root;
    vm->io_bitmap_pa = mm_frame_alloc_contig(3, FRAME_SIZE);
    vm->msr_bitmap_pa = mm_frame_alloc_contig(2, FRAME_SIZE);
    if (!vm->io_bitmap_pa || !vm->msr_bitmap_pa) {
        hv_snprintf(err, errlen, "out of memory for the I/O and MSR permission maps");
        return -1;
    }
    memset(phys_to_virt(vm->io_bitmap_pa), 0xff, 3 * FRAME_SIZE);
    msrpm_build(phys_to_virt(vm->msr_bitmap_pa));
    /* every vCPU's VMCB now, in the VM's own area: an AP's SIPI (on another
     * CPU, at run time) then allocates nothing */
    for (unsigned i = 0; i < vm->nvcpus; i++) {
        struct vcpu *v = &vm->vcpus[i];
        v->hw.vmcb = vmarea_alloc(&vm->area, sizeof(struct vmcb));
        if (!pt_lookup(kernel_pt(), (uint64_t)v->hw.vmcb, &v->hw.ctl_pa, 0, 0)) {
            hv_snprintf(err, errlen, "the VMCB of vCPU %u is not mapped", i);
            return -1;
        }
    }
    return 0;
}

/* VMX-style access rights (bits 0-7, 12-15) to the VMCB's packed form. */
static void seg(struct vmcb_seg *s, uint16_t sel, uint64_t base, uint32_t limit, uint32_t ar)
{
    *s = (struct vmcb_seg){ .sel = sel, .attr = (uint16_t)((ar & 0xff) | ((ar >> 4) & 0xf00)),
                            .limit = limit, .base = base };
}

static void guest_state(struct vcpu *v, const struct guest_boot *b)
{
    struct vmcb *c = v->hw.vmcb;
    if (b->real) {          /* an AP after INIT-SIPI: real mode at vector:0000 */
        seg(&c->cs, b->cs, (uint64_t)b->cs << 4, 0xffff, 0x9b);
        seg(&c->ds, 0, 0, 0xffff, 0x93);
        seg(&c->gdtr, 0, 0, 0xffff, 0);
        seg(&c->idtr, 0, 0, 0x3ff, 0);
        seg(&c->tr, 0, 0, 0xffff, 0x8b);
        c->cr0 = 0x10;
    } else {                /* 32-bit protected mode, paging off, flat: the multiboot v1 state */
        seg(&c->cs, b->cs, 0, 0xffffffff, 0xc09b);
        seg(&c->ds, b->ds, 0, 0xffffffff, 0xc093);
        seg(&c->gdtr, 0, b->gdt_base, b->gdt_limit, 0);
        seg(&c->idtr, 0, 0, 0, 0);
        seg(&c->tr, 0, 0, 0xff, 0x8b);
        c->cr0 = 0x11;
        v->regs.rax = b->eax;
        v->regs.rbx = b->ebx;
        v->regs.rsi = b->esi;
    }
    c->es = c->ss = c->fs = c->gs = c->ds;
    seg(&c->ldtr, 0, 0, 0xffff, 0x82);
    c->cr3 = c->cr4 = 0;
    c->efer = EFER_SVME;            /* required in guest mode; the guest never sees it */
    c->dr7 = 0x400;
    c->dr6 = 0xffff0ff0;
    c->rflags = 2;
    c->rip = b->entry;
    c->g_pat = PAT_DEFAULT;
}

int svm_vcpu_setup(struct vcpu *v, const struct guest_boot *b)
{
    struct vm *vm = v->vm;
    memset(&v->regs, 0, sizeof(v->regs));
    struct vmcb *c = v->hw.vmcb;
    memset(c, 0, sizeof(*c));       /* a restart: a fresh VMCB in the same page */
    c->cr_write = 1u << 4;          /* CR4: QEMU ends the guest on a reserved bit instead of #GP */
    c->exceptions = 1u << 6;        /* #UD: Intel's VMCALL is a hypercall here too */
    c->intercept1 = I1_INTR | I1_NMI | I1_INIT | I1_CPUID | I1_INVD | I1_HLT | I1_INVLPGA | I1_IOIO |
                    I1_MSR | I1_SHUTDOWN;
    c->intercept2 = I2_VMRUN | I2_VMMCALL | I2_VMLOAD | I2_VMSAVE | I2_STGI | I2_CLGI | I2_SKINIT |
                    I2_WBINVD | I2_MONITOR | I2_MWAIT | I2_MWAIT_C | I2_XSETBV | I2_RDPRU;
    c->iopm_pa = vm->io_bitmap_pa;
    c->msrpm_pa = vm->msr_bitmap_pa;
    c->tsc_offset = vm->tsc_offset;
    c->np_enable = 1;
    c->ncr3 = vm->gpt_ptr;
    /* physical interrupts stay the host's (INTR exits); the guest's IF masks
     * only the virtual ones, which carry the interrupt window (VINTR) */
    c->vintr = VINTR_MASKING;
    guest_state(v, b);
    v->hw.asid_gen = 0;             /* a fresh ASID at the next load: nothing cached is kept */
    v->hw.ran_on = 0;
    v->hw.reinject = false;
    v->hw.nmi_state = 0;
    return 0;
}

/* Current on this CPU. ASIDs are this CPU's: a vCPU that moved here, or
 * whose ASID is from an older generation, takes a new one; when they run
 * out, a new generation starts with a flush of every ASID. */
int svm_vcpu_load(struct vcpu *v)
{
    struct percpu *pc = this_cpu();
    struct vmcb *c = v->hw.vmcb;
    uint8_t here = (uint8_t)(pc->cpu + 1);
    if (v->hw.ran_on != here || v->hw.asid_gen != pc->svm_asid_gen) {
        if (pc->svm_asid_next >= svm_caps.nasid) {
            pc->svm_asid_gen++;
            pc->svm_asid_next = 1;
            c->tlb_control = 1;     /* flush every ASID at this entry */
        } else {
            c->tlb_control = svm_caps.flush_by_asid ? 3 : 1;    /* this ASID's stale entries */
        }
        v->hw.tag = (uint16_t)pc->svm_asid_next++;
        v->hw.asid_gen = pc->svm_asid_gen;
        v->hw.ran_on = here;
        c->asid = v->hw.tag;
    }
    c->tsc_offset = v->vm->tsc_offset;
    return 0;
}

int svm_vcpu_release(struct vcpu *v)
{
    v->hw.ran_on = 0;               /* wherever it runs next, a fresh ASID */
    return 0;
}

/* VMRUN saves the CR3 it runs on and #VMEXIT restores it: the exit lands on
 * the space the entry left from (svm_vcpu_enter switches to it). */
void svm_set_exit_space(struct vcpu *v, uint64_t cr3, bool restricted)
{
    v->hw.exit_cr3 = cr3;
    v->hw.rsb_fill = restricted ? RSB_FILL_NONE : rsb_fill_now;
}

void svm_guest_features(struct guest_features *f)
{
    f->rdtscp = cpuid(0x80000001, 0).edx & (1u << 27);     /* not intercepted: the guest's own TSC_AUX */
    f->invpcid = cpuid(0, 0).eax >= 7 && (cpuid(7, 0).ebx & (1u << 10));
}
