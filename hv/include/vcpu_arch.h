/* What the vendor-neutral vCPU core (hv/vcpu, hv/vm) asks of the hardware
 * backend. Each arch_* is a direct call to one backend, hv/vmx or hv/svm,
 * chosen by a branch on the vendor found at boot (arch_svm): no function
 * pointers on the exit path, and LTO inlines the calls. The backends never
 * call up into the core. */
#ifndef HV_VCPU_ARCH_H
#define HV_VCPU_ARCH_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "vmexit.h"

struct vcpu;
struct vm;

/* How a boot protocol starts the vCPU: 32-bit flat protected mode, paging
 * off, at `entry`, with these registers, selectors and GDT. */
struct guest_boot {
    uint32_t entry, eax, ebx, esi;
    uint16_t cs, ds;                /* selectors (their descriptors: flat 4 GiB) */
    uint32_t gdt_base, gdt_limit;
    bool real;                      /* an AP after SIPI: real mode at cs:entry (base cs << 4) */
};

/* What the core decided for the next entry (hv/vcpu/events.c). */
struct vcpu_entry {
    int exc;                        /* exception vector to inject, or -1; 2 is an NMI: the backend
                                       injects it (clearing v->nmi_pending) or, while NMIs are
                                       blocked, puts it back in v->pending_exc for the NMI window */
    bool exc_has_err;
    uint32_t exc_err;
    int intr;                       /* external interrupt vector to inject, or -1 */
    bool window;                    /* exit as soon as the guest can take an interrupt */
    uint64_t now, until;            /* TSC: exit by `until` (slice end or a timer) */
};

/* Guest paging state, for page walks. */
struct guest_paging { uint64_t cr0, cr3, cr4, efer; };

/* Which optional instructions the guest may use (the CPUID policy shows them). */
struct guest_features { bool rdtscp, invpcid; };

/* ---- the two backends: the same functions, vmx_NAME (hv/vmx) and svm_NAME
 * (hv/svm), declared from one list. The larger SVM exit-path functions are
 * never inlined into the core (SVM_NOINLINE): the core's own functions stay
 * small enough for LTO to inline them on the VMX path. ---- */
#define SVM_NOINLINE __attribute__((noinline))
#define SVM_INLINE
#define ARCH_FUNCS(X) \
    X(int, cpu_enable, (char *why, size_t len), SVM_INLINE) \
    X(int, check_ap, (char *why, size_t whylen), SVM_INLINE) \
    X(int, vm_init, (struct vm *vm, char *err, size_t errlen), SVM_INLINE) \
    X(int, vcpu_setup, (struct vcpu *v, const struct guest_boot *b), SVM_INLINE) \
    X(int, vcpu_load, (struct vcpu *v), SVM_INLINE) \
    X(int, vcpu_release, (struct vcpu *v), SVM_INLINE) \
    X(void, set_exit_space, (struct vcpu *v, uint64_t cr3, bool restricted), SVM_INLINE) \
    X(void, vcpu_enter, (struct vcpu *v, struct vmexit *x), SVM_NOINLINE) \
    X(void, skip, (struct vcpu *v, unsigned len), SVM_NOINLINE) \
    X(bool, prepare_entry, (struct vcpu *v, const struct vcpu_entry *e), SVM_NOINLINE) \
    X(bool, intr_allowed, (struct vcpu *v), SVM_INLINE) \
    X(uint64_t, get_rip, (struct vcpu *v), SVM_INLINE) \
    X(void, set_rip, (struct vcpu *v, uint64_t rip), SVM_INLINE) \
    X(uint64_t, get_rsp, (struct vcpu *v), SVM_INLINE) \
    X(void, set_rsp, (struct vcpu *v, uint64_t rsp), SVM_INLINE) \
    X(uint64_t, get_rflags, (struct vcpu *v), SVM_INLINE) \
    X(unsigned, cpl, (struct vcpu *v), SVM_INLINE) \
    X(unsigned, code_bits, (struct vcpu *v), SVM_INLINE) \
    X(uint64_t, cs_base, (struct vcpu *v), SVM_INLINE) \
    X(void, get_paging, (struct vcpu *v, struct guest_paging *p), SVM_INLINE) \
    X(uint64_t, get_efer, (struct vcpu *v), SVM_INLINE) \
    X(int, set_efer, (struct vcpu *v, uint64_t efer), SVM_INLINE) \
    X(uint64_t, get_pat, (struct vcpu *v), SVM_INLINE) \
    X(void, set_pat, (struct vcpu *v, uint64_t pat), SVM_INLINE) \
    X(void, set_tsc_offset, (struct vcpu *v, uint64_t off), SVM_INLINE) \
    X(void, set_cr4, (struct vcpu *v, uint64_t cr4), SVM_INLINE) \
    X(uint64_t, cr4_allowed, (void), SVM_INLINE) \
    X(void, guest_features, (struct guest_features *f), SVM_INLINE) \
    X(const char *, exit_name, (unsigned raw_reason), SVM_INLINE)
#define ARCH_DECLARE(ret, name, params, svm_attr) ret vmx_##name params; svm_attr ret svm_##name params;
ARCH_FUNCS(ARCH_DECLARE)
#undef ARCH_DECLARE
int vmx_discover(char *why, size_t whylen);
int svm_discover(char *why, size_t whylen, const char *vendor);

/* The backend in use: false VMX, true SVM (set once by arch_discover). */
extern bool arch_svm;
/* Which backend, at each call site: a 5-byte NOP that arch_discover patches
 * into a jump to the SVM call when the CPU has SVM (as Linux's static keys):
 * one instruction on the VMX path instead of a load, compare and branch, and
 * no data read. Each site is listed in .arch_patch (hv/hv.ld). */
