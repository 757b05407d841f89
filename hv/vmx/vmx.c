/* VMXON and VMCS construction. The decisions (which control bits) come from
 * vmx_compute_ctls(); this file only writes them into the hardware. */
#include "vcpu_arch.h"
#include "vmcs.h"
#include "vmxops.h"
#include "vmx.h"
#include "rsbfill.h"
#include "options.h"
#include "apic.h"
#include "tsc.h"

#include "vm.h"
#include "mm.h"
#include "cpu.h"
#include "console.h"
#include "percpu.h"
#include "fmt.h"
#include <stddef.h>
#include <string.h>

_Static_assert(offsetof(struct vcpu, hw.host_rsp) == 128, "entry.S layout");
_Static_assert(offsetof(struct vcpu, hw.launched) == 136, "entry.S layout");
_Static_assert(offsetof(struct vcpu, hw.rsb_fill) == 137, "entry.S layout");

struct vmx_ctls vmx_ctls __asi_shared;

static const char *const instr_errors[] = {
    [1] = "VMCALL in VMX root", [2] = "VMCLEAR invalid address", [3] = "VMCLEAR with VMXON pointer",
    [4] = "VMLAUNCH with non-clear VMCS", [5] = "VMRESUME with non-launched VMCS",
    [6] = "VMRESUME after VMXOFF", [7] = "VM entry with invalid control fields",
    [8] = "VM entry with invalid host-state fields", [9] = "VMPTRLD invalid address",
    [10] = "VMPTRLD with VMXON pointer", [11] = "VMPTRLD wrong revision",
    [12] = "VMREAD/VMWRITE unsupported field", [13] = "VMWRITE to read-only field",
    [15] = "VMXON in VMX root", [16] = "VM entry with invalid executive-VMCS pointer",
    [26] = "VM entry with events blocked by MOV SS", [28] = "invalid INVEPT/INVVPID operand",
};

const char *vmx_instr_error_name(uint32_t e)
{
    return e < sizeof(instr_errors) / sizeof(instr_errors[0]) && instr_errors[e] ? instr_errors[e]
                                                                                : "unknown";
}

static uint64_t fixed_cr(uint64_t v, uint64_t f0, uint64_t f1)
{
    return (v | f0) & f1;
}

int vmx_cpu_enable(char *why, size_t len)
{
    char miss[160];
    if (vmx_compute_ctls(&vmx_caps, &vmx_default_req, &vmx_ctls, miss, sizeof(miss))) {
        hv_snprintf(why, len, "VT-x lacks controls the hypervisor needs: %s", miss);
        return -1;
    }
    write_cr0(fixed_cr(read_cr0(), vmx_caps.cr0_fixed0, vmx_caps.cr0_fixed1));
    write_cr4(fixed_cr(read_cr4() | CR4_VMXE, vmx_caps.cr4_fixed0, vmx_caps.cr4_fixed1));
    uint64_t region = alloc_frame_zeroed();
    *(uint32_t *)phys_to_virt(region) = vmx_caps.revision;
    uint8_t fail;
    __asm__ volatile("vmxon %1; setna %0" : "=qm"(fail) : "m"(region) : "cc", "memory");
    if (fail) {
        hv_snprintf(why, len, "VMXON failed (CR0 0x%llx CR4 0x%llx)", (unsigned long long)read_cr0(),
                    (unsigned long long)read_cr4());
        return -1;
    }
    if (!(vmx_ctls.word[W_PIN] & PIN_PREEMPT))
        apic_slice_timer_init(tsc_hz);                  /* slices from the host LAPIC timer */
    bool has_caps = cpuid(7, 0).edx & (1u << 29);       /* IA32_ARCH_CAPABILITIES */
    rsb_fill_now = (uint8_t)rsb_fill_mode(has_caps, has_caps ? rdmsr(0x10a) : 0);
    if (hv_opts.rsb_fill >= 0)
        rsb_fill_now = (uint8_t)hv_opts.rsb_fill;      /* rsb_fill=: for measuring its cost */
    if (this_cpu()->cpu)
        return 0;                                       /* said once, for the boot CPU */
    pr_info("vmx: return stack buffer refill on exits to the full space and on asi_exit: %s%s\n",
            rsb_fill_name(rsb_fill_now),
            hv_opts.rsb_fill >= 0 ? " (rsb_fill= on the command line)" : "");
    if (!(vmx_ctls.word[W_PIN] & PIN_PREEMPT))
        pr_info("vmx: no VMX preemption timer: time slices from the host LAPIC timer\n");
    pr_info("vmx: VMXON done; controls pin 0x%x proc 0x%x proc2 0x%x exit 0x%x entry 0x%x\n",
            vmx_ctls.word[W_PIN], vmx_ctls.word[W_PROC], vmx_ctls.word[W_PROC2],
            vmx_ctls.word[W_EXIT], vmx_ctls.word[W_ENTRY]);
    return 0;
}

