/*
 * exitbench: VM-exit round-trip latency, per exit type, ASI off and on in
 * interleaved rounds of the same run. A multiboot v1 guest.
 *
 * Each sample: LFENCE; RDTSC; LFENCE; <one exiting operation>; RDTSCP; LFENCE.
 * The cost of the timing itself (the same sequence around nothing) is
 * measured first and subtracted. Rounds alternate asi-off / asi-on (switched
 * by hypercall between rounds, never inside one) so both variants see the
 * same machine; each round starts with a warm-up that is not recorded.
 * Command line: samples=N (per round and type, default 200) rounds=R (even,
 * default 4) xcpu=1 (instead: the rows between two vCPUs on two host CPUs;
 * the VM needs vcpus = 2 and a machine with 2 CPUs).
 */
#include "guest.h"
#include "benchstat.h"
#include "fmt.h"
#include <string.h>

#define MAX_SAMPLES 1000
#define MAX_ROUNDS 16
#define WARMUP 16
#define IOAPIC 0xfec00000u

static inline uint64_t t_start(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t t_end(void)
{
    uint32_t lo, hi, aux;
    __asm__ volatile("rdtscp; lfence" : "=a"(lo), "=d"(hi), "=c"(aux) :: "memory");
    return ((uint64_t)hi << 32) | lo;
}

static long hc(long nr, long a, long *ob, long *oc)
{
    long rb = a, rc = 0, ret;
    if (hv_vmmcall)
        __asm__ volatile("vmmcall" : "=a"(ret), "+b"(rb), "+c"(rc) : "a"(nr) : "memory");
    else
        __asm__ volatile("vmcall" : "=a"(ret), "+b"(rb), "+c"(rc) : "a"(nr) : "memory");
    if (ob) *ob = rb;
    if (oc) *oc = rc;
    return ret;
}

/* ---- the operations ---- */
static void op_none(void) {}
static void op_cpuid(void) { uint32_t r[4]; cpuid(0, 0, r); }
static void op_vmcall(void)      /* VMMCALL on AMD */
{
    long r;
    if (hv_vmmcall)
        __asm__ volatile("vmmcall" : "=a"(r) : "a"(0L) : "memory");
    else
        __asm__ volatile("vmcall" : "=a"(r) : "a"(0L) : "memory");
}
static void op_pio_in(void) { (void)inl(0x608); }
static void op_pio_out(void) { outb(0x3ff, 0x5a); }
static void op_rdmsr(void) { (void)rdmsr(0x808); }                  /* x2APIC TPR */
static void op_wrmsr(void) { wrmsr(0x6e0, 0); }                     /* TSC_DEADLINE, disarmed */
static void op_mmio_rd(void) { (void)mmio_read32(IOAPIC); }         /* IOREGSEL */
static void op_mmio_wr(void) { mmio_write32(IOAPIC, 1); }
static void op_cr0_wp(void)
{
    uint32_t cr0;
    __asm__ volatile("movl %%cr0, %0; xorl $0x10000, %0; movl %0, %%cr0; xorl $0x10000, %0; movl %0, %%cr0"
                     : "=&r"(cr0) :: "memory");
}
static void op_hlt_ipi(void)
{
    wrmsr(0x83f, 0x30);                             /* self-IPI while IF=0: pending */
    __asm__ volatile("sti; hlt; cli" ::: "memory"); /* HLT exits, sees it, takes it */
}
static void op_timer(void)
{
    unsigned before = irq_count[0x31];
    wrmsr(0x838, 1);                                /* one-shot, 1 tick */
    while (irq_count[0x31] == before)
        __asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* ---- across CPUs (xcpu=1): vCPU 1 (the AP) runs on another host CPU ---- */
#define V_PING 0x38                     /* BSP -> AP; the AP answers with V_PONG */
#define V_PONG 0x39
#define V_WAKE 0x3a                     /* BSP -> halted AP: its handler stamps the TSC */
#define V_CMD  0x3b                     /* BSP -> AP: look at ap_cmd */
static volatile uint32_t ap_up, ap_cmd, ap_cmd_done;
volatile uint32_t ap_woke_lo, ap_woke_hi;

/* V_WAKE's own handler: the TSC first, then EOI (x2APIC) */
void wake_stub(void);
__asm__(".text\n.globl wake_stub\nwake_stub:\n"
        "  pushl %eax\n  pushl %ecx\n  pushl %edx\n"
        "  rdtsc\n  movl %edx, ap_woke_hi\n  movl %eax, ap_woke_lo\n"
        "  movl $0x80b, %ecx\n  xorl %eax, %eax\n  xorl %edx, %edx\n  wrmsr\n"
        "  popl %edx\n  popl %ecx\n  popl %eax\n  iret\n");

static void ipi(uint32_t apic_id, unsigned vec)
{
    wrmsr(0x830, (uint64_t)apic_id << 32 | vec);    /* x2APIC ICR: fixed, physical */
}

/* The AP: halts; a ping is answered after its handler ran, a command
 * (switch ASI for its own exits: hypercall 5) is carried out. */
static void ap_bench_main(void)
{
    wrmsr(0x1b, rdmsr(0x1b) | (1u << 10));
    wrmsr(0x80f, 0x1ff);
    unsigned pings = 0;
    ap_up = 1;
    for (;;) {
        __asm__ volatile("sti; hlt; cli" ::: "memory");
        if (irq_count[V_PING] != pings) {
            pings = irq_count[V_PING];
            ipi(0, V_PONG);
        }
        uint32_t c = ap_cmd;
        if (c != ap_cmd_done) {
            hc(5, (long)(c & 1), 0, 0);
            ap_cmd_done = c;
        }
    }
}

static bool start_ap(void)
{
    ap_prepare(ap_bench_main);
    idt_set(V_WAKE, wake_stub);
    wrmsr(0x830, 1ull << 32 | 0x4500);              /* INIT */
    wrmsr(0x830, 1ull << 32 | 0x4600 | (AP_TRAMP >> 12));
    for (uint64_t end = rdtsc() + 2000000000ull; rdtsc() < end;)
        if (ap_up)
            return true;
    return false;
}

/* The AP's exits switch ASI with the BSP's at each round. */
static void ap_set_asi(int on, unsigned round)
{
    uint32_t c = (round + 1) << 1 | (uint32_t)on;
    ap_cmd = c;
    ipi(1, V_CMD);
    while (ap_cmd_done != c)
        __asm__ volatile("pause");
}

static void op_ipi_xcpu(void)
{
    unsigned before = irq_count[V_PONG];
    ipi(1, V_PING);
    while (irq_count[V_PONG] == before)
        __asm__ volatile("sti; hlt; cli" ::: "memory");
}

/* From the ICR write to the halted AP's handler (TSCs agree across vCPUs). */
static uint32_t sample_wake_xcpu(void)
{
    for (uint64_t settle = rdtsc() + 20000; rdtsc() < settle;)
        __asm__ volatile("pause");                  /* the AP is back in HLT */
    uint32_t before = ap_woke_lo;
    uint64_t t0 = t_start();
    ipi(1, V_WAKE);
    while (ap_woke_lo == before)
        __asm__ volatile("pause");
    uint64_t t1 = (uint64_t)ap_woke_hi << 32 | ap_woke_lo;
    return t1 > t0 ? (uint32_t)(t1 - t0) : 0;
}

struct bench {
    const char *name;
    void (*op)(void);
    int reason;             /* basic exit reason for HC_STATS, -1 if none, 0xffff all */
    const char *note;
    uint32_t (*sample)(void);   /* instead of timing op: the op measures itself */
};

static const struct bench xcpu_benches[] = {
    { "ipi-xcpu", op_ipi_xcpu, 0xffff, "IPI round trip to a vCPU on another CPU (send, handler, EOI, reply)", 0 },
    { "wake-xcpu", 0, 0xffff, "a halted vCPU on another CPU woken by an IPI (ICR write to its handler)", sample_wake_xcpu },
};

static const struct bench one_cpu_benches[] = {
    { "cpuid", op_cpuid, 10, "CPUID leaf 0", 0 },
    { "vmcall", op_vmcall, 18, "null hypercall", 0 },
    { "pio-in", op_pio_in, 30, "IN from the ACPI PM timer", 0 },
    { "pio-out", op_pio_out, 30, "OUT to the UART scratch register", 0 },
    { "rdmsr", op_rdmsr, 31, "RDMSR x2APIC TPR", 0 },
    { "wrmsr", op_wrmsr, 32, "WRMSR TSC_DEADLINE", 0 },
    { "mmio-read", op_mmio_rd, 48, "IOAPIC IOREGSEL read: EPT violation + decode", 0 },
    { "mmio-write", op_mmio_wr, 48, "IOAPIC IOREGSEL write: EPT violation + decode", 0 },
    { "cr0-wp", op_cr0_wp, -1, "CR0.WP toggle (not intercepted: no exit)", 0 },
    { "hlt-ipi", op_hlt_ipi, 12, "HLT woken by a self-IPI", 0 },
    { "lapic-timer", op_timer, 12, "LAPIC one-shot timer round trip", 0 },
};
#define MAX_NB (sizeof(one_cpu_benches) / sizeof(one_cpu_benches[0]))
static const struct bench *benches = one_cpu_benches;
static unsigned NB = MAX_NB;

static uint32_t samples[MAX_NB][2][MAX_ROUNDS / 2 * MAX_SAMPLES];
static uint32_t nsamp[MAX_NB][2];
static uint64_t d_exits[MAX_NB][2], d_asi[MAX_NB][2], d_cyc[MAX_NB][2];
static uint32_t overhead;

static uint32_t measure(const struct bench *b)
{
    if (b->sample)
        return b->sample();
    void (*op)(void) = b->op;
    uint64_t t0 = t_start();
    op();
    uint64_t t1 = t_end();
    uint64_t d = t1 - t0;
    return d > overhead ? (uint32_t)(d - overhead) : 0;
}

static unsigned arg(const char *cmdline, const char *key, unsigned def)
{
    const char *p = strstr(cmdline, key);
    if (!p)
        return def;
    p += strlen(key);
    unsigned v = 0;
    while (*p >= '0' && *p <= '9')
        v = v * 10 + (unsigned)(*p++ - '0');
    return v ? v : def;
}

static void cpu_name(char *out)
{
    uint32_t r[4];
    cpuid(0x80000000, 0, r);
    if (r[0] < 0x80000004) {
        strlcpy(out, "unknown CPU", 49);
        return;
    }
    for (uint32_t i = 0; i < 3; i++) {
        cpuid(0x80000002 + i, 0, r);
        memcpy(out + 16 * i, r, 16);
    }
    out[48] = 0;
    while (*out == ' ')
        memmove(out, out + 1, strlen(out));
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    const char *cmdline = (const char *)*(uint32_t *)(info + 16);
    unsigned nsamples = arg(cmdline, "samples=", 200), rounds = arg(cmdline, "rounds=", 4);
    if (nsamples > MAX_SAMPLES) nsamples = MAX_SAMPLES;
    if (rounds > MAX_ROUNDS) rounds = MAX_ROUNDS;
    rounds += rounds & 1;
    if (!under_hypervisor()) {
        printf("exitbench: needs the ASI hypervisor (CPUID hypervisor bit is clear)\n");
        return 0;
    }
    idt_setup();
    wrmsr(0x1b, rdmsr(0x1b) | (1u << 10));          /* x2APIC */
    x2apic_mode = true;
    wrmsr(0x80f, 0x1ff);                            /* SVR: enable */
    wrmsr(0x83e, 0xb);                              /* divide by 1 */
    wrmsr(0x832, 0x31);                             /* timer: one-shot, vector 0x31 */
    bool xcpu = arg(cmdline, "xcpu=", 0);
    if (xcpu) {
        benches = xcpu_benches;
        NB = sizeof(xcpu_benches) / sizeof(xcpu_benches[0]);
        if (!start_ap()) {
            printf("exitbench: xcpu=1 needs a second vCPU (vcpus = 2): none answered INIT-SIPI\n");
            return 0;
        }
    }
    char machine[49];
    cpu_name(machine);
    /* timing overhead: the minimum of many empty measurements */
    overhead = 0;
    uint32_t best = ~0u;
    for (int i = 0; i < 256; i++) {
        static const struct bench none = { "none", op_none, -1, "", 0 };
        uint32_t d = measure(&none);
        if (d < best) best = d;
    }
    overhead = best;
    printf("exitbench: machine \"%s\", clock tsc, %u samples x %u rounds per type, timing overhead %u cycles subtracted\n",
           machine, nsamples, rounds, overhead);

    for (unsigned r = 0; r < rounds; r++) {
        int on = r & 1;
        long e = hc(5, on, 0, 0);
        if (e != 0) {
            printf("exitbench: HC_ASI_SET failed (error %ld): %s\n", e,
                   e == -1 ? "this VM may not switch ASI; give it asi_guest_control = 1 in its config"
                           : "ASI cannot be switched in this hypervisor");
            return 0;
        }
        if (xcpu)
            ap_set_asi(on, r);
        printf("exitbench: round %u/%u (asi-%s)\n", r + 1, rounds, on ? "on" : "off");
        for (unsigned b = 0; b < NB; b++) {
            for (int w = 0; w < WARMUP; w++)
                measure(&benches[b]);
            long e0 = 0, c0 = 0, a0 = 0, e1 = 0, c1 = 0, a1 = 0;
            if (benches[b].reason >= 0)
                e0 = hc(4, benches[b].reason, &c0, &a0);
            uint32_t *dst = &samples[b][on][nsamp[b][on]];
            for (unsigned i = 0; i < nsamples; i++)
                dst[i] = measure(&benches[b]);
            nsamp[b][on] += nsamples;
            if (benches[b].reason >= 0) {
                e1 = hc(4, benches[b].reason, &c1, &a1);
                d_exits[b][on] += (uint64_t)(e1 - e0);
                d_asi[b][on] += (uint64_t)(a1 - a0);
                d_cyc[b][on] += (uint64_t)(c1 - c0);
            }
        }
    }
    hc(5, 1, 0, 0);

    struct bstat st[NB][2];
    char row[160], delta[16];
    for (unsigned b = 0; b < NB; b++) {
        bstat_compute(samples[b][0], nsamp[b][0], &st[b][0]);
        bstat_compute(samples[b][1], nsamp[b][1], &st[b][1]);
        printf("\n### %s: %s\n", benches[b].name, benches[b].note);
        printf("| variant | samples | mean | min | max | delta mean |\n|---|---|---|---|---|---|\n");
        bstat_row(row, sizeof(row), "asi-off", &st[b][0], "");
        printf("%s\n", row);
        bstat_format_delta(delta, sizeof(delta), bstat_delta_permille(st[b][0].mean, st[b][1].mean));
        bstat_row(row, sizeof(row), "asi-on", &st[b][1], delta);
        printf("%s\n", row);
    }
    printf("\n### summary (TSC cycles; hv = the hypervisor's own handler cycles per exit)\n");
    printf("| exit | asi-off mean | asi-on mean | delta | asi_exits/1000 off | asi_exits/1000 on | hv off | hv on |\n");
    printf("|---|---|---|---|---|---|---|---|\n");
    for (unsigned b = 0; b < NB; b++) {
        uint64_t per[2], hv[2];
        for (int v = 0; v < 2; v++) {
            per[v] = d_exits[b][v] ? d_asi[b][v] * 1000 / d_exits[b][v] : 0;
            hv[v] = d_exits[b][v] ? d_cyc[b][v] / d_exits[b][v] : 0;
        }
        bstat_format_delta(delta, sizeof(delta), bstat_delta_permille(st[b][0].mean, st[b][1].mean));
        printf("| %s | %llu | %llu | %s | %llu | %llu | %llu | %llu |\n", benches[b].name,
               (unsigned long long)st[b][0].mean, (unsigned long long)st[b][1].mean, delta,
               (unsigned long long)per[0], (unsigned long long)per[1],
               (unsigned long long)hv[0], (unsigned long long)hv[1]);
    }
    printf("\nCSVHEAD,exit,variant,samples,mean,min,median,p99,max,asi_exits_per_1000\n");
    for (unsigned b = 0; b < NB; b++)
        for (int v = 0; v < 2; v++) {
            const struct bstat *s = &st[b][v];
            uint64_t per = d_exits[b][v] ? d_asi[b][v] * 1000 / d_exits[b][v] : 0;
            printf("CSV,%s,asi-%s,%u,%llu,%llu,%llu,%llu,%llu,%llu\n", benches[b].name, v ? "on" : "off",
                   s->samples, (unsigned long long)s->mean, (unsigned long long)s->min,
                   (unsigned long long)s->median, (unsigned long long)s->p99,
                   (unsigned long long)s->max, (unsigned long long)per);
        }
    printf("MACHINE,%s\n", machine);
    printf("exitbench: done\n");
    return 0;
}
