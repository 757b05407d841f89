/* The exit-fuzzing guest (docs/security.md). From a seed it issues random
 * exiting instructions with random operands, from ring 0 and ring 3,
 * catching its own faults and going on; it checks the results it can know
 * (VMX instructions #UD, user-space hypercalls refused, XSETBV faults) and
 * prints every other surprise as an ANOMALY line. Each seed ends with one
 * "lethal" act (unmapped or undecodable MMIO, a triple fault, string I/O, a
 * reset) that the hypervisor must contain by ending this VM alone; with
 * on_crash/on_reboot = "restart" the VM boots again and takes the next seed.
 * Progress survives restarts in CMOS NVRAM. extra: seed=S seeds=N exits=E */
#include "guest.h"
#include <string.h>

#define NV 0x60                                 /* CMOS NVRAM bytes we own */

static uint8_t cmos_rd(uint8_t r) { outb(0x70, r); return inb(0x71); }
static void cmos_wr(uint8_t r, uint8_t v) { outb(0x70, r); outb(0x71, v); }
static uint32_t nv_get(unsigned i)
{
    uint32_t v = 0;
    for (int b = 3; b >= 0; b--)
        v = v << 8 | cmos_rd((uint8_t)(NV + i * 4 + b));
    return v;
}
static void nv_put(unsigned i, uint32_t v)
{
    for (int b = 0; b < 4; b++, v >>= 8)
        cmos_wr((uint8_t)(NV + i * 4 + b), (uint8_t)v);
}
enum { NV_MAGIC, NV_SEEDIDX, NV_EXITS, NV_FAULTS, NV_LETHAL, NV_ANOM, NV_USER, NV_RUNNING };
#define MAGIC 0x46555a5au

static uint64_t rng;
static uint32_t rnd(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}
static uint32_t pick(uint32_t n) { return rnd() % n; }

static uint32_t exits, faults, anomalies, user_calls;

static void anomaly(const char *what, uint32_t a, uint32_t b)
{
    if (anomalies++ < 20)
        printf("ANOMALY %s (0x%x, 0x%x)\n", what, a, b);
}

/* Run one possibly-faulting instruction of `len` bytes; returns the vector or -1. */
#define TRY(len, ...) ({ last_vector = -1; fault_skip = (len); __asm__ volatile(__VA_ARGS__); \
    fault_skip = -1; if (last_vector >= 0) faults++; last_vector; })

static uint32_t arg_u32(uint32_t info, const char *k, uint32_t dflt)
{
    const char *v = cmdline_arg(info, k);
    if (!v)
        return dflt;
    uint32_t n = 0;
    while (*v >= '0' && *v <= '9')
        n = n * 10 + (uint32_t)(*v++ - '0');
    return n;
}

static uint32_t rand_msr(void)
{
    static const uint32_t hot[] = { 0x10, 0x17, 0x1b, 0x3a, 0x8b, 0xfe, 0x174, 0x175, 0x176, 0x1a0, 0x1d9,
        0x277, 0x2ff, 0x48, 0x49, 0x10a, 0x10b, 0x6e0, 0x802, 0x803, 0x808, 0x80b, 0x80f, 0x830, 0x838,
        0x480, 0x48d, 0xc0000080, 0xc0000081, 0xc0000082, 0xc0000100, 0xc0000101, 0xc0000102, 0xc0000103,
        0x40000000, 0x4b564d00, 0xc0010000 };
    switch (pick(4)) {
    case 0: return hot[pick(sizeof(hot) / sizeof(hot[0]))];
    case 1: return pick(0x2000);
    case 2: return 0xc0000000 | pick(0x2000);
    default: return rnd() << 16 ^ rnd();
    }
}

static bool lethal_port(uint16_t p, bool out)
{
    if (p == 0xf4 || (p >= 0x600 && p < 0x60c) || (p >= 0xcf8 && p < 0xd00) || (p >= 0x60 && p <= 0x64))
        return out;                             /* debug-exit, ACPI PM, PCI/reset, i8042 */
    return out && ((p >= 0x3f8 && p < 0x400) || p == 0x70 || p == 0x71 || p == 0x402 || p == 0x8900);
}