static int vmcs_load(struct vcpu *v)
{
    uint8_t fail;
    __asm__ volatile("vmptrld %1; setna %0" : "=qm"(fail) : "m"(v->hw.ctl_pa) : "cc", "memory");
    return fail ? -1 : 0;
}

/* The vCPU's cached guest translations on this CPU: stale if it ran
 * elsewhere since it last ran here (its guest changed page tables there). */
static void flush_vpid(uint16_t vpid)
{
    struct { uint64_t vpid, addr; } d = { vpid, 0 };
    uint64_t type = (vmx_caps.ept_vpid >> 41) & 1 ? 1 : 2;     /* single-context, else all */
    __asm__ volatile("invvpid %0, %1" :: "m"(d), "r"(type) : "cc", "memory");
}

/* Guest-physical translations cached for this EPT root (single-context
 * INVEPT where the CPU has it, else all contexts). */
static void flush_ept(uint64_t eptp)
{
    struct { uint64_t eptp, zero; } d = { eptp, 0 };
    uint64_t type = (vmx_caps.ept_vpid >> 25) & 1 ? 1 : 2;
    __asm__ volatile("invept %0, %1" :: "m"(d), "r"(type) : "cc", "memory");
}

/* Current on this CPU, with its VM's TSC offset (a guest TSC write reaches
 * each of its vCPUs here). */
int vmx_vcpu_load(struct vcpu *v)
{
    if (vmcs_load(v))
        return -1;
    uint8_t here = (uint8_t)(this_cpu()->cpu + 1);
    if (v->hw.ran_on != here) {
        if (v->hw.ran_on)
            flush_vpid(v->hw.tag);      /* it moved here from another CPU */
        v->hw.ran_on = here;
    }
    vmwrite(TSC_OFFSET, v->vm->tsc_offset);
    return 0;
}

/* Not active on this CPU any more (VMCLEAR writes it back to memory): it
 * may be loaded elsewhere, and starts with VMLAUNCH there. */
int vmx_vcpu_release(struct vcpu *v)
{
    uint8_t fail;
    __asm__ volatile("vmclear %1; setna %0" : "=qm"(fail) : "m"(v->hw.ctl_pa) : "cc", "memory");
    v->hw.launched = 0;
    return fail ? -1 : 0;
}

static void host_state(void)
{
    struct percpu *p = this_cpu();
    struct __attribute__((packed)) { uint16_t l; uint64_t b; } gdtr, idtr;
    __asm__ volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
    vmwrite(HOST_CR0, read_cr0());
    vmwrite(HOST_CR3, read_cr3());
    vmwrite(HOST_CR4, read_cr4());
    vmwrite(HOST_CS_SEL, GDT_CODE);
    vmwrite(HOST_SS_SEL, GDT_DATA);
    vmwrite(HOST_DS_SEL, GDT_DATA);
    vmwrite(HOST_ES_SEL, GDT_DATA);
    vmwrite(HOST_FS_SEL, 0);
    vmwrite(HOST_GS_SEL, 0);
    vmwrite(HOST_TR_SEL, GDT_TSS);
    vmwrite(HOST_FS_BASE, 0);
    vmwrite(HOST_GS_BASE, (uint64_t)p);
    vmwrite(HOST_TR_BASE, (uint64_t)&p->tss);
    vmwrite(HOST_GDTR_BASE, gdtr.b);
    vmwrite(HOST_IDTR_BASE, idtr.b);
    vmwrite(HOST_SYSENTER_CS, 0);
    vmwrite(HOST_SYSENTER_ESP, 0);
    vmwrite(HOST_SYSENTER_EIP, 0);
    vmwrite(HOST_IA32_EFER, rdmsr(MSR_EFER));
    if (vmx_ctls.word[W_EXIT] & EXIT_LOAD_PAT)
        vmwrite(HOST_IA32_PAT, rdmsr(0x277));
    vmwrite(HOST_RIP, (uint64_t)vmx_exit_stub);
}