#if defined(__PIE__) || defined(__PIC__)
/* host unit tests (position-independent): no patching, a plain test */
static inline bool arch_is_svm(void) { return arch_svm; }
#else
static inline __attribute__((always_inline)) bool arch_is_svm(void)
{
    __asm__ goto("1: .byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n\t"
                 ".pushsection .arch_patch, \"a\"\n\t.balign 8\n\t.quad 1b, %l[svm]\n\t.popsection"
                 :::: svm);
    return false;
svm: __attribute__((cold));
    return true;
}
#endif
#define ARCH(fn, ...) (__builtin_expect(arch_is_svm(), 0) ? svm_##fn(__VA_ARGS__) : vmx_##fn(__VA_ARGS__))

/* 0 when the CPU's virtualization (VT-x, else AMD SVM) is usable (and says so);
 * else -1 and why (hv/vcpu/arch.c) */
int arch_discover(char *why, size_t len);
/* the backend's name, for messages: "vmx" or "svm" */
static inline const char *arch_name(void) { return arch_svm ? "svm" : "vmx"; }
/* another CPU: usable and the same as the boot CPU (-1 and why if not) */
static inline int arch_check_ap(char *why, size_t len) { return ARCH(check_ap, why, len); }
/* this CPU into virtualization operation (VMXON; EFER.SVME) */
static inline int arch_cpu_enable(char *why, size_t len) { return ARCH(cpu_enable, why, len); }
/* guest-physical tables for its RAM, I/O and MSR intercepts */
static inline int arch_vm_init(struct vm *vm, char *err, size_t errlen) { return ARCH(vm_init, vm, err, errlen); }
/* reset state at the boot protocol's entry */
static inline int arch_vcpu_setup(struct vcpu *v, const struct guest_boot *b) { return ARCH(vcpu_setup, v, b); }
/* make v this CPU's current vCPU (its TSC offset included) */
static inline int arch_vcpu_load(struct vcpu *v) { return ARCH(vcpu_load, v); }
/* no longer active on this CPU: another may load it (VMCLEAR first, as the SDM asks) */
static inline int arch_vcpu_release(struct vcpu *v) { return ARCH(vcpu_release, v); }
/* the address space its exits start on: the VM's restricted root with ASI
 * on (no RSB refill on such exits: asi_exit does it), else the full space */
static inline void arch_set_exit_space(struct vcpu *v, uint64_t cr3, bool restricted)
{
    ARCH(set_exit_space, v, cr3, restricted);
}
/* enter the guest; back with the next exit, decoded */
static inline void arch_enter(struct vcpu *v, struct vmexit *x) { ARCH(vcpu_enter, v, x); }
/* step over the exiting instruction (len 0: the length the exit reports) */
static inline void arch_skip(struct vcpu *v, unsigned len) { ARCH(skip, v, len); }
/* program injection, interrupt window and timer; true: redo it every entry */
static inline bool arch_prepare_entry(struct vcpu *v, const struct vcpu_entry *e) { return ARCH(prepare_entry, v, e); }
/* may an external interrupt be injected now (IF=1, no STI/MOV-SS shadow)? */
static inline bool arch_intr_allowed(struct vcpu *v) { return ARCH(intr_allowed, v); }
static inline uint64_t arch_get_rip(struct vcpu *v) { return ARCH(get_rip, v); }
static inline void arch_set_rip(struct vcpu *v, uint64_t rip) { ARCH(set_rip, v, rip); }
static inline uint64_t arch_get_rsp(struct vcpu *v) { return ARCH(get_rsp, v); }
static inline void arch_set_rsp(struct vcpu *v, uint64_t rsp) { ARCH(set_rsp, v, rsp); }
static inline uint64_t arch_get_rflags(struct vcpu *v) { return ARCH(get_rflags, v); }
static inline unsigned arch_cpl(struct vcpu *v) { return ARCH(cpl, v); }
/* 16, 32 or 64: the operand/address size of the code running */
static inline unsigned arch_code_bits(struct vcpu *v) { return ARCH(code_bits, v); }
static inline uint64_t arch_cs_base(struct vcpu *v) { return ARCH(cs_base, v); }
static inline void arch_get_paging(struct vcpu *v, struct guest_paging *p) { ARCH(get_paging, v, p); }
static inline uint64_t arch_get_efer(struct vcpu *v) { return ARCH(get_efer, v); }
/* the guest wrote EFER (checked by the core); LMA follows paging */
static inline int arch_set_efer(struct vcpu *v, uint64_t efer) { return ARCH(set_efer, v, efer); }
static inline uint64_t arch_get_pat(struct vcpu *v) { return ARCH(get_pat, v); }
static inline void arch_set_pat(struct vcpu *v, uint64_t pat) { ARCH(set_pat, v, pat); }
/* a checked guest MOV to CR4 (the core decoded it: exit_cr.c) */
static inline void arch_set_cr4(struct vcpu *v, uint64_t cr4) { ARCH(set_cr4, v, cr4); }
/* the CR4 bits a guest may set: CR4_GUEST_BITS the CPU has */
static inline uint64_t arch_cr4_allowed(void) { return ARCH(cr4_allowed); }
static inline void arch_set_tsc_offset(struct vcpu *v, uint64_t off) { ARCH(set_tsc_offset, v, off); }
static inline void arch_guest_features(struct guest_features *f) { ARCH(guest_features, f); }
static inline const char *arch_exit_name(unsigned raw_reason) { return ARCH(exit_name, raw_reason); }

#endif
