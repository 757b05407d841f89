/* RDMSR/WRMSR exits: the policy table (hv/x86/msrpolicy.c) says which MSRs
 * are emulated; pass-through ones never exit; the rest get #GP as on a CPU
 * that lacks them. */
#include "vcpu.h"
#include "cpu.h"
#include "msrpolicy.h"

#define MSR_TSC          0x10
#define MSR_PLATFORM_ID  0x17
#define MSR_APIC_BASE    0x1b
#define MSR_UCODE_REV    0x8b
#define MSR_MTRRCAP      0xfe
#define MSR_MISC_ENABLE  0x1a0
#define MSR_PAT          0x277
#define MSR_MTRR_DEF     0x2ff
#define MSR_TSC_DEADLINE 0x6e0


/* 0 = handled, -1 = #GP */
static int msr_read(struct vcpu *v, uint32_t msr, uint64_t *val)
{
    if (msr - 0x800 < 0x100)
        return lapic_msr_read(v, msr, val);     /* x2APIC: the common case */
    switch (msr) {
    case MSR_EFER: *val = arch_get_efer(v); return 0;
    case MSR_PAT: *val = arch_get_pat(v); return 0;
    case MSR_TSC: *val = rdtsc() + v->vm->tsc_offset; return 0;
    case MSR_APIC_BASE: *val = v->lapic.apic_base; return 0;
    case MSR_PLATFORM_ID: case MSR_UCODE_REV: case MSR_MTRRCAP: *val = 0; return 0;
    case MSR_MTRR_DEF: *val = 0xc06; return 0;  /* MTRRs on, default WB */
    case MSR_MISC_ENABLE: *val = 1; return 0;   /* fast strings */
    case MSR_TSC_DEADLINE: *val = v->lapic.tsc_deadline; return 0;
    default:
        return -1;
    }
}

/* The emulated MSRs but x2APIC's and the TSC deadline (exit_wrmsr's hot case). */
static int msr_write(struct vcpu *v, uint32_t msr, uint64_t val)
{
    switch (msr) {
    case MSR_EFER:
        if (val & ~((1ull << 0) | (1ull << 8) | (1ull << 10) | (1ull << 11)))
            return -1;                          /* SCE LME LMA NXE only */
        if ((vcpu_guest_cr0(v) & (1ull << 31)) && ((val ^ arch_get_efer(v)) & (1ull << 8)))
            return -1;                          /* LME cannot change while paging is on */
        return arch_set_efer(v, val);
    case MSR_PAT:
        for (int i = 0; i < 64; i += 8)         /* each entry UC, WC, WT, WP, WB or UC- */
            if (((val >> i) & 0xf8) || ((val >> i) & 0xff) == 2 || ((val >> i) & 0xff) == 3)
                return -1;
        arch_set_pat(v, val);
        return 0;
    case MSR_TSC: v->vm->tsc_offset = val - rdtsc(); arch_set_tsc_offset(v, v->vm->tsc_offset); return 0;
    case MSR_APIC_BASE: return lapic_msr_write(v, msr, val);
    case MSR_MISC_ENABLE: case MSR_MTRR_DEF: case MSR_UCODE_REV: return 0;
    default:
        return -1;
    }
}

enum exit_action exit_rdmsr(struct vcpu *v)
{
    uint64_t val;
    uint32_t msr = (uint32_t)v->regs.rcx;
    if (msr_classify_hot(msr) != MSR_EMULATED || msr_read(v, msr, &val)) {
        vcpu_inject_exception(v, 13, true, 0);
        return EXIT_CONTINUE;
    }
    v->regs.rax = (uint32_t)val;
    v->regs.rdx = val >> 32;
    vcpu_skip(v, 0);
    return EXIT_CONTINUE;
}

enum exit_action exit_wrmsr(struct vcpu *v)
{
    uint64_t val = (uint32_t)v->regs.rax | (v->regs.rdx << 32);
    uint32_t msr = (uint32_t)v->regs.rcx;
    /* x2APIC and the TSC deadline, the common cases, are emulated: one test (msr_classify_hot's) */
    int err = msr - 0x800u < 0x100 || msr == MSR_TSC_DEADLINE ? lapic_msr_write(v, msr, val)
            : msr_classify(msr) != MSR_EMULATED ? -1 : msr_write(v, msr, val);
    if (err) {
        vcpu_inject_exception(v, 13, true, 0);
        return EXIT_CONTINUE;
    }
    vcpu_skip(v, 0);
    return EXIT_CONTINUE;
}