static void seg(enum vmcs_field sel, uint16_t s, uint32_t limit, uint32_t ar)
{
    /* selector, base, limit and access rights are at fixed strides from the selector field */
    unsigned i = (sel - GUEST_ES_SEL) / 2;
    vmwrite(sel, s);
    vmwrite(GUEST_ES_BASE + 2 * i, 0);
    vmwrite(GUEST_ES_LIMIT + 2 * i, limit);
    vmwrite(GUEST_ES_AR + 2 * i, ar);
}

/* What every start state shares: CR0 (as the guest sees it) and the
 * bits VMX forces, owned by us through the guest/host masks; CR4 = 0;
 * no paging, no pending events, registers zero. */
static void guest_state_rest(struct vcpu *v, const struct guest_boot *b, uint64_t cr0)
{
    vmwrite(GUEST_CR0, fixed_cr(cr0, vmx_caps.cr0_fixed0 & ~0x80000001ull, vmx_caps.cr0_fixed1));
    vmwrite(CR0_READ_SHADOW, cr0);
    vmwrite(CR0_GUEST_HOST_MASK, vmx_caps.cr0_fixed0 & ~0x80000001ull);
    vmwrite(GUEST_CR4, fixed_cr(0, vmx_caps.cr4_fixed0, vmx_caps.cr4_fixed1));
    vmwrite(CR4_READ_SHADOW, 0);
    vmwrite(CR4_GUEST_HOST_MASK, vmx_caps.cr4_fixed0 | CR4_VMXE);
    vmwrite(GUEST_CR3, 0);
    vmwrite(GUEST_DR7, 0x400);
    vmwrite(GUEST_RSP, 0);
    vmwrite(GUEST_RIP, b->entry);
    vmwrite(GUEST_RFLAGS, 0x2);
    vmwrite(GUEST_IA32_EFER, 0);
    if (vmx_ctls.word[W_ENTRY] & ENTRY_LOAD_PAT)
        vmwrite(GUEST_IA32_PAT, 0x0007040600070406ull);
    vmwrite(GUEST_IA32_DEBUGCTL, 0);
    vmwrite(GUEST_SYSENTER_CS, 0);
    vmwrite(GUEST_SYSENTER_ESP, 0);
    vmwrite(GUEST_SYSENTER_EIP, 0);
    vmwrite(GUEST_ACTIVITY_STATE, 0);
    vmwrite(GUEST_INTERRUPTIBILITY, 0);
    vmwrite(GUEST_PENDING_DBG, 0);
    vmwrite(VMCS_LINK_POINTER, ~0ull);
    memset(&v->regs, 0, sizeof(v->regs));
}

/* An AP after INIT-SIPI: real mode at vector:0000, as the CPU starts it. */
static void guest_state_real(struct vcpu *v, const struct guest_boot *b)
{
    seg(GUEST_CS_SEL, b->cs, 0xffff, 0x9b);
    vmwrite(GUEST_CS_BASE, (uint64_t)b->cs << 4);
    seg(GUEST_DS_SEL, 0, 0xffff, 0x93);
    seg(GUEST_ES_SEL, 0, 0xffff, 0x93);
    seg(GUEST_SS_SEL, 0, 0xffff, 0x93);
    seg(GUEST_FS_SEL, 0, 0xffff, 0x93);
    seg(GUEST_GS_SEL, 0, 0xffff, 0x93);
    seg(GUEST_LDTR_SEL, 0, 0xffff, 0x82);
    seg(GUEST_TR_SEL, 0, 0xffff, 0x8b);
    vmwrite(GUEST_GDTR_BASE, 0);
    vmwrite(GUEST_GDTR_LIMIT, 0xffff);
    vmwrite(GUEST_IDTR_BASE, 0);
    vmwrite(GUEST_IDTR_LIMIT, 0x3ff);
    guest_state_rest(v, b, 0x10);       /* CR0 = ET: PE and PG off (unrestricted guest) */
}

