/* Architectural behaviour a guest relies on, as a PC (and QEMU with
 * -device pc-testdev) provides it, checked under this hypervisor: RF in
 * the EFLAGS a #GP pushes (both injection paths and a native one);
 * single-step (#DB, DR6.BS) across an instruction the hypervisor emulates; hardware data watchpoints (DR0/DR7, DR6.B0 without
 * BS) before and after exits; debug registers that stay the guest's own;
 * an address with no RAM and no device reads as all ones; pc-testdev's
 * data port and IRQ lines (an ISA interrupt raised by a port write),
 * through the IOAPIC and through the 8259 pair; pci-testdev's BARs and
 * test protocol. */
#include "guest.h"

#define RF (1u << 16)
#define TF (1u << 8)
#define DR6_B0 (1u << 0)
#define DR6_BS (1u << 14)
#define IOAPIC 0xfec00000u
#define LAPIC 0xfee00000u

static volatile uint32_t watched;

static void gp_sets_rf(void)
{
    /* an MSR that does not exist: the core queues #GP (events.c) */
    fault_skip = 2;
    (void)rdmsr(0x12345678);
    check(last_vector == 13 && (last_eflags & RF), "gp-msr-pushes-rf", "vector %d EFLAGS 0x%x", last_vector,
          last_eflags);
    /* CR4.VMXE on a CPU that shows no VMX: the write exits and the VMX
     * backend injects #GP itself (vmx_cr.c) */
    uint32_t cr4;
    __asm__ volatile("movl %%cr4, %0" : "=r"(cr4));
    fault_skip = 3;                 /* 0f 22 e0 */
    __asm__ volatile("movl %%eax, %%cr4" :: "a"(cr4 | (1u << 13)));
    check(last_vector == 13, "gp-injected", "vector %d", last_vector);
    check(last_eflags & RF, "gp-pushes-rf", "EFLAGS 0x%x", last_eflags);
    /* a #GP the CPU raises itself, for comparison */
    fault_skip = 3;                 /* 0f 22 e0 */
    __asm__ volatile("movl %%eax, %%cr4" :: "a"(1u << 31));      /* reserved CR4 bit */
    check(last_vector == 13 && (last_eflags & RF), "gp-from-cr4-pushes-rf", "vector %d EFLAGS 0x%x",
          last_vector, last_eflags);
}

/* TF set by POPF, then CPUID (an exit, emulated by the hypervisor): the
 * single-step #DB comes after CPUID completes, with DR6.BS. */
static void single_step_over_exit(void)
{
    extern char after_cpuid[];
    last_vector = -1, last_dr6 = 0;
    fault_skip = 0;                 /* a trap: EIP already points past */
    uint32_t a = 0, b, c = 0, d;
    __asm__ volatile("pushfl; orl %4, (%%esp); popfl\n\t"
                     "cpuid\n"
                     "after_cpuid:\n\t"
                     "nop"
                     : "+a"(a), "=b"(b), "+c"(c), "=d"(d) : "i"(TF) : "memory");
    check(last_vector == 1, "single-step-cpuid-db", "vector %d", last_vector);
    check(last_dr6 & DR6_BS, "single-step-cpuid-bs", "DR6 0x%x", last_dr6);
    check(last_eip == (uint32_t)after_cpuid, "single-step-cpuid-eip", "EIP 0x%x, after CPUID 0x%x", last_eip,
          (uint32_t)after_cpuid);
}

/* MOV SS holds back the single-step trap by one instruction: with TF set,
 * MOV SS then CPUID (an exit, under MOV-SS blocking) gives one #DB, after
 * CPUID, with DR6.BS. */
static void single_step_mov_ss(void)
{
    extern char after_movss_cpuid[];
    last_vector = -1, last_dr6 = 0;
    fault_skip = 0;
    uint32_t a = 0, b, c = 0, d;
    __asm__ volatile("movl %%ss, %%ebx\n\t"
                     "pushfl; orl %4, (%%esp); popfl\n\t"   /* TF: a trap after the next one */
                     "movl %%ebx, %%ss\n\t"                  /* ... which MOV SS holds back */
                     "cpuid\n"
                     "after_movss_cpuid:\n\t"
                     "nop"
                     : "+a"(a), "=b"(b), "+c"(c), "=d"(d) : "i"(TF) : "memory");
    (void)b;
    check(last_vector == 1 && (last_dr6 & DR6_BS), "single-step-movss-cpuid-db", "vector %d DR6 0x%x",
          last_vector, last_dr6);
    check(last_eip == (uint32_t)after_movss_cpuid, "single-step-movss-cpuid-eip", "EIP 0x%x, after CPUID 0x%x",
          last_eip, (uint32_t)after_movss_cpuid);
}