static void op_cpuid(void)
{
    static const uint32_t base[] = { 0, 0x40000000, 0x80000000, 0xd, 0x7, 0xb };
    uint32_t r[4], leaf = pick(4) ? base[pick(6)] + pick(0x20) : rnd() << 16 ^ rnd();
    uint32_t sub = pick(2) ? pick(4) : rnd();
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
    if (leaf == 1 && !(r[2] >> 31))
        anomaly("cpuid-1-no-hypervisor-bit", r[2], 0);
    if (leaf == 1 && (r[2] & (1u << 5)))
        anomaly("cpuid-1-vmx-visible", r[2], 0);
}

static void op_msr(void)
{
    uint32_t m = rand_msr(), lo, hi;
    if (pick(2)) {
        TRY(2, "rdmsr" : "=a"(lo), "=d"(hi) : "c"(m));
        return;
    }
    lo = rnd() << 16 ^ rnd(), hi = pick(4) ? 0 : rnd() << 16 ^ rnd();
    if (m == 0x1b)
        lo = (lo & ~0xfffff000u) | 0xfee00000u; /* keep the LAPIC where this guest expects it */
    TRY(2, "wrmsr" :: "a"(lo), "d"(hi), "c"(m));
}

static void op_pio(void)
{
    uint16_t port = pick(3) ? (uint16_t)pick(0x1000) : (uint16_t)rnd();
    bool out = pick(2);
    unsigned size = 1u << pick(3);
    if (lethal_port(port, out) || lethal_port((uint16_t)(port + size - 1), out))
        return;
    uint32_t v = rnd();
    /* DX forms: in/out %dx, 1 byte (+ 0x66 for 16-bit); IOPL 0 at CPL 0 never faults */
    if (size == 1)
        out ? outb(port, (uint8_t)v) : (void)inb(port);
    else if (size == 2)
        out ? outw(port, (uint16_t)v) : (void)inw(port);
    else
        out ? outl(port, v) : (void)inl(port);
}

static void op_mmio(void)
{
    uint32_t base = pick(4) ? 0xfee00000u : 0xfec00000u;
    uint32_t a = base + (pick(0x100) << 4) + (pick(8) == 0 ? pick(4) : 0);
    uint32_t v = rnd();
    if (base == 0xfee00000u && ((a & 0xff0) == 0x300 || (a & 0xff0) == 0x310))
        v &= ~(7u << 8);                        /* no INIT/SIPI/NMI to ourselves through the ICR */
    switch (pick(7)) {
    case 0: (void)*(volatile uint32_t *)a; break;
    case 1: *(volatile uint32_t *)a = v; break;
    case 2: (void)*(volatile uint8_t *)a; break;
    case 3: *(volatile uint16_t *)a = (uint16_t)v; break;
    case 4: { uint32_t x; __asm__ volatile("movzbl (%1), %0" : "=r"(x) : "r"(a) : "memory"); (void)x; break; }
    case 5: { uint32_t x; __asm__ volatile("movswl (%1), %0" : "=r"(x) : "r"(a) : "memory"); (void)x; break; }
    default: { uint32_t d = a, c = 1 + pick(3);
        __asm__ volatile("cld; rep stosl" : "+D"(d), "+c"(c) : "a"(v) : "memory"); break; }
    }
}

static void op_cr(void)
{
    uint32_t cr0, cr4;
    __asm__ volatile("movl %%cr0, %0; movl %%cr4, %1" : "=r"(cr0), "=r"(cr4));
    if (pick(2)) {
        uint32_t v = (cr0 & 0x80000001u) | (rnd() & 0x6005002eu);   /* PE kept, PG off; MP EM TS NE WP AM NW CD */
        int vec = TRY(3, "movl %0, %%cr0" :: "r"(v));
        bool bad = (v & (1u << 29)) && !(v & (1u << 30));          /* NW without CD */
        if (bad != (vec == 13))
            anomaly("cr0-write", v, (uint32_t)vec);
        __asm__ volatile("movl %0, %%cr0" :: "r"(cr0));              /* back to a known state */
    } else {
        uint32_t v = (cr4 & ~0x2000u) ^ (1u << pick(24));
        TRY(3, "movl %0, %%cr4" :: "r"(v));
        __asm__ volatile("movl %0, %%cr4" :: "r"(cr4 & ~0x2000u));  /* back to a known state */
    }
}

