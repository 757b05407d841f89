/* The VMCB (AMD APM Vol. 2, Appendix B): control area at 0, state-save
 * area at 0x400. Only the fields this backend uses are named. */
#ifndef HV_VMCB_H
#define HV_VMCB_H
#include <stdint.h>
#include <stddef.h>

struct vmcb_seg {
    uint16_t sel, attr;             /* attr: descriptor bits 40-47 and 52-55, packed */
    uint32_t limit;
    uint64_t base;
};

struct vmcb {
    /* control area */
    uint16_t cr_read, cr_write;     /* 0x000 */
    uint16_t dr_read, dr_write;     /* 0x004 */
    uint32_t exceptions;            /* 0x008 */
    uint32_t intercept1;            /* 0x00c: INTR .. SHUTDOWN */
    uint32_t intercept2;            /* 0x010: VMRUN .. */
    uint32_t intercept3;            /* 0x014 */
    uint8_t r018[0x3c - 0x18];
    uint16_t pause_thresh, pause_count; /* 0x03c */
    uint64_t iopm_pa;               /* 0x040 */
    uint64_t msrpm_pa;              /* 0x048 */
    uint64_t tsc_offset;            /* 0x050 */
    uint32_t asid;                  /* 0x058 */
    uint8_t tlb_control;            /* 0x05c */
    uint8_t r05d[3];
    uint64_t vintr;                 /* 0x060: V_TPR, V_IRQ, priority, masking, vector */
    uint64_t int_state;             /* 0x068: bit 0 interrupt shadow */
    uint64_t exit_code;             /* 0x070 */
    uint64_t exit_info1;            /* 0x078 */
    uint64_t exit_info2;            /* 0x080 */
    uint64_t exit_int_info;         /* 0x088 */
    uint64_t np_enable;             /* 0x090 */
    uint64_t avic_bar;              /* 0x098 */
    uint64_t ghcb;                  /* 0x0a0 */
    uint64_t event_inj;             /* 0x0a8 */
    uint64_t ncr3;                  /* 0x0b0 */
    uint64_t virt_ext;              /* 0x0b8 */
    uint32_t clean;                 /* 0x0c0 */
    uint32_t r0c4;
    uint64_t next_rip;              /* 0x0c8 */
    uint8_t r0d0[0x400 - 0xd0];
    /* state-save area */
    struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;   /* 0x400 */
    uint8_t r4a0[0x4cb - 0x4a0];
    uint8_t cpl;                    /* 0x4cb */
    uint32_t r4cc;
    uint64_t efer;                  /* 0x4d0 */
    uint8_t r4d8[0x548 - 0x4d8];
    uint64_t cr4, cr3, cr0, dr7, dr6, rflags, rip;  /* 0x548 */
    uint8_t r580[0x5d8 - 0x580];
    uint64_t rsp;                   /* 0x5d8 */
    uint64_t s_cet, ssp, isst;
    uint64_t rax;                   /* 0x5f8 */
    uint64_t star, lstar, cstar, sfmask, kernel_gs_base;    /* 0x600 */
    uint64_t sysenter_cs, sysenter_esp, sysenter_eip;       /* 0x628 */
    uint64_t cr2;                   /* 0x640 */
    uint8_t r648[0x668 - 0x648];
    uint64_t g_pat;                 /* 0x668 */
    uint64_t dbgctl;                /* 0x670 */
    uint8_t r678[0x1000 - 0x678];
};
_Static_assert(offsetof(struct vmcb, iopm_pa) == 0x40, "VMCB layout");
_Static_assert(offsetof(struct vmcb, vintr) == 0x60, "VMCB layout");
_Static_assert(offsetof(struct vmcb, event_inj) == 0xa8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, next_rip) == 0xc8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, tr) == 0x490, "VMCB layout");
_Static_assert(offsetof(struct vmcb, cpl) == 0x4cb, "VMCB layout");
_Static_assert(offsetof(struct vmcb, efer) == 0x4d0, "VMCB layout");
_Static_assert(offsetof(struct vmcb, cr4) == 0x548, "VMCB layout");
_Static_assert(offsetof(struct vmcb, rip) == 0x578, "VMCB layout");
_Static_assert(offsetof(struct vmcb, rsp) == 0x5d8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, rax) == 0x5f8, "VMCB layout");
_Static_assert(offsetof(struct vmcb, kernel_gs_base) == 0x620, "VMCB layout");
_Static_assert(offsetof(struct vmcb, cr2) == 0x640, "VMCB layout");
_Static_assert(offsetof(struct vmcb, g_pat) == 0x668, "VMCB layout");
_Static_assert(sizeof(struct vmcb) == 4096, "VMCB is one page");