/* 32-bit protected mode, paging off, flat segments: the multiboot v1 state. */
static void guest_state_pm32(struct vcpu *v, const struct guest_boot *b)
{
    seg(GUEST_CS_SEL, b->cs, 0xffffffff, 0xc09b);
    seg(GUEST_DS_SEL, b->ds, 0xffffffff, 0xc093);
    seg(GUEST_ES_SEL, b->ds, 0xffffffff, 0xc093);
    seg(GUEST_SS_SEL, b->ds, 0xffffffff, 0xc093);
    seg(GUEST_FS_SEL, b->ds, 0xffffffff, 0xc093);
    seg(GUEST_GS_SEL, b->ds, 0xffffffff, 0xc093);
    seg(GUEST_LDTR_SEL, 0, 0, 0x10000);                /* unusable */
    seg(GUEST_TR_SEL, 0, 0xff, 0x8b);                  /* busy 32-bit TSS */
    vmwrite(GUEST_GDTR_BASE, b->gdt_base);
    vmwrite(GUEST_GDTR_LIMIT, b->gdt_limit);
    vmwrite(GUEST_IDTR_BASE, 0);
    vmwrite(GUEST_IDTR_LIMIT, 0);
    guest_state_rest(v, b, 0x11);       /* CR0 = PE|ET */
    v->regs.rax = b->eax;
    v->regs.rbx = b->ebx;
    v->regs.rsi = b->esi;
}

int vmx_vcpu_setup(struct vcpu *v, const struct guest_boot *b)
{
    struct vm *vm = v->vm;
    bool restart = v->hw.ctl_pa != 0;
    if (!restart)
        v->hw.ctl_pa = alloc_frame_zeroed();
    else
        memset(phys_to_virt(v->hw.ctl_pa), 0, 4096);  /* a restart: a fresh VMCS in the same frame */
    *(uint32_t *)phys_to_virt(v->hw.ctl_pa) = vmx_caps.revision;
    /* VPID per vCPU (vCPUs of a VM cache different translations); never
     * reused, as VM ids are not */
    v->hw.tag = (uint16_t)(vm->id * VM_MAX_VCPUS + v->id + 1);
    if (restart) {              /* same VPID and EPT root as before: nothing cached may survive */
        flush_vpid(v->hw.tag);
        flush_ept(vm->gpt_ptr);
    }
    uint8_t fail;
    __asm__ volatile("vmclear %1; setna %0" : "=qm"(fail) : "m"(v->hw.ctl_pa) : "cc", "memory");
    if (fail || vmcs_load(v))
        return -1;
    vmwrite(PIN_BASED_CTLS, vmx_ctls.word[W_PIN]);
    vmwrite(PROC_BASED_CTLS, vmx_ctls.word[W_PROC]);
    vmwrite(PROC_BASED_CTLS2, vmx_ctls.word[W_PROC2]);
    vmwrite(VM_EXIT_CTLS, vmx_ctls.word[W_EXIT]);
    vmwrite(VM_ENTRY_CTLS, vmx_ctls.word[W_ENTRY]);
    vmwrite(EXCEPTION_BITMAP, 0);
    vmwrite(PF_ERROR_MASK, 0);
    vmwrite(PF_ERROR_MATCH, 0);
    vmwrite(CR3_TARGET_COUNT, 0);
    vmwrite(VM_EXIT_MSR_STORE_COUNT, 0);
    vmwrite(VM_EXIT_MSR_LOAD_COUNT, 0);
    vmwrite(VM_ENTRY_MSR_LOAD_COUNT, 0);
    vmwrite(VM_ENTRY_INTR_INFO, 0);
    vmwrite(IO_BITMAP_A, vm->io_bitmap_pa);
    vmwrite(IO_BITMAP_B, vm->io_bitmap_pa + 4096);
    vmwrite(MSR_BITMAP, vm->msr_bitmap_pa);
    vmwrite(EPT_POINTER, vm->gpt_ptr);
    vmwrite(VPID, v->hw.tag);
    vmwrite(TSC_OFFSET, vm->tsc_offset);
    host_state();
    if (b->real)
        guest_state_real(v, b);
    else
        guest_state_pm32(v, b);
    v->hw.launched = 0;
    v->hw.host_rsp = 0;
    v->hw.reinject = false;
    return 0;
}
