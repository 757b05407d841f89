/* Exception handling: every exception in the hypervisor is fatal, but for
 * NMIs (counted) and the page faults that are asi_exits. Print
 * what a developer needs (vector, error code, registers, faulting symbol)
 * and power the machine off so an emulator run ends by itself. */
#include "trap.h"
#include "console.h"
#include "power.h"
#include "cpu.h"
#include "asi.h"
#include "percpu.h"
#include "ipi.h"
#include "apic.h"

static const char *const names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
    "#BR bound range", "#UD invalid opcode", "#NM device not available",
    "#DF double fault", "coprocessor overrun", "#TS invalid TSS",
    "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check",
    "#MC machine check", "#XM SIMD error", "#VE virtualization", "#CP control protection",
    "reserved 22", "reserved 23", "reserved 24", "reserved 25", "reserved 26",
    "reserved 27", "#HV hypervisor injection", "#VC VMM communication",
    "#SX security", "reserved 31",
};

const char *exception_name(unsigned v)
{
    return v < 32 ? names[v] : "interrupt";
}

static void print_sym(const char *label, uint64_t addr)
{
    uint64_t off;
    const char *s = symbol_lookup(addr, &off);
    if (s)
        hv_printf("%s%016llx <%s+0x%llx>\n", label, (unsigned long long)addr, s,
                  (unsigned long long)off);
    else
        hv_printf("%s%016llx <?>\n", label, (unsigned long long)addr);
}

static int depth __asi_shared;

/* The #PF hook (ASI: a fault on the restricted space may be an asi_exit).
 * Set once by asi_init; a hook, so that trap handling depends on nothing above it. */
static trap_pf_hook_fn *pf_hook __asi_shared;

void trap_set_pf_hook(trap_pf_hook_fn *fn)
{
    pf_hook = fn;
}

void trap_handler(struct trap_frame *f)
{
    if (f->vector == 32)
        return; /* spurious interrupt */
    if (f->vector >= 240) {     /* a kick or the idle timer woke an idle HLT (sched.c) */
        if (f->vector != APIC_SPURIOUS)
            apic_eoi();
        return;
    }
    if (f->vector == 2) {
        if (!ipi_nmi())         /* another CPU's request, or */
            this_cpu()->nmis++; /* a host NMI (or one that exited a guest): counted; IRET unblocks NMIs */
        return;
    }
    if (f->vector == 14 && pf_hook && pf_hook(f->rip, read_cr2()))
        return; /* an asi_exit: now on the full space, retry */
    if (depth++) {
        hv_printf("hv: FATAL: nested exception %s (vector %llu) at %016llx while dumping\n",
                  exception_name(f->vector), (unsigned long long)f->vector,
                  (unsigned long long)f->rip);
        machine_poweroff();
    }
    ipi_stop_others();
    hv_printf("hv: FATAL: exception %s (vector %llu), error code 0x%llx on CPU %u\n",
              exception_name(f->vector), (unsigned long long)f->vector,
              (unsigned long long)f->error, this_cpu()->cpu);
    print_sym("hv:   RIP ", f->rip);
    hv_printf("hv:   CS %04llx RFLAGS %016llx RSP %016llx SS %04llx\n",
              (unsigned long long)f->cs, (unsigned long long)f->rflags,
              (unsigned long long)f->rsp, (unsigned long long)f->ss);
    hv_printf("hv:   RAX %016llx RBX %016llx RCX %016llx RDX %016llx\n",
              (unsigned long long)f->rax, (unsigned long long)f->rbx,
              (unsigned long long)f->rcx, (unsigned long long)f->rdx);
    hv_printf("hv:   RSI %016llx RDI %016llx RBP %016llx R8  %016llx\n",
              (unsigned long long)f->rsi, (unsigned long long)f->rdi,
              (unsigned long long)f->rbp, (unsigned long long)f->r8);
    hv_printf("hv:   R9  %016llx R10 %016llx R11 %016llx R12 %016llx\n",
              (unsigned long long)f->r9, (unsigned long long)f->r10,
              (unsigned long long)f->r11, (unsigned long long)f->r12);
    hv_printf("hv:   R13 %016llx R14 %016llx R15 %016llx\n",
              (unsigned long long)f->r13, (unsigned long long)f->r14,
              (unsigned long long)f->r15);
    hv_printf("hv:   CR0 %016llx CR2 %016llx CR3 %016llx CR4 %016llx\n",
              (unsigned long long)read_cr0(), (unsigned long long)read_cr2(),
              (unsigned long long)read_cr3(), (unsigned long long)read_cr4());
    if (f->vector == 14)
        hv_printf("hv:   page fault: %s %s in %s mode%s\n",
                  f->error & 1 ? "protection violation" : "page not present",
                  f->error & 16 ? "on instruction fetch" : f->error & 2 ? "on write" : "on read",
                  f->error & 4 ? "user" : "supervisor", f->error & 8 ? ", reserved bit set" : "");
    /* a short stack trace through the frame pointers, when there are some */
    uint64_t *fp = (uint64_t *)f->rbp;
    for (int i = 0; i < 8 && fp && ((uint64_t)fp >> 47) == 0x1ffff && !((uint64_t)fp & 7); i++) {
        print_sym("hv:   called from ", fp[1]);
        fp = (uint64_t *)fp[0];
    }
    hv_printf("hv: fatal exception in the hypervisor; stopping the machine\n");
    machine_poweroff();
}