static void set_watch(uint32_t *addr)
{
    __asm__ volatile("mov %0, %%dr0" :: "r"(addr));
    /* L0, R/W0 = 01 (writes), LEN0 = 11 (4 bytes) */
    __asm__ volatile("mov %0, %%dr7" :: "r"(0x1u | (1u << 16) | (3u << 18)));
}

static void watchpoints(void)
{
    set_watch((uint32_t *)&watched);
    last_vector = -1, last_dr6 = 0;
    fault_skip = 0;
    watched = 1;
    check(last_vector == 1 && (last_dr6 & DR6_B0), "watchpoint-hits", "vector %d DR6 0x%x", last_vector, last_dr6);
    check(!(last_dr6 & DR6_BS), "watchpoint-not-bs", "DR6 0x%x", last_dr6);
    /* across exits: the hypervisor leaves DR0/DR7 the guest's */
    uint32_t r[4];
    for (int i = 0; i < 20; i++)
        cpuid(0, 0, r);
    (void)inb(0x61);
    uint32_t dr0;
    __asm__ volatile("mov %%dr0, %0" : "=r"(dr0));
    check(dr0 == (uint32_t)&watched, "dr0-kept-across-exits", "DR0 0x%x", dr0);
    last_vector = -1, last_dr6 = 0;
    fault_skip = 0;
    watched = 2;
    check(last_vector == 1 && (last_dr6 & DR6_B0), "watchpoint-after-exits", "vector %d DR6 0x%x", last_vector,
          last_dr6);
    __asm__ volatile("mov %0, %%dr7" :: "r"(0x400u));
}

static void unassigned(void)
{
    uint32_t v = mmio_read32(0xd0000000u);
    check(v == 0xffffffffu, "unassigned-reads-ones", "0x%x", v);
    mmio_write32(0xd0000000u, 0x12345678);
    v = mmio_read32(0xd0000004u);
    check(v == 0xffffffffu, "unassigned-write-dropped", "0x%x", v);
}

static void testdev(void)
{
    outl(0xe0, 0xcafe1234);
    check(inl(0xe0) == 0xcafe1234, "testdev-port", "0x%x", inl(0xe0));
    /* ISA IRQ 5 -> IOAPIC pin 5 -> vector 0x35, edge, fixed, to LAPIC 0 */
    mmio_write32(LAPIC + 0xf0, 0x1ff);
    mmio_write32(IOAPIC, 0x10 + 2 * 5);
    mmio_write32(IOAPIC + 0x10, 0x35);
    mmio_write32(IOAPIC, 0x11 + 2 * 5);
    mmio_write32(IOAPIC + 0x10, 0);
    unsigned before = irq_count[0x35];
    outb(0x2000 + 5, 1);                            /* raise the line */
    __asm__ volatile("sti; nop; cli");
    check(irq_count[0x35] == before + 1, "testdev-irq-raised", "%u interrupts", irq_count[0x35] - before);
    outb(0x2000 + 5, 1);                            /* still high: no new edge */
    __asm__ volatile("sti; nop; cli");
    check(irq_count[0x35] == before + 1, "testdev-irq-level-held", "%u interrupts", irq_count[0x35] - before);
    outb(0x2000 + 5, 0);
    outb(0x2000 + 5, 1);                            /* low, then high again: a new edge */
    __asm__ volatile("sti; nop; cli");
    check(irq_count[0x35] == before + 2, "testdev-irq-again", "%u interrupts", irq_count[0x35] - before);
}

/* The 8259 pair behind LINT0 (ExtINT): an ISA line raised through
 * pc-testdev reaches a guest that uses the PIC instead of the IOAPIC. */
