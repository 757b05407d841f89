/* HLT: block the vCPU until an interrupt can be delivered or a timer is due. */
#include "vcpu.h"
#include "cpu.h"
#include "percpu.h"
#include "conswitch.h"
#include "kick.h"

static bool serial_poll(struct vm *vm)
{
    vm_dev_lock(vm);
    bool got = host_serial_poll(vm);
    vm_dev_unlock(vm);
    return got;
}

enum exit_action exit_hlt(struct vcpu *v)
{
    vcpu_skip(v, 0);
    v->entry_work = true;
    if (v->vm->dev.com1.len) {
        vm_dev_lock(v->vm);
        dev_uart_flush_stale(v->vm, rdtsc());   /* a prompt held long enough: show it */
        vm_dev_unlock(v->vm);
    }
    bool intr_on = arch_get_rflags(v) & 0x200;
    if (vcpu_intr_pending(v) && intr_on)
        return EXIT_CONTINUE;
    v->halted = true;
    v->halt_if = intr_on;
    /* Nobody else wants the CPU before our timer: idle here, inside the
     * restricted space, instead of going through the scheduler. */
    struct percpu *pc = this_cpu();
    uint64_t dl = vcpu_next_deadline(v);
    bool input = conswitch_owns(&console_input, v->vm->id);   /* typing can wake it too */
    bool keys = console_input.target < 0;  /* the hypervisor reads the keys: in the scheduler */
    if (!pc->others_runnable && !keys && v->halt_if && (dl || input) && (dl ? dl : ~0ull) <= pc->foreign_deadline) {
        uint64_t until = dl ? dl : pc->foreign_deadline;
        uint64_t due = dev_uart_flush_due(v->vm);
        if (due && due < until)
            until = due;                /* back in time to show a held prompt */
        /* a kick (an IPI from a vCPU elsewhere, a stop) ends the wait too */
        volatile uint8_t *kicked = ipi_poll_begin(pc->cpu);
        while (rdtsc() < until && !*kicked && !(input && serial_poll(v->vm)))
            cpu_relax();
        ipi_poll_end(pc->cpu);
        if (*kicked) {
            ipi_kicked();               /* seen: clear it */
            if (v->req)
                lapic_take_requests(v); /* INIT, SIPI, NMI posted while it waited */
            vcpu_io_work(v);            /* frames from another VM: their interrupt ends the HLT */
            if (ipi_news_for_others(pc->cpu, vcpu_kick_bit(v)))
                return EXIT_BLOCK;      /* still halted: the scheduler looks at the others */
        }
        v->halted = false;
        v->entry_work = true;
        return EXIT_CONTINUE;
    }
    return EXIT_BLOCK;
}
