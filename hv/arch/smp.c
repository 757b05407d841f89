/* Bringing up application processors: the MADT lists them; each is started
 * with INIT-SIPI-SIPI into hv/boot/apboot.S, builds its own private area and
 * full address space, passes the same VMX checks as the boot CPU and turns
 * VMX on. A CPU that fails or does not answer is named and left offline. */
#include "smp.h"
#include "acpi.h"
#include "madt.h"
#include "apic.h"
#include "percpu.h"
#include "cpu.h"
#include "mm.h"
#include "pt.h"
#include "tsc.h"
#include "asi.h"
#include "console.h"
#include "options.h"
#include "vcpu_arch.h"
#include "vm.h"
#include "fmt.h"
#include "ipi.h"
#include <string.h>

#define TRAMP_PAGE 0x8000           /* below 1 MiB, reserved from the allocator; SIPI vector 8 */
#define AP_STACK_SIZE 16384

enum { AP_NONE, AP_ALIVE, AP_ONLINE, AP_REFUSED };

/* hv/boot/apboot.S: the real-mode blob, and what the starting AP reads */
extern char ap_tramp_start[], ap_tramp_end[];
extern uint64_t ap_boot_stack, ap_boot_entry;
extern uint32_t ap_boot_cpu;
static uint8_t ap_stacks[MAX_CPUS][AP_STACK_SIZE] __attribute__((aligned(4096)));
static uint32_t ap_apic[MAX_CPUS];
static volatile uint32_t ap_state[MAX_CPUS];
static char ap_why[MAX_CPUS][160];
static volatile uint32_t vms_go, aps_done;

unsigned smp_ncpus(void)
{
    unsigned n = 0;
    for (uint64_t m = cpus_online; m; m &= m - 1)
        n++;
    return n;
}

void ap_main(unsigned cpu);
void ap_main(unsigned cpu)
{
    write_cr3(kernel_pt()->root);   /* off the boot tables: the boot CPU's full space has the physmap */
    percpu_init(cpu);
    idt_load();
    apic_cpu_init(0);
    if (cpu >= MAX_CPUS || apic_id() != ap_apic[cpu])
        cpu_halt_forever();             /* a late starter the boot CPU gave up on */
    if (cpu == 1 && !strcmp(hv_opts.test, "ap-silent"))
        cpu_halt_forever();             /* test: a CPU that never answers */
    ap_state[cpu] = AP_ALIVE;
    uint64_t root = mm_cpu_root(cpu);
    write_cr3(root);
    percpu_go_private(cpu);
    this_cpu()->apic_id = ap_apic[cpu];
    ipi_cpu_online(cpu, ap_apic[cpu]);
    asi_cpu_init(root);
    if (arch_check_ap(ap_why[cpu], sizeof(ap_why[cpu])) || arch_cpu_enable(ap_why[cpu], sizeof(ap_why[cpu]))) {
        __atomic_store_n(&ap_state[cpu], AP_REFUSED, __ATOMIC_RELEASE);
        cpu_halt_forever();
    }
    sched_cpu_init();
    __atomic_store_n(&ap_state[cpu], AP_ONLINE, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&vms_go, __ATOMIC_ACQUIRE))
        cpu_relax();
    if (cpu == 1 && !strcmp(hv_opts.test, "fault-ap"))
        __asm__ volatile("ud2");    /* a hypervisor bug on an AP: it stops the machine, naming itself */
    vm_run_all();
    __atomic_add_fetch(&aps_done, 1, __ATOMIC_RELEASE);
    cpu_halt_forever();
}

static void delay_us(uint64_t us)
{
    uint64_t end = rdtsc() + (tsc_hz ? tsc_hz : 1000000000ull) / 1000000 * us;
    while (rdtsc() < end)
        cpu_relax();
}

/* INIT, then SIPI (again if the first did not start it), then wait for the
 * AP's verdict. Returns its final state. */
