/* hvctl: operate the other VMs from the control VM, as xl does from Xen's
 * dom0. A static Linux program; its hypercalls (docs/hypercalls.md) carry
 * the control token, which the hypervisor puts in the control VM's ACPI
 * table HVCT: Linux lets root alone read it, so only root can use hvctl.
 *
 *   hvctl list | info NAME | pause NAME | unpause NAME | destroy NAME |
 *         restart NAME | create NAME | stats NAME | console NAME | top [-n N] [-d S]
 *
 * Called as hvstat (a link to it), it shows its own VM's statistics with
 * HC_STATS, which any VM's user space may read: no token needed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "../hv/include/hypercall.h"
#include "../hv/include/hvctl_abi.h"

#define TOKEN_FILE "/sys/firmware/acpi/tables/" HV_CONTROL_TOKEN_SIG
#define MAX_VMS 64

static uint64_t token[2];
static int amd;                 /* VMMCALL on AMD; VMCALL (which AMD CPUs #UD) on Intel */

struct hc { long rax, rbx, rcx, rdx, r8; };

static long call(struct hc *h)
{
    register long r8 __asm__("r8") = h->r8;
    long a = h->rax, b = h->rbx, c = h->rcx, d = h->rdx;
    if (amd)
        __asm__ volatile("vmmcall" : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+r"(r8)
                         : "S"(token[0]), "D"(token[1]) : "memory");
    else
        __asm__ volatile("vmcall" : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+r"(r8)
                         : "S"(token[0]), "D"(token[1]) : "memory");
    h->rax = a, h->rbx = b, h->rcx = c, h->rdx = d;
    return a;
}

static const char *errname(long e)
{
    switch (e) {
    case HC_EPERM: return "EPERM: not the control VM's kernel, and no valid control token (run hvctl as root)";
    case HC_EACCES: return "EACCES: this VM is not the control VM (control = 1 in its config)";
    case HC_ENOENT: return "ENOENT: no such VM";
    case HC_EBUSY: return "EBUSY: the VM is not in a state that allows it";
    case HC_EEXIST: return "EEXIST: the VM is running already";
    case HC_EINVAL: return "EINVAL: not for the control VM itself, or a bad argument";
    case HC_EFAULT: return "EFAULT: a bad buffer";
    case HC_EAGAIN: return "EAGAIN: its input queue is full";
    case HC_ENOSYS: return "ENOSYS: the hypervisor does not know this call";
    default: return "unknown error";
    }
}

static void die_hc(const char *what, long e)
{
    fprintf(stderr, "hvctl: %s: refused by the hypervisor: %ld (%s)\n", what, e, errname(e));
    exit(1);
}

static void setup_cpu(void)
{
    unsigned int r[4];
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(0), "c"(0));
    amd = r[1] == 0x68747541;   /* "Auth" */
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(0x40000000), "c"(0));
    char sig[13];
    memcpy(sig, &r[1], 12);
    sig[12] = 0;
    if (strcmp(sig, HV_SIGNATURE)) {
        fprintf(stderr, "hvctl: not running under the ASI hypervisor (CPUID 0x40000000: '%s')\n", sig);
        exit(1);
    }
}

static void setup(void)
{
    setup_cpu();
    const char *path = getenv("HVCTL_TOKEN_FILE");     /* tests: another file, or none */
    if (!path)
        path = TOKEN_FILE;
    unsigned char t[36 + HV_CONTROL_TOKEN_LEN];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, t, sizeof(t));
    if (fd >= 0)
        close(fd);
    if (n == (ssize_t)sizeof(t) && !memcmp(t, HV_CONTROL_TOKEN_SIG, 4)) {
        memcpy(token, t + 36, sizeof(token));
        return;
    }
    /* go on without it: the hypervisor says what is wrong */
    fprintf(stderr, "hvctl: no control token in %s (%s); trying without one\n", path,
            n < 0 ? strerror(errno) : "not an HVCT table");
}

static int vminfo(long i, struct hv_vminfo *out)
{
    struct hc h = { HC_VM_INFO, i, (long)out, sizeof(*out), 0 };
    long r = call(&h);
    if (r == HC_ENOENT)
        return 0;
    if (r < 0)
        die_hc("list", r);
    return 1;
}

