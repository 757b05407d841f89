/* Cross-CPU requests as NMIs with a mailbox in struct percpu (ipi.h). */
#include "ipi.h"
#include "apic.h"
#include "percpu.h"
#include "cpu.h"
#include "asi.h"
#include "console.h"

#define NO_CPU 0xffffffffu
static uint32_t stopping_cpu __asi_shared = NO_CPU;   /* read by NMI handlers on any space */
/* Kicks are sent from exit handlers on a restricted space, which maps no
 * other CPU's private area: the target's APIC ID and its "kicked" flag
 * live here, shared (they say nothing about any VM). */
static uint32_t cpu_apic_id[MAX_CPUS] __asi_shared;
volatile uint8_t ipi_kick_flags[MAX_CPUS] __asi_shared;
volatile uint8_t ipi_cpu_polling[MAX_CPUS] __asi_shared;
volatile uint64_t ipi_kick_for[MAX_CPUS] __asi_shared;

void ipi_cpu_online(unsigned cpu, uint32_t apic)
{
    cpu_apic_id[cpu] = apic;
}

void ipi_kick(unsigned cpu)
{
    ipi_kick_vcpu(cpu, ~0ull);
}

void ipi_kick_vcpu(unsigned cpu, uint64_t who)
{
    __atomic_fetch_or(&ipi_kick_for[cpu], who, __ATOMIC_SEQ_CST);
    __atomic_store_n(&ipi_kick_flags[cpu], 1, __ATOMIC_SEQ_CST);
    if (!__atomic_load_n(&ipi_cpu_polling[cpu], __ATOMIC_SEQ_CST))
        apic_send(cpu_apic_id[cpu], ICR_FIXED | KICK_VECTOR);   /* a polling CPU sees the flag */
}

bool ipi_kicked(void)
{
    volatile uint8_t *f = &ipi_kick_flags[this_cpu()->cpu];
    if (!*f)
        return false;
    __atomic_store_n(f, 0, __ATOMIC_SEQ_CST);
    return true;
}

static void wait_bounded(volatile uint32_t *flag, uint32_t until)
{
    for (unsigned long i = 0; i < 50000000ul && *flag != until; i++)
        cpu_relax();
}

void ipi_stop_others(void)
{
    unsigned me = this_cpu()->cpu;
    uint32_t none = NO_CPU;
    if (!__atomic_compare_exchange_n(&stopping_cpu, &none, me, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        if (none != me)
            cpu_halt_forever();         /* another CPU is stopping the machine and says why */
        return;                     /* this CPU already is (a fault while stopping) */
    }
    if (cpus_online == 1)
        return;
    apic_send(0, ICR_NMI | ICR_ALL_BUT_SELF);
    for (unsigned c = 0; c < MAX_CPUS; c++)
        if (c != me && (cpus_online >> c & 1))
            wait_bounded(&percpu_areas[c].stopped, 1);
    serial_bust_lock();
}

unsigned ipi_flush(uint64_t mask)
{
    unsigned me = this_cpu()->cpu, n = 0;
    mask &= cpus_online & ~(1ull << me);
    for (unsigned c = 0; c < MAX_CPUS; c++)
        if (mask >> c & 1) {
            __atomic_store_n(&percpu_areas[c].flush_req, 1, __ATOMIC_SEQ_CST);
            apic_send(percpu_areas[c].apic_id, ICR_NMI);
            n++;
        }
    for (unsigned c = 0; c < MAX_CPUS; c++)
        if (mask >> c & 1)
            while (__atomic_load_n(&percpu_areas[c].flush_req, __ATOMIC_ACQUIRE))
                cpu_relax();        /* NMIs reach a CPU wherever it is: no timeout needed */
    return n;
}

bool ipi_nmi(void)
{
    struct percpu *pc = this_cpu();
    uint32_t s = __atomic_load_n(&stopping_cpu, __ATOMIC_ACQUIRE);
    if (s != NO_CPU && s != pc->cpu) {
        pc->stopped = 1;
        cpu_halt_forever();
    }
    if (!__atomic_load_n(&pc->flush_req, __ATOMIC_ACQUIRE))
        return false;
    /* Everything, every PCID: remote flushes happen when a VM loses a page
     * (rare), and which spaces cached a window is known only to its CPU. */
    if (read_cr4() & CR4_PCIDE)     /* PCIDs come only with INVPCID (hv/asi/space.c) */
        invpcid(2, 0, 0);
    else
        write_cr3(read_cr3());
    pc->ipis++;
    __atomic_store_n(&pc->flush_req, 0, __ATOMIC_RELEASE);
    return true;
}