static void op_xsetbv(void)
{
    uint32_t lo = pick(2) ? 1u | (pick(8) << 1) : rnd(), hi = pick(4) ? 0 : rnd(), ecx = pick(3) ? 0 : rnd();
    int vec = TRY(3, "xsetbv" :: "a"(lo), "d"(hi), "c"(ecx));
    if (vec != 6 && vec != 13 && vec != -1)
        anomaly("xsetbv-vector", lo, (uint32_t)vec);
}

static void op_vmx(void)
{
    uint32_t mem[2] = { 0, 0 };
    int vec;
    switch (pick(8)) {
    case 0: vec = TRY(4, "vmxon (%0)" :: "a"(mem) : "memory"); break;
    case 1: vec = TRY(3, "vmlaunch"); break;
    case 2: vec = TRY(3, "vmresume"); break;
    case 3: vec = TRY(3, "vmxoff"); break;
    case 4: vec = TRY(3, "vmptrld (%0)" :: "a"(mem) : "memory"); break;
    case 5: vec = TRY(4, "vmclear (%0)" :: "a"(mem) : "memory"); break;
    case 6: vec = TRY(3, "vmread %%eax, %%ebx" ::: "ebx"); break;
    default: vec = TRY(3, "vmwrite %%eax, %%ebx" ::: "ebx"); break;
    }
    if (vec != 6)
        anomaly("vmx-insn-not-ud", 0, (uint32_t)vec);
}

static volatile long u_nr, u_a, u_b, u_ret;
static void user_hc(void)
{
    u_ret = hypercall(u_nr, u_a, u_b, 0, 0);
    user_exit(0);
}

static uint32_t hc_nr(void)
{
    return pick(4) ? pick(8) : pick(2) ? 0x7f00 : rnd();
}

static void op_hypercall(void)
{
    uint32_t nr = hc_nr(), a = pick(2) ? pick(16u << 20) : rnd(), b = pick(2) ? pick(80) : rnd();
    if (pick(2)) {                              /* from ring 3: only NOP and STATS may work */
        u_nr = nr, u_a = a, u_b = b;
        run_user(user_hc);
        user_calls++;
        exits++;
        bool user_ok = nr == 0 || nr == 4;
        if (!user_ok && u_ret != -1 && u_ret != -38)
            anomaly("ring3-hypercall-allowed", nr, (uint32_t)u_ret);
        return;
    }
    if (nr == 2)
        return;                                 /* shutdown: a lethal act of its own */
    if (nr == 1) {
        static char junk[64];
        for (unsigned i = 0; i < sizeof(junk); i++)
            junk[i] = (char)('a' + pick(26));
        junk[sizeof(junk) - 1] = '\n';
        if (pick(2))
            a = (uint32_t)junk, b = sizeof(junk);   /* a line of letters */
        else
            a = (16u << 20) + pick(1u << 30);       /* past RAM: EFAULT */
    }
    long r = hypercall(nr, a, b, 0, 0);
    if (nr == 5 && r != -1)
        anomaly("asi-set-without-asi_guest_control", b, (uint32_t)r);
}

static void op_misc(void)
{
    uint32_t lo, hi, c = 0;
    switch (pick(8)) {
    case 0: __asm__ volatile("wbinvd"); break;
    case 1: __asm__ volatile("invd"); break;
    case 2: TRY(3, "rdtscp" : "=a"(lo), "=d"(hi), "=c"(c)); c = 0; break;
    case 3: TRY(2, "rdpmc" : "=a"(lo), "=d"(hi) : "c"(pick(2) ? 0 : rnd())); break;
    case 4: { uint32_t m = 0;
        TRY(3, "monitor" :: "a"(&m), "c"(0), "d"(0));
        TRY(3, "mwait" :: "a"(0), "c"(0));
        break; }
    case 5: TRY(2, "ud2"); break;
    case 6: TRY(0, "int3"); break;                  /* a trap: EIP is already past it */
    default: TRY(2, "divl %2" : "=a"(lo), "=d"(hi) : "r"(c), "a"(1), "d"(0)); break;
    }
}