static long find(const char *name, struct hv_vminfo *out)
{
    for (long i = 0; i < MAX_VMS && vminfo(i, out); i++)
        if (!strcmp(out->name, name) || !strcmp(out->config, name))
            return i;
    fprintf(stderr, "hvctl: no VM named '%s' (hvctl list shows them)\n", name);
    exit(1);
}

static const char *state_name(uint32_t s)
{
    static const char *const n[] = { "running", "paused", "off", "ended", "destroyed", "restarting" };
    return s < 6 ? n[s] : "?";
}

static void cpus_of(const struct hv_vminfo *v, char *buf, size_t len)
{
    size_t o = 0;
    buf[0] = 0;
    for (unsigned j = 0; j < v->vcpus && j < HV_VMINFO_VCPUS && o < len; j++)
        o += (size_t)snprintf(buf + o, len - o, "%s%u", j ? "," : "", v->cpu[j]);
}

static int cmd_list(void)
{
    struct hv_vminfo v;
    printf("%-16s %4s %8s %5s %-10s %6s %10s %12s %10s %s\n", "Name", "ID", "Mem(MiB)", "VCPUs", "State",
           "CPUs", "Time(s)", "Exits", "asi_exits", "");
    for (long i = 0; i < MAX_VMS && vminfo(i, &v); i++) {
        char cpus[32];
        cpus_of(&v, cpus, sizeof(cpus));
        printf("%-16s %4u %8llu %5u %-10s %6s %10.1f %12llu %10llu %s\n", v.name, v.id, (unsigned long long)v.mem_mb,
               v.vcpus, state_name(v.state), cpus, v.uptime_ms / 1000.0, (unsigned long long)v.exits,
               (unsigned long long)v.asi_exits, v.flags & HV_VMINFO_CONTROL ? "(control)" : "");
    }
    return 0;
}

static int cmd_info(const char *name)
{
    struct hv_vminfo v;
    long i = find(name, &v);
    char cpus[32];
    cpus_of(&v, cpus, sizeof(cpus));
    printf("name: %s\nindex: %ld\nid: %u\nconfig: %s\nstate: %s\nvcpus: %u (on CPUs %s)\nmemory: %llu MiB\n"
           "uptime: %.3f s\nexits: %llu\nasi_exits: %llu\nasi: %s\ncontrol: %s\n", v.name, i, v.id, v.config,
           state_name(v.state), v.vcpus, cpus, (unsigned long long)v.mem_mb, v.uptime_ms / 1000.0,
           (unsigned long long)v.exits, (unsigned long long)v.asi_exits, v.flags & HV_VMINFO_ASI ? "on" : "off",
           v.flags & HV_VMINFO_CONTROL ? "yes" : "no");
    return 0;
}

