/* Per-CPU private area: the CPU's GDT, TSS, IST stacks, ASI state, ephmap
 * windows and loaded vCPU. Each lives in .bss (full space only, at its image
 * address) and is mapped a second time at PCPU_BASE in that CPU's own page
 * tables only; GS base points there, so this_cpu() is the same address on
 * every CPU and no restricted space maps another CPU's private data. */
#ifndef HV_PERCPU_H
#define HV_PERCPU_H
#include <stdint.h>
#include <stdbool.h>

#define MAX_CPUS 8
#define IST_STACK_SIZE 8192

/* The private slot: [PCPU_BASE, +2 MiB) this CPU's struct percpu,
 * [PCPU_EPHMAP_BASE, +2 MiB) its ephmap windows. */
#define PCPU_SLOT 508
#define PCPU_BASE (0xffff000000000000ull | ((uint64_t)PCPU_SLOT << 39))
#define PCPU_EPHMAP_BASE (PCPU_BASE + (2ull << 20))
#define PCPU_LAPIC_PTE 511                  /* the last window-table entry: the xAPIC page */
#define PCPU_SPAN (4ull << 20)

struct __attribute__((packed)) tss64 {
    uint32_t rsvd0;
    uint64_t rsp[3];
    uint64_t rsvd1;
    uint64_t ist[7];
    uint64_t rsvd2;
    uint16_t rsvd3;
    uint16_t iomap_base;
};

struct vm;
struct vcpu;

struct percpu {
    struct percpu *self;        /* %gs:0, so this_cpu() is one load */
    unsigned cpu;
    /* ASI state (hv/asi): the CR3 values and what the current exit did */
    uint64_t full_cr3;          /* with PCID and no-flush bit when PCIDs are on */
    uint64_t restricted_cr3;    /* of the VM whose exit this CPU is handling */
    bool asi_exited;            /* this exit left the restricted space */
    bool restricted_on;         /* restricted_cr3 is a restricted space (its VM's ASI on when
                                   this CPU last set it: a sibling on another CPU may be
                                   switching the VM's setting meanwhile) */
    bool *entry_work;           /* the running vCPU's: set with asi_exited, so its loop
                                   looks at slow work only when there is some */
    struct vm *cur_vm;
    struct vcpu *loaded;        /* whose VMCS, FPU and guest MSRs this CPU holds */
    unsigned cur_exit;          /* basic exit reason being handled */
    /* scheduler hints for the exit path: may it keep the CPU? */
    bool others_runnable;
    uint64_t foreign_deadline;  /* earliest timer of another VM (TSC), ~0 = none */
    bool input_waiter;          /* this CPU feeds the console input's VM (its home): typed
                                   input makes a running vCPU give the CPU back */
    volatile unsigned nrunnable;    /* vCPUs runnable here at the last round (balancing reads it) */
    uint64_t nmis;              /* host NMIs taken, also those that caused VM exits */
    uint32_t apic_id;
    /* cross-CPU requests (hv/arch/ipi.c): set by the sender on the full
     * space, read here through PCPU_BASE by the NMI handler */
    volatile uint32_t flush_req;    /* flush this CPU's TLB (ephmap windows, VM PCIDs), then clear */
    volatile uint32_t stopped;      /* acknowledged a machine stop: halted for good */
    uint64_t ipis;              /* request NMIs taken */
    uint8_t ephmap_used;        /* bitmap of busy ephmap slots */
    uint8_t ephmap_live[8];     /* per slot: EPHMAP_LIVE_* spaces that may cache it */
    /* SVM (hv/svm): the host's VMLOAD/VMSAVE state, this CPU's ASIDs */
    uint64_t svm_host_pa;
    uint32_t svm_asid_next, svm_asid_gen;
    volatile uint32_t *lapic_va; /* xAPIC registers in the private slot (every space maps it) */
    uint64_t gdt[8] __attribute__((aligned(16)));
    struct tss64 tss __attribute__((aligned(16)));
    uint8_t ist_df[IST_STACK_SIZE] __attribute__((aligned(16)));
    uint8_t ist_nmi[IST_STACK_SIZE] __attribute__((aligned(16)));
    uint8_t ist_mc[IST_STACK_SIZE] __attribute__((aligned(16)));
    /* the private slot's page tables: PDPT -> PD -> { this area, the windows } */
    uint64_t pt_pdpt[512] __attribute__((aligned(4096)));
    uint64_t pt_pd[512] __attribute__((aligned(4096)));
    uint64_t pt_self[512] __attribute__((aligned(4096)));     /* maps this struct at PCPU_BASE */
    uint64_t ephmap_pt[512] __attribute__((aligned(4096)));   /* the windows' PTEs */
} __attribute__((aligned(4096)));

#define GDT_CODE 0x08
#define GDT_DATA 0x10
#define GDT_TSS  0x18

static inline struct percpu *this_cpu(void)
{
    struct percpu *p;
    __asm__ volatile("mov %%gs:0, %0" : "=r"(p));
    return p;
}

extern struct percpu percpu_areas[MAX_CPUS];
extern uint64_t cpus_online;      /* bit per CPU index; CPU 0 is the boot CPU */
void percpu_init(unsigned cpu);   /* GDT, TSS, GS base (at its image address, at boot) */
/* The PML4 entry that maps cpu's private slot (its tables built here). */
uint64_t percpu_slot_entry(unsigned cpu, uint64_t nx);
/* Move the running CPU onto its PCPU_BASE alias: GDT, TSS (IST stacks),
 * GS base. The current page tables must map the private slot already. */
void percpu_go_private(unsigned cpu);
void percpu_map_lapic(uint64_t phys);
void idt_init(void);              /* the shared IDT; load on each CPU */
void idt_load(void);

#endif
