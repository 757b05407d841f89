/* Test-guest library: COM1 output, PASS/FAIL lines, debug-exit result.
 * Guests run unchanged under QEMU -kernel and under the hypervisor. */
#ifndef GUEST_H
#define GUEST_H
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>

static inline void outb(uint16_t p, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(p)); }
static inline void outw(uint16_t p, uint16_t v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(p)); }
static inline void outl(uint16_t p, uint32_t v) { __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(p)); }
static inline uint8_t inb(uint16_t p) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(p)); return v; }
static inline uint16_t inw(uint16_t p) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(p)); return v; }
static inline uint32_t inl(uint16_t p) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(p)); return v; }
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32) | lo;
}
static inline uint64_t rdmsr(uint32_t m)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(m));
    return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t m, uint64_t v)
{
    __asm__ volatile("wrmsr" :: "c"(m), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline uint32_t mmio_read32(uint32_t a) { return *(volatile uint32_t *)a; }
static inline void mmio_write32(uint32_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void check(bool ok, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
__attribute__((noreturn)) void finish(void);   /* debug-exit: 0 all passed, 1 some failed */
__attribute__((noreturn)) void debug_exit(uint8_t v);
bool under_hypervisor(void);                   /* CPUID.1:ECX[31] */

/* Exceptions: install an IDT whose handlers record the vector and skip the
 * faulting instruction by fault_skip bytes (set it just before; -1 = unexpected). */
void idt_setup(void);
/* A vector's own handler (an interrupt gate, ring 0), after idt_setup. */
void idt_set(unsigned vector, void (*handler)(void));
extern volatile int last_vector;
extern volatile uint32_t last_error;
/* of the last exception: its EFLAGS and EIP as pushed; for #DB, DR6 (then
 * DR6 is reset and TF cleared in the frame, which ends single-stepping) */
extern volatile uint32_t last_eflags, last_eip, last_dr6;
extern volatile int fault_skip;           /* -1: no exception expected */
extern volatile unsigned irq_count[64];   /* vectors 32-63: counted, EOI sent */
extern volatile unsigned nmi_count;       /* NMIs taken (any vCPU) */
extern volatile bool x2apic_mode;

/* An AP (tests/guests/lib/ap.c): after idt_setup, ap_prepare(fn) readies
 * the trampoline; INIT then SIPI with vector AP_TRAMP >> 12 starts it in fn
 * with the BSP's IDT. */
#define AP_TRAMP 0x9000u
void ap_prepare(void (*fn)(void));

/* Ring 3 (after idt_setup): run fn at CPL 3 (no port I/O there: #GP); fn
 * ends with user_exit(v), and run_user returns v. */
uint32_t run_user(void (*fn)(void));
static inline __attribute__((noreturn)) void user_exit(uint32_t v)
{
    __asm__ volatile("int $0x80" :: "a"(v));
    __builtin_unreachable();
}
/* VMCALL (Intel) or VMMCALL (AMD: hv_vmmcall, set from the CPU vendor before
 * guest_main): number, RBX, RCX in; RAX out (RBX/RCX out through ob/oc). */
extern bool hv_vmmcall;
static inline long hypercall(long nr, long a, long b, long *ob, long *oc)
{
    long rb = a, rc = b, ret;
    if (hv_vmmcall)
        __asm__ volatile("vmmcall" : "=a"(ret), "+b"(rb), "+c"(rc) : "a"(nr) : "memory");
    else
        __asm__ volatile("vmcall" : "=a"(ret), "+b"(rb), "+c"(rc) : "a"(nr) : "memory");
    if (ob) *ob = rb;
    if (oc) *oc = rc;
    return ret;
}
/* "key=value" in the multiboot command line (the VM config's extra): the value, or NULL. */
const char *cmdline_arg(uint32_t info, const char *key);

int guest_main(uint32_t magic, uint32_t info);

#endif