/* The end of a seed: something the hypervisor answers by ending (or
 * resetting) this VM alone. */
static void lethal(void)
{
    nv_put(NV_LETHAL, nv_get(NV_LETHAL) + 1);
    nv_put(NV_RUNNING, 0);                      /* the VM may end now: expected */
    switch (pick(6)) {
    case 0: *(volatile uint32_t *)0xd0000000u = 1; break;                        /* unmapped GPA */
    case 1: __asm__ volatile("addl %%eax, 0xfee00080" ::: "memory"); break;    /* undecodable MMIO */
    case 2: { static const uint64_t none = 0;                                   /* triple fault */
        __asm__ volatile("lidt %0; int3" :: "m"(none)); break; }
    case 3: { uint32_t d = 0x100000, c = 4;                                     /* string I/O */
        __asm__ volatile("rep insb" : "+D"(d), "+c"(c) : "d"(0x80) : "memory"); break; }
    case 4: outb(0x64, 0xfe); break;                                            /* i8042 reset */
    default: __asm__ volatile("cli; hlt"); break;                               /* halt for good */
    }
    printf("ANOMALY lethal act survived\n");
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    idt_setup();
    uint32_t seed = arg_u32(info, "seed", 1), seeds = arg_u32(info, "seeds", 4);
    uint32_t per = arg_u32(info, "exits", 25000);
    if (nv_get(NV_MAGIC) != MAGIC) {
        for (unsigned i = 0; i < 8; i++)
            nv_put(i, 0);
        nv_put(NV_MAGIC, MAGIC);
    }
    uint32_t idx = nv_get(NV_SEEDIDX);
    if (nv_get(NV_RUNNING)) {                   /* the last seed died before its lethal act */
        printf("ANOMALY seed %u ended the VM before its lethal act\n", seed + idx - 1);
        nv_put(NV_ANOM, nv_get(NV_ANOM) + 1);
        nv_put(NV_RUNNING, 0);
    }
    if (idx >= seeds) {
        printf("fuzz: seeds %u (from %u), exiting instructions %u, faults injected %u, ring-3 hypercalls %u, "
               "lethal acts %u, anomalies %u\n", seeds, seed, nv_get(NV_EXITS), nv_get(NV_FAULTS),
               nv_get(NV_USER), nv_get(NV_LETHAL), nv_get(NV_ANOM));
        check(nv_get(NV_ANOM) == 0, "no-anomalies", "%u", nv_get(NV_ANOM));
        return 0;
    }
    rng = 0x9e3779b97f4a7c15ull * (seed + idx) + 1;
    nv_put(NV_SEEDIDX, idx + 1);
    nv_put(NV_RUNNING, 1);
    printf("fuzz: seed %u (%u of %u): %u exiting instructions\n", seed + idx, idx + 1, seeds, per);
    while (exits < per) {
        switch (pick(10)) {
        case 0: op_cpuid(); break;
        case 1: op_msr(); break;
        case 2: op_pio(); break;
        case 3: op_mmio(); break;
        case 4: op_cr(); break;
        case 5: op_xsetbv(); break;
        case 6: op_vmx(); break;
        case 7: case 8: op_hypercall(); break;
        default: op_misc(); break;
        }
        exits++;
    }
    nv_put(NV_EXITS, nv_get(NV_EXITS) + exits);
    nv_put(NV_FAULTS, nv_get(NV_FAULTS) + faults);
    nv_put(NV_ANOM, nv_get(NV_ANOM) + anomalies);
    nv_put(NV_USER, nv_get(NV_USER) + user_calls);
    printf("fuzz: seed %u done: %u faults caught, %u anomalies\n", seed + idx, faults, anomalies);
    lethal();
    return 1;
}
