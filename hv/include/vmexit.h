/* A VM exit as the vendor-neutral vCPU core sees it: the backend (hv/vmx,
 * later hv/svm) decodes its own exit information into this record; the core
 * (hv/vcpu) dispatches on `kind` and never reads backend state. */
#ifndef HV_VMEXIT_H
#define HV_VMEXIT_H
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include "fmt.h"

enum vmexit_kind {
    VMEXIT_NONE,            /* handled in the backend (host interrupt or NMI, CR access): count it */
    VMEXIT_CPUID,
    VMEXIT_MSR_READ,
    VMEXIT_MSR_WRITE,
    VMEXIT_IO,              /* io.port/size/in/string */
    VMEXIT_MMIO,            /* mmio.gpa: a guest-physical address that is not RAM */
    VMEXIT_HLT,
    VMEXIT_HYPERCALL,
    VMEXIT_XSETBV,
    VMEXIT_TIMER,           /* the slice or a guest timer deadline came */
    VMEXIT_INTR_WINDOW,     /* the guest can take an interrupt now */
    VMEXIT_SKIP,            /* an instruction that does nothing here (INVD, WBINVD, PAUSE, MWAIT) */
    VMEXIT_UD,              /* an instruction the guest must see as absent (VMX/SVM ones): #UD */
    VMEXIT_TRIPLE_FAULT,
    VMEXIT_FATAL,           /* entry failure or an unexpected exit: v->hw.why says what */
    VMEXIT_KICK,            /* a host interrupt (another CPU's kick): look at posted requests */
    VMEXIT_CR_WRITE,        /* MOV to CR4 with no decode assist (SVM): the core decodes and checks it */
    VMEXIT_UD_FAULT,        /* the guest raised #UD (SVM intercepts it): Intel's VMCALL is a
                               hypercall there too, anything else gets its #UD */
};

struct vmexit {
    uint8_t kind;           /* enum vmexit_kind */
    uint8_t insn_len;       /* of the exiting instruction, where the backend knows it */
    uint16_t raw_reason;    /* the backend's reason number: the statistics row (< VM_EXIT_STATS) */
    union {
        struct { uint16_t port; uint8_t size; bool in, string; } io;
        struct { uint64_t gpa; } mmio;
        struct { uint8_t num; } cr;
    };
};

/* A backend's VMEXIT_FATAL: what went wrong, in words, into why (the vCPU's hw.why). */
static inline __attribute__((format(printf, 4, 5))) void vmexit_fatal(struct vmexit *x, char *why, size_t len,
                                                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hv_vsnprintf(why, len, fmt, ap);
    va_end(ap);
    x->kind = VMEXIT_FATAL;
}

#endif