static uint32_t start_ap(unsigned cpu, uint32_t id)
{
    ap_apic[cpu] = id;
    ap_state[cpu] = AP_NONE;
    ap_boot_cpu = cpu;
    ap_boot_stack = (uint64_t)&ap_stacks[cpu][AP_STACK_SIZE];
    ap_boot_entry = (uint64_t)ap_main;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    apic_send(id, ICR_INIT);
    delay_us(10000);
    for (int sipi = 0; sipi < 2 && ap_state[cpu] == AP_NONE; sipi++) {
        apic_send(id, ICR_SIPI | (TRAMP_PAGE >> 12));
        delay_us(sipi ? 100000 : 1000);
    }
    if (ap_state[cpu] == AP_NONE)
        return AP_NONE;
    for (int ms = 0; ms < 2000 && __atomic_load_n(&ap_state[cpu], __ATOMIC_ACQUIRE) == AP_ALIVE; ms++)
        delay_us(1000);
    return ap_state[cpu];
}

static void id_list(char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = 0;
    for (unsigned c = 0; c < MAX_CPUS; c++)
        if (cpus_online >> c & 1)
            n += (size_t)hv_snprintf(buf + n, n < len ? len - n : 0, "%s%u", n ? "," : "",
                                     percpu_areas[c].apic_id);
}

void smp_boot(void)
{
    const struct acpi_sdt_hdr *t = acpi_host_table("APIC");
    struct madt_info m;
    char err[160], ids[128];
    int bad = t ? madt_parse(t, t->length, &m, err, sizeof(err)) : -1;
    apic_cpu_init(bad ? 0 : m.lapic_addr);
    this_cpu()->apic_id = apic_id();
    ipi_cpu_online(0, this_cpu()->apic_id);
    if (bad) {
        pr_warn("smp: %s; running on the boot CPU only\n", t ? err : "no ACPI MADT");
        m.ncpus = 0;
    }
    memcpy(phys_to_virt(TRAMP_PAGE), ap_tramp_start, (size_t)(ap_tramp_end - ap_tramp_start));
    unsigned next = 1, by_max = 0, by_limit = 0;
    for (unsigned i = 0; i < m.ncpus; i++) {
        uint32_t id = m.apic_id[i];
        if (id == this_cpu()->apic_id)
            continue;
        if (hv_opts.maxcpus && next >= hv_opts.maxcpus) {
            by_max++;
            continue;
        }
        if (next >= MAX_CPUS) {
            by_limit++;
            continue;
        }
        uint32_t st = start_ap(next, id);
        if (st == AP_ONLINE) {
            cpus_online |= 1ull << next;
            next++;
        } else if (st == AP_REFUSED) {
            pr_warn("smp: CPU with APIC ID %u: %s; left offline\n", id, ap_why[next]);
        } else {
            pr_warn("smp: CPU with APIC ID %u %s; left offline\n", id,
                    st == AP_NONE ? "did not answer INIT-SIPI-SIPI" : "started but never finished its setup");
        }
    }
    id_list(ids, sizeof(ids));
    pr_info("smp: %u CPU%s online (APIC IDs %s)\n", smp_ncpus(), smp_ncpus() == 1 ? "" : "s", ids);
    if (by_max)
        pr_info("smp: %u more CPU%s left offline by maxcpus=%u\n", by_max, by_max == 1 ? "" : "s",
                hv_opts.maxcpus);
    if (by_limit)
        pr_warn("smp: %u more CPU%s left offline: this build runs at most %u\n", by_limit,
                by_limit == 1 ? "" : "s", MAX_CPUS);
    if (m.disabled)
        pr_info("smp: %u CPU%s the MADT marks disabled\n", m.disabled, m.disabled == 1 ? "" : "s");
    if (!strcmp(hv_opts.test, "ipi-flush")) {
        unsigned asked = ipi_flush(cpus_online);
        uint64_t done = 0;
        for (unsigned c = 1; c < MAX_CPUS; c++)
            done += percpu_areas[c].ipis;
        pr_info("smp: test ipi-flush: %u CPUs asked, %llu flushes done and acknowledged\n", asked,
                (unsigned long long)done);
    }
}

void smp_start_vms(void)
{
    __atomic_store_n(&vms_go, 1, __ATOMIC_RELEASE);
}

void smp_wait_vms(void)
{
    while (__atomic_load_n(&aps_done, __ATOMIC_ACQUIRE) != smp_ncpus() - 1)
        cpu_relax();
}