/* intercept1 */
#define I1_INTR      (1u << 0)
#define I1_NMI       (1u << 1)
#define I1_INIT      (1u << 3)
#define I1_VINTR     (1u << 4)
#define I1_CPUID     (1u << 18)
#define I1_IRET      (1u << 20)
#define I1_INVD      (1u << 22)
#define I1_PAUSE     (1u << 23)
#define I1_HLT       (1u << 24)
#define I1_INVLPGA   (1u << 26)
#define I1_IOIO      (1u << 27)
#define I1_MSR       (1u << 28)
#define I1_SHUTDOWN  (1u << 31)
/* intercept2 */
#define I2_VMRUN     (1u << 0)
#define I2_VMMCALL   (1u << 1)
#define I2_VMLOAD    (1u << 2)
#define I2_VMSAVE    (1u << 3)
#define I2_STGI      (1u << 4)
#define I2_CLGI      (1u << 5)
#define I2_SKINIT    (1u << 6)
#define I2_WBINVD    (1u << 9)
#define I2_MONITOR   (1u << 10)
#define I2_MWAIT     (1u << 11)
#define I2_MWAIT_C   (1u << 12)
#define I2_XSETBV    (1u << 13)
#define I2_RDPRU     (1u << 14)

/* vintr */
#define VINTR_IRQ        (1ull << 8)
#define VINTR_PRIO(p)    ((uint64_t)(p) << 16)
#define VINTR_IGN_TPR    (1ull << 20)
#define VINTR_MASKING    (1ull << 24)

/* EVENTINJ / EXITINTINFO */
#define EVT_VALID    (1ull << 31)
#define EVT_ERR      (1ull << 11)
#define EVT_INTR     (0ull << 8)
#define EVT_NMI      (2ull << 8)
#define EVT_EXC      (3ull << 8)

/* exit codes */
enum svm_exit {
    SVM_EXIT_CR0_READ = 0x00, SVM_EXIT_CR0_WRITE = 0x10, SVM_EXIT_EXC0 = 0x40,
    SVM_EXIT_INTR = 0x60, SVM_EXIT_NMI = 0x61, SVM_EXIT_SMI = 0x62, SVM_EXIT_INIT = 0x63,
    SVM_EXIT_VINTR = 0x64, SVM_EXIT_CR0_SEL = 0x65, SVM_EXIT_RDTSC = 0x6e, SVM_EXIT_RDPMC = 0x6f,
    SVM_EXIT_PUSHF = 0x70, SVM_EXIT_POPF = 0x71, SVM_EXIT_CPUID = 0x72, SVM_EXIT_RSM = 0x73,
    SVM_EXIT_IRET = 0x74, SVM_EXIT_SWINT = 0x75, SVM_EXIT_INVD = 0x76, SVM_EXIT_PAUSE = 0x77,
    SVM_EXIT_HLT = 0x78, SVM_EXIT_INVLPG = 0x79, SVM_EXIT_INVLPGA = 0x7a, SVM_EXIT_IOIO = 0x7b,
    SVM_EXIT_MSR = 0x7c, SVM_EXIT_TASK_SWITCH = 0x7d, SVM_EXIT_FERR = 0x7e, SVM_EXIT_SHUTDOWN = 0x7f,
    SVM_EXIT_VMRUN = 0x80, SVM_EXIT_VMMCALL = 0x81, SVM_EXIT_VMLOAD = 0x82, SVM_EXIT_VMSAVE = 0x83,
    SVM_EXIT_STGI = 0x84, SVM_EXIT_CLGI = 0x85, SVM_EXIT_SKINIT = 0x86, SVM_EXIT_RDTSCP = 0x87,
    SVM_EXIT_ICEBP = 0x88, SVM_EXIT_WBINVD = 0x89, SVM_EXIT_MONITOR = 0x8a, SVM_EXIT_MWAIT = 0x8b,
    SVM_EXIT_MWAIT_C = 0x8c, SVM_EXIT_XSETBV = 0x8d, SVM_EXIT_RDPRU = 0x8e,
    SVM_EXIT_NPF = 0x400,
    SVM_EXIT_INVALID = -1,
};

#endif
