/* Test-guest runtime. */
#include "guest.h"
#include "fmt.h"
#include <stdarg.h>
#include <string.h>

static int failures, checks;

static void putc_serial(char c)
{
    while (!(inb(0x3f8 + 5) & 0x20))
        ;
    outb(0x3f8, (uint8_t)c);
}

void printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = hv_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    for (int i = 0; i < n && i < (int)sizeof(buf) - 1; i++)
        putc_serial(buf[i]);
}

void check(bool ok, const char *name, const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    hv_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    checks++;
    if (!ok)
        failures++;
    printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", name, buf[0] ? ": " : "", buf);
}

void debug_exit(uint8_t v)
{
    outb(0xf4, v);
    for (;;)
        __asm__ volatile("cli; hlt");
}

void finish(void)
{
    printf("RESULT %s: %d checks, %d failed\n", failures ? "FAIL" : "PASS", checks, failures);
    debug_exit(failures ? 1 : 0);
}

bool under_hypervisor(void)
{
    uint32_t r[4];
    cpuid(1, 0, r);
    return r[2] >> 31;
}

/* ---- exceptions ---- */
volatile int last_vector = -1;
volatile uint32_t last_error, last_eflags, last_eip, last_dr6;
volatile int fault_skip = -1;

struct frame { uint32_t vector, error, eip, cs, eflags; };

volatile unsigned irq_count[64];
volatile bool x2apic_mode;

volatile unsigned nmi_count;

void guest_trap(struct frame *f)
{
    if (f->vector == 2) {           /* an NMI is an interrupt, not a fault: nothing to skip */
        nmi_count++;
        last_vector = 2;
        return;
    }
    if (f->vector >= 32) {
        irq_count[f->vector]++;
        if (x2apic_mode)
            wrmsr(0x80b, 0);
        else
            mmio_write32(0xfee000b0, 0);
        return;
    }
    last_vector = (int)f->vector;
    last_error = f->error;
    last_eflags = f->eflags;
    last_eip = f->eip;
    if (f->vector == 1) {           /* #DB: what caused it, then stop single-stepping */
        uint32_t dr6;
        __asm__ volatile("mov %%dr6, %0" : "=r"(dr6));
        last_dr6 = dr6;
        __asm__ volatile("mov %0, %%dr6" :: "r"(0xffff0ff0u));
        f->eflags &= ~0x100u;
    }
    if (fault_skip < 0) {
        printf("FAIL unexpected exception %u at 0x%x (error 0x%x)\n", f->vector, f->eip, f->error);
        debug_exit(1);
    }
    f->eip += (unsigned)fault_skip;
    fault_skip = -1;
}

extern uint32_t trap_stubs[64];
extern char user_exit_stub[];
static uint64_t idt[256];
/* flat kernel code/data, flat user code/data (DPL 3), and a TSS whose ESP0
 * takes interrupts and INT 0x80 from ring 3 (run_user, lib/user.S) */
static uint64_t gdt[6] = { 0, 0x00cf9a000000ffffull, 0x00cf92000000ffffull, 0x00cffa000000ffffull,
                           0x00cff2000000ffffull, 0 };
static uint32_t tss[26];
static uint8_t ring0_stack[8192] __attribute__((aligned(16)));

static uint64_t gate(uint32_t a, unsigned dpl)
{
    return (a & 0xffff) | ((uint64_t)0x08 << 16) | ((uint64_t)(0x8e00 | dpl << 13) << 32) |
           ((uint64_t)(a >> 16) << 48);
}

void idt_set(unsigned vector, void (*handler)(void))
{
    idt[vector] = gate((uint32_t)handler, 0);
}

void idt_setup(void)
{
    for (int v = 0; v < 64; v++)
        idt[v] = gate(trap_stubs[v], 0);
    idt[0x80] = gate((uint32_t)user_exit_stub, 3);
    struct __attribute__((packed)) { uint16_t l; uint32_t b; } p = { sizeof(idt) - 1, (uint32_t)idt };
    tss[1] = (uint32_t)(ring0_stack + sizeof(ring0_stack));     /* ESP0 */
    tss[2] = 0x10;                                              /* SS0 */
    tss[25] = sizeof(tss) << 16;                                /* no I/O bitmap: ring 3 port I/O faults */
    uint32_t tb = (uint32_t)tss, tl = sizeof(tss) - 1;
    gdt[5] = (tl & 0xffff) | ((uint64_t)(tb & 0xffffff) << 16) | (0x89ull << 40) |
             ((uint64_t)(tb >> 24) << 56);
    /* our own GDT: the loader's is not ours to trust */
    struct __attribute__((packed)) { uint16_t l; uint32_t b; } g = { sizeof(gdt) - 1, (uint32_t)gdt };
    __asm__ volatile("lgdt %0; ljmp $0x08, $1f; 1: movw $0x10, %%ax; movw %%ax, %%ds; movw %%ax, %%es;"
                     "movw %%ax, %%ss; lidt %1; movw $0x28, %%ax; ltr %%ax" :: "m"(g), "m"(p) : "eax", "memory");
}

/* "key=value" in the multiboot command line: the value (up to the next space), or NULL. */
const char *cmdline_arg(uint32_t info, const char *key)
{
    static char val[64];
    if (!info || !(*(uint32_t *)info & 4))
        return NULL;
    const char *p = (const char *)*(uint32_t *)(info + 16);
    size_t kl = strlen(key);
    while (*p) {
        while (*p == ' ')
            p++;
        if (!strncmp(p, key, kl) && p[kl] == '=') {
            p += kl + 1;
            size_t n = 0;
            while (p[n] && p[n] != ' ' && n < sizeof(val) - 1)
                val[n] = p[n], n++;
            val[n] = 0;
            return val;
        }
        while (*p && *p != ' ')
            p++;
    }
    return NULL;
}

bool hv_vmmcall;

void guest_main_entry(uint32_t magic, uint32_t info)
{
    uint32_t v[4];
    cpuid(0, 0, v);
    hv_vmmcall = v[1] == 0x68747541;        /* "Auth"enticAMD: VMMCALL */
    int rc = guest_main(magic, info);
    (void)rc;
    finish();
}
