/* Virtual device state, kept inside struct vm / struct vcpu (VM-local). */
#ifndef HV_DEV_H
#define HV_DEV_H
#include <stdint.h>
#include <stdbool.h>
#include "i8259.h"

struct uart {
    uint8_t ier, lcr, mcr, scr, dll, dlm;
    bool thre_pending, irq_line;
    uint8_t rx[64];                 /* input FIFO (from the hypervisor console) */
    unsigned rx_head, rx_tail;
    char line[160];
    unsigned len;
    uint64_t line_tsc;              /* when the partial line's first character came */
};

struct fwcfg {
    uint16_t sel;
    uint32_t off;
};

struct lapic {
    uint32_t id, tpr, svr, ldr, dfr, esr, icr_lo, icr_hi;
    uint32_t lvt_timer, lvt_lint0, lvt_lint1, lvt_error, lvt_thermal, lvt_perf, lvt_cmci;
    uint32_t tmict, tdcr;
    uint64_t timer_start;       /* TSC when TMICT was written */
    uint64_t deadline;          /* TSC at which the timer fires, 0 = not armed */
    uint64_t tsc_deadline;      /* IA32_TSC_DEADLINE as the guest wrote it */
    uint64_t apic_base;
    uint32_t irr[8], isr[8];
    uint8_t irr_sum, isr_sum;   /* bit n: irr[n] / isr[n] is not zero */
};

struct pit {                    /* 8254 channel 0 (IRQ0) */
    uint8_t mode, access;       /* mode 0-5; access 1 lo, 2 hi, 3 lo/hi */
    bool write_hi, read_hi;     /* next byte of a lo/hi sequence */
    bool latched;
    uint16_t latch;
    uint32_t reload;            /* 1..65536 */
    uint64_t start, next;       /* TSC: counting since, next IRQ0 (0 = none) */
};

struct ioapic {
    uint32_t sel, id;
    uint64_t redir[24];
};

struct testdev {                /* QEMU pc-testdev (hv/dev/testdev.c) */
    uint32_t data;
    uint32_t irq_level;         /* lines 0-23 */
    uint8_t *iomem;             /* 64 KiB in the VM's area */
};

struct pci_testdev {            /* QEMU pci-testdev at 00:01.0 (hv/dev/pcitestdev.c) */
    bool present;
    int current;                /* selected test (0-2 MMIO, 3-5 port I/O), -1 none */
    uint32_t count;             /* matching writes since it was selected */
    bool sizing[2];             /* BAR0/BAR1 last written with all ones */
};

struct pci_func;
#define PCI_SLOTS 32

struct vm_devices {
    struct ioapic ioapic;
    struct pit pit;
    struct uart com1;
    struct fwcfg fwcfg;
    uint32_t pci_addr;
    struct i8259_pair pic;          /* ISA interrupts for guests without the IOAPIC */
    uint8_t port61;
    uint8_t cmos_index;
    uint8_t cmos[128];              /* NVRAM: kept across a VM restart */
    uint16_t pm1_en, pm1_cnt;
    struct testdev testdev;         /* only with testdev = 1 */
    struct pci_testdev pci_testdev; /* only with testdev = 1 */
    struct pci_func *pci[PCI_SLOTS];/* emulated functions on bus 0 (function 0 each), in the VM's area */
};

struct vm;
struct vcpu;
void dev_uart_init(struct vm *vm);
void dev_uart_flush(struct vm *vm);
/* A character of the VM's console output: whole lines go to the hypervisor's
 * console, tagged; a partial line (a prompt) after UART_LINE_HOLD_MS. */
void dev_uart_putc(struct vm *vm, char c);
uint64_t dev_uart_flush_due(const struct vm *vm);       /* TSC, 0: nothing held */
void dev_uart_flush_stale(struct vm *vm, uint64_t now);
void dev_uart_input(struct vm *vm, char c);
bool dev_uart_take_queued(struct vm *vm);   /* the control VM's input for it (HC_CONS_WRITE) */
/* Move characters typed on the hypervisor's COM1 into vm's UART; true if any. */
bool host_serial_poll(struct vm *vm);
extern struct conswitch console_input;   /* who gets typed input (conswitch.h) */
void console_input_announce(void);
void dev_platform_init(struct vm *vm);   /* debug-exit, PM, PCI, PIC/PIT, CMOS, i8042 */
void dev_fwcfg_init(struct vm *vm);
void dev_ioapic_init(struct vm *vm);
void dev_ioapic_reset(struct vm *vm);
void dev_pit_init(struct vm *vm);
void dev_cmos_init(struct vm *vm);
void dev_testdev_init(struct vm *vm);    /* xl.cfg testdev = 1 */
void dev_pci_testdev_init(struct vm *vm);
uint32_t pci_testdev_config_read(const struct pci_testdev *t, unsigned reg);
void pci_testdev_config_write(struct pci_testdev *t, unsigned reg, uint32_t val);
/* A device interrupt on an ISA IRQ: routed through the IOAPIC to the LAPIC. */
void vm_isa_irq(struct vm *vm, unsigned irq);
void ioapic_raise(struct vm *vm, unsigned gsi);
void vm_apic_message(struct vm *vm, uint32_t dest, bool logical, unsigned mode, unsigned vec);
void vm_msi(struct vm *vm, uint64_t addr, uint32_t data);
void pit_fire(struct vm *vm, uint64_t now);   /* IRQ0 is due (vcpu_timers_update checks) */
uint64_t pit_next_deadline(struct vm *vm);
void dev_acpi_tables(struct vm *vm);
/* VM n has device work left by other VMs (frames in its inboxes: netswitch.h);
 * its vCPU 0 does it in its own context (vcpu_timers_update). */
extern volatile uint8_t net_pending[];
void dev_io_work(struct vm *vm);     /* RSDP/RSDT/XSDT/MADT/FADT/DSDT in guest memory */

/* LAPIC (hv/dev/lapic.c) */
void lapic_init(struct vcpu *v);
/* MMIO handler (iobus_fn) for the LAPIC page: the accessing vCPU's LAPIC */
void lapic_mmio(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val);
int lapic_msr_read(struct vcpu *v, uint32_t msr, uint64_t *val);
int lapic_msr_write(struct vcpu *v, uint32_t msr, uint64_t val);
void lapic_set_irr(struct lapic *l, unsigned vec);     /* atomic: any CPU may post */
/* On the vCPU's own CPU: apply INIT, SIPI and NMI that vCPUs elsewhere posted. */
void lapic_take_requests(struct vcpu *t);
struct apic_target;
void lapic_target(const struct vcpu *v, struct apic_target *t);   /* its ID, LDR, DFR, mode */
void lapic_timer_fire(struct lapic *l, uint64_t now);  /* its deadline came (vcpu_timers_update checks) */
int lapic_pending_vector(struct lapic *l);  /* highest deliverable vector or -1 */
/* Does the 8259's INTR reach the CPU: LAPIC off (pass-through) or LINT0 ExtINT unmasked? */
bool lapic_accepts_extint(const struct lapic *l);
void lapic_ack(struct lapic *l, unsigned vec);
uint64_t lapic_next_deadline(struct vcpu *v);

#define LAPIC_BASE 0xfee00000ull
#define IOAPIC_BASE 0xfec00000ull
#define PM_BASE 0x600
#define ACPI_RSDP_GPA 0xe0000ull

#endif