static int cmd_simple(const char *what, long nr, const char *name)
{
    struct hv_vminfo v;
    long i = find(name, &v);
    struct hc h = { nr, i, 0, 0, 0 };
    long r = call(&h);
    if (r < 0)
        die_hc(what, r);
    printf("hvctl: %s %s: done\n", what, v.name);
    return 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

static int cmd_create(const char *name)
{
    struct hv_vminfo was, v;
    long before = -1;
    for (long k = 0; k < MAX_VMS && vminfo(k, &was); k++)
        if (!strcmp(was.name, name) || !strcmp(was.config, name)) {
            before = k;
            break;
        }
    struct hc h = { HC_VM_CREATE, (long)name, (long)strlen(name), 0, 0 };
    long i = call(&h);
    if (i < 0)
        die_hc("create", i);
    for (int tries = 0; tries < 100; tries++) {     /* its CPU starts it: wait up to 10 s */
        if (!vminfo(i, &v))
            break;
        /* running, or it ran already (a new id, or exits since): a short-lived VM may have ended */
        if (v.state == HV_VM_RUNNING || (before == i && (v.id != was.id || v.exits != was.exits))) {
            if (v.state == HV_VM_RUNNING)
                printf("hvctl: create %s: running (id %u, %llu MiB)\n", v.name, v.id, (unsigned long long)v.mem_mb);
            else
                printf("hvctl: create %s: it ran (id %u) and is %s already\n", v.name, v.id, state_name(v.state));
            return 0;
        }
        sleep_ms(100);
    }
    fprintf(stderr, "hvctl: create %s: asked, but it is %s after 10 s (the hypervisor console says why)\n", name,
            state_name(v.state));
    return 1;
}

static const char *const reasons[72] = {
    [0] = "exception/NMI", [1] = "external interrupt", [2] = "triple fault", [7] = "interrupt window",
    [8] = "NMI window", [10] = "CPUID", [12] = "HLT", [18] = "VMCALL", [28] = "CR access", [30] = "I/O",
    [31] = "RDMSR", [32] = "WRMSR", [48] = "EPT violation", [49] = "EPT misconfig", [52] = "preemption timer",
    [54] = "WBINVD", [55] = "XSETBV",
};

/* index < 0: this VM's own (HC_STATS) */
static long vmstats(long i, long row, long *cycles, long *asi)
{
    struct hc h = { i < 0 ? HC_STATS : HC_VM_STATS, i < 0 ? row : i, row, 0, 0 };
    long r = call(&h);
    if (r < 0)
        die_hc("stats", r);
    *cycles = h.rbx, *asi = h.rcx;
    return r;
}

static int stats_table(long i)
{
    long cyc, asi;
    long total = vmstats(i, 0xffff, &cyc, &asi);
    printf("%-20s %10s %12s %10s\n", "exit reason", "exits", "cycles/exit", "asi_exits");
    for (long r = 0; r < 72; r++) {
        long c, a, n = vmstats(i, r, &c, &a);
        if (n <= 0)
            continue;
        char buf[16];
        const char *nm = reasons[r];
        if (!nm) {
            snprintf(buf, sizeof(buf), "reason %ld", r);
            nm = buf;
        }
        printf("%-20s %10ld %12ld %10ld\n", nm, n, c / n, a);
    }
    printf("%-20s %10ld %12ld %10ld\n", "total", total, total ? cyc / total : 0, asi);
    printf("asi_exits per 1000 exits: %ld\n", total ? asi * 1000 / total : 0);
    return 0;
}

static int cmd_stats(const char *name)
{
    struct hv_vminfo v;
    long i = find(name, &v);
    printf("vm %s (%s):\n", v.name, state_name(v.state));
    return stats_table(i);
}

/* Its console: output as it comes, typed input to it; Ctrl-] leaves. With
 * stdin not a terminal (a script), the input is sent and the output shown
 * until 2 s after stdin ends. */
static int cmd_console(const char *name)
{
    struct hv_vminfo v;
    long i = find(name, &v);
    struct termios old, raw;
    int tty = tcgetattr(0, &old) == 0;
    if (tty) {
        raw = old;
        cfmakeraw(&raw);
        raw.c_oflag = old.c_oflag;      /* output as before: its "\n" still starts a new line */
        tcsetattr(0, TCSANOW, &raw);
        fprintf(stderr, "hvctl: console of vm %s (Ctrl-] leaves)\r\n", v.name);
    }
    uint64_t cursor = 0;
    int eof = 0, quiet = 0, rc = 0;
    char buf[4096];
    for (;;) {
        struct hc h = { HC_CONS_READ, i, (long)buf, sizeof(buf), (long)cursor };
        long n = call(&h);
        if (n < 0) {
            fprintf(stderr, "hvctl: console: refused by the hypervisor: %ld (%s)\r\n", n, errname(n));
            rc = 1;
            break;
        }
        cursor = (uint64_t)h.rbx;
        if (n > 0 && write(1, buf, (size_t)n) < 0)
            break;
        if (eof && !n && ++quiet > 40)
            break;
        struct pollfd p = { 0, POLLIN, 0 };
        if (n || eof || poll(&p, 1, 50) <= 0) {
            if (eof || n)
                sleep_ms(50);
            continue;
        }
        char in[256];
        ssize_t k = read(0, in, sizeof(in));
        if (k <= 0) {
            eof = 1;
            continue;
        }
        char *q = memchr(in, 0x1d, (size_t)k);      /* Ctrl-] */
        ssize_t send = q ? q - in : k;
        for (ssize_t off = 0; off < send;) {
            struct hc w = { HC_CONS_WRITE, i, (long)(in + off), (long)(send - off), 0 };
            long m = call(&w);
            if (m == HC_EAGAIN) {
                sleep_ms(20);
                continue;
            }
            if (m < 0) {
                fprintf(stderr, "hvctl: console: refused by the hypervisor: %ld (%s)\r\n", m, errname(m));
                rc = 1;
                goto out;
            }
            off += m;
        }
        if (q)
            break;
    }
out:
    if (tty) {
        tcsetattr(0, TCSANOW, &old);
        fprintf(stderr, "\nhvctl: left the console of vm %s\n", v.name);
    }
    return rc;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Exits and asi_exits per VM, refreshed: rates over the last interval. */
static int cmd_top(int rounds, double delay)
{
    static uint64_t last_exits[MAX_VMS], last_asi[MAX_VMS];
    static uint32_t last_id[MAX_VMS];
    int tty = isatty(1);
    double t0 = now_s();
    for (int r = 0; rounds <= 0 || r < rounds; r++) {
        double t = now_s(), dt = r ? t - t0 : 0;
        t0 = t;
        if (tty)
            printf("\033[H\033[2J");
        printf("hvctl top: every %.1f s%s\n%-16s %-10s %12s %10s %12s %10s\n", delay,
               tty ? " (Ctrl-C ends)" : "", "Name", "State", "Exits", "Exits/s", "asi_exits", "asi/s");
        struct hv_vminfo v;
        for (long i = 0; i < MAX_VMS && vminfo(i, &v); i++) {
            int known = r && last_id[i] == v.id;
            double rate = known && dt > 0 ? (double)(v.exits - last_exits[i]) / dt : 0;
            double arate = known && dt > 0 ? (double)(v.asi_exits - last_asi[i]) / dt : 0;
            printf("%-16s %-10s %12llu %10.0f %12llu %10.0f\n", v.name, state_name(v.state),
                   (unsigned long long)v.exits, rate, (unsigned long long)v.asi_exits, arate);
            last_exits[i] = v.exits, last_asi[i] = v.asi_exits, last_id[i] = v.id;
        }
        fflush(stdout);
        if (rounds <= 0 || r + 1 < rounds)
            sleep_ms((long)(delay * 1000));
    }
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: hvctl list | info NAME | pause NAME | unpause NAME | destroy NAME | restart NAME |\n"
                    "             create NAME | stats NAME | console NAME | top [-n ROUNDS] [-d SECONDS]\n"
                    "NAME: a VM's name or its config module's (e.g. tiny or tiny.cfg)\n");
    return 2;
}

int main(int argc, char **argv)
{
    const char *self = strrchr(argv[0], '/');
    if (!strcmp(self ? self + 1 : argv[0], "hvstat")) {
        setup_cpu();
        return stats_table(-1);
    }
    if (argc < 2)
        return usage();
    const char *c = argv[1], *name = argc > 2 ? argv[2] : NULL;
    if (!strcmp(c, "top")) {
        int rounds = 0;
        double delay = 2;
        for (int k = 2; k + 1 < argc; k += 2) {
            if (!strcmp(argv[k], "-n"))
                rounds = atoi(argv[k + 1]);
            else if (!strcmp(argv[k], "-d"))
                delay = atof(argv[k + 1]);
            else
                return usage();
        }
        setup();
        return cmd_top(rounds, delay > 0.1 ? delay : 0.1);
    }
    if (!strcmp(c, "list")) {
        setup();
        return cmd_list();
    }
    if (!name || argc != 3)
        return usage();
    static const struct { const char *cmd; long nr; } simple[] = {
        { "pause", HC_VM_PAUSE }, { "unpause", HC_VM_UNPAUSE }, { "destroy", HC_VM_DESTROY },
        { "restart", HC_VM_RESTART },
    };
    setup();
    for (unsigned k = 0; k < sizeof(simple) / sizeof(simple[0]); k++)
        if (!strcmp(c, simple[k].cmd))
            return cmd_simple(c, simple[k].nr, name);
    if (!strcmp(c, "info"))
        return cmd_info(name);
    if (!strcmp(c, "create"))
        return cmd_create(name);
    if (!strcmp(c, "stats"))
        return cmd_stats(name);
    if (!strcmp(c, "console"))
        return cmd_console(name);
    return usage();
}