static void pic_path(void)
{
    outb(0x2000 + 5, 0);                            /* line 5 low again */
    mmio_write32(IOAPIC, 0x10 + 2 * 5);
    mmio_write32(IOAPIC + 0x10, 1u << 16);          /* IOAPIC pin 5 masked: only the PIC sees it */
    mmio_write32(LAPIC + 0x350, 0x700);             /* LVT LINT0: ExtINT, unmasked */
    outb(0x20, 0x11); outb(0x21, 0x20); outb(0x21, 0x04); outb(0x21, 0x01);    /* master: IR0 = 0x20 */
    outb(0xa0, 0x11); outb(0xa1, 0x28); outb(0xa1, 0x02); outb(0xa1, 0x01);    /* slave: IR8 = 0x28 */
    outb(0x21, 0xff & ~(1u << 5));                  /* only IRQ 5 */
    outb(0xa1, 0xff);
    check(inb(0x21) == (0xff & ~(1u << 5)), "pic-mask-reads-back", "0x%x", inb(0x21));
    unsigned before = irq_count[0x25];
    outb(0x2000 + 5, 1);
    __asm__ volatile("sti; nop; cli");
    check(irq_count[0x25] == before + 1, "pic-irq-delivered", "%u interrupts at vector 0x25",
          irq_count[0x25] - before);
    outb(0x20, 0x0b);                               /* OCW3: read ISR */
    check(inb(0x20) == (1u << 5), "pic-in-service", "ISR 0x%x", inb(0x20));
    outb(0x20, 0x20);                               /* EOI */
    check(inb(0x20) == 0, "pic-eoi", "ISR 0x%x", inb(0x20));
    outb(0x21, 0xff);
    mmio_write32(LAPIC + 0x350, 1u << 16);
}

/* QEMU's pci-testdev at 00:01.0: identity, BAR sizing, and its test
 * protocol on both BARs (select a test, write its data at its offset, the
 * device counts the write). */
static uint32_t pci_cfg(unsigned slot, unsigned reg)
{
    outl(0xcf8, 0x80000000u | slot << 11 | reg);
    return inl(0xcfc);
}

static void pci_cfg_write(unsigned slot, unsigned reg, uint32_t v)
{
    outl(0xcf8, 0x80000000u | slot << 11 | reg);
    outl(0xcfc, v);
}

static void pci_test_device(void)
{
    check(pci_cfg(1, 0) == 0x00051b36, "pci-testdev-id", "0x%x", pci_cfg(1, 0));
    uint32_t bar0 = pci_cfg(1, 0x10), bar1 = pci_cfg(1, 0x14);
    pci_cfg_write(1, 0x10, ~0u);
    uint32_t sz0 = pci_cfg(1, 0x10);
    pci_cfg_write(1, 0x10, bar0);
    pci_cfg_write(1, 0x14, ~0u);
    uint32_t sz1 = pci_cfg(1, 0x14);
    pci_cfg_write(1, 0x14, bar1);
    check(!(bar0 & 1) && sz0 == 0xfffff000u, "pci-testdev-bar0-mmio-4k", "BAR0 0x%x size mask 0x%x", bar0, sz0);
    check((bar1 & 1) && sz1 == 0xffffff01u, "pci-testdev-bar1-io-256", "BAR1 0x%x size mask 0x%x", bar1, sz1);
    check(pci_cfg(1, 0x10) == bar0, "pci-testdev-bar0-restored", "0x%x", pci_cfg(1, 0x10));
    uint32_t mem = bar0 & ~0xfu;
    uint16_t io = (uint16_t)(bar1 & ~3u);
    unsigned passed = 0;
    for (unsigned t = 0; t < 3; t++) {
        *(volatile uint8_t *)mem = (uint8_t)t;
        uint32_t off = mmio_read32(mem + 4), data = *(volatile uint8_t *)(mem + 8);
        *(volatile uint8_t *)(mem + off) = (uint8_t)data;
        passed += *(volatile uint8_t *)(mem + 1) == 1 && mmio_read32(mem + 12) == 1 &&
                  *(volatile uint8_t *)(mem + 16) == 'm';
        outb(io, (uint8_t)t);
        off = inl((uint16_t)(io + 4)), data = inb((uint16_t)(io + 8));
        outb((uint16_t)(io + off), (uint8_t)data);
        passed += inb((uint16_t)(io + 1)) == 1 && inl((uint16_t)(io + 12)) == 1 && inb((uint16_t)(io + 16)) == 'p';
    }
    check(passed == 6, "pci-testdev-protocol", "%u of 6 tests counted their write", passed);
    *(volatile uint8_t *)mem = 2;                   /* datamatch: a wrong value does not count */
    uint32_t off = mmio_read32(mem + 4);
    *(volatile uint8_t *)(mem + off) = 0x11;
    check(mmio_read32(mem + 12) == 0, "pci-testdev-datamatch-rejects", "count %u", mmio_read32(mem + 12));
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    idt_setup();
    gp_sets_rf();
    single_step_over_exit();
    single_step_mov_ss();
    watchpoints();
    unassigned();
    testdev();
    pic_path();
    pci_test_device();
    finish();
}
