/* HLT: block the vCPU until an interrupt can be delivered or a timer is due. */
#include "exit.h"
#include "cpu.h"
#include "percpu.h"
#include "cpuidpolicy.h"

enum exit_action exit_hlt(struct vcpu *v)
{
    vcpu_skip_instruction(v);
    v->entry_work = true;
    dev_uart_flush(v->vm);              /* a prompt waiting for input: show it now */
    if (lapic_pending_vector(&v->lapic) >= 0 && (vmread(GUEST_RFLAGS) & 0x200))
        return EXIT_CONTINUE;
    v->halted = true;
    v->halt_if = vmread(GUEST_RFLAGS) & 0x200;
    v->halt_since = rdtsc();
    /* Nobody else wants the CPU before our timer: idle here, inside the
     * restricted space, instead of going through the scheduler. */
    struct percpu *pc = this_cpu();
    uint64_t dl = vcpu_next_deadline(v);
    bool input = v->vm->console;        /* typing on the console can wake it too */
    if (!pc->others_runnable && v->halt_if && (dl || input) && (dl ? dl : ~0ull) <= pc->foreign_deadline) {
        uint64_t until = dl ? dl : pc->foreign_deadline;
        while (rdtsc() < until && !(input && host_serial_poll(v->vm)))
            cpu_relax();
        v->halted = false;
        v->entry_work = true;
        return EXIT_CONTINUE;
    }
    return EXIT_BLOCK;
}

enum exit_action exit_xsetbv(struct vcpu *v)
{
    /* XCR0 must keep x87, may add SSE/AVX that the host has, never more */
    uint64_t val = (uint32_t)v->regs.rax | (v->regs.rdx << 32);
    struct cpuid_regs r = cpuid(0xd, 0);
    uint64_t host = (r.eax | ((uint64_t)r.edx << 32)) & GUEST_XCR0_MASK;
    if (v->regs.rcx != 0 || !(val & 1) || (val & ~host) || ((val & 4) && !(val & 2))) {
        vcpu_inject_exception(v, 13, true, 0);
        return EXIT_CONTINUE;
    }
    __asm__ volatile("xsetbv" :: "a"((uint32_t)val), "d"((uint32_t)(val >> 32)), "c"(0));
    v->xcr0 = val;
    vcpu_skip_instruction(v);
    return EXIT_CONTINUE;
}
