/* VMCALL: the hypercall ABI in docs/hypercalls.md. */
#include "vcpu.h"
#include "lifecycle.h"
#include "asi.h"
#include "hypercall.h"
#include "console.h"
#include "cpu.h"
#include "hcpolicy.h"
#include "hc_control.h"


/* All or nothing: a buffer that is not wholly readable prints nothing. The
 * copy lives on this vCPU's exit stack, which no other VM's space maps. */
static int64_t console_write(struct vcpu *v)
{
    uint64_t gva = v->regs.rbx, len = v->regs.rcx;
    if (len > 4096)
        return HC_EINVAL;
    char buf[4096];
    if (guest_read(v, gva, buf, (unsigned)len))
        return HC_EFAULT;
    vm_dev_lock(v->vm);
    for (unsigned i = 0; i < len; i++)
        dev_uart_putc(v->vm, buf[i]);
    vm_dev_unlock(v->vm);
    return 0;
}

enum exit_action exit_vmcall(struct vcpu *v)
{
    struct vm *vm = v->vm;
    int64_t ret = 0;
    unsigned cpl = 0;
    enum exit_action act = EXIT_CONTINUE;
    if (hc_rule_of(v->regs.rax) != HC_RULE_ANY) {      /* user-safe calls need no CPL read */
        cpl = arch_cpl(v);
        struct hc_caller who = { cpl, vm->cfg.asi_guest_control, vm->probe_va != 0, vm->is_control,
                                 vm->is_control && hc_token_ok(vm, v->regs.rsi, v->regs.rdi) };
        ret = hc_check(v->regs.rax, &who);
    }
    if (ret) {
        v->regs.rax = (uint64_t)ret;
        vcpu_skip(v, 0);
        return act;
    }
    switch (v->regs.rax) {
    case HC_NOP:
        break;
    case HC_CONSOLE_WRITE:
        ret = console_write(v);
        break;
    case HC_SHUTDOWN:
        vm_request_stop(vm, VM_STOP_POWEROFF, (int)v->regs.rbx, "shutdown hypercall with code %d",
                        (int)v->regs.rbx);
        return EXIT_VM_DEAD;
    case HC_YIELD:
        act = vcpu_should_yield(rdtsc()) ? EXIT_YIELD : EXIT_CONTINUE;
        break;
    case HC_ASI_SET:
        if (v->regs.rbx > 1 || !asi_available()) {
            ret = HC_EINVAL;
            break;
        }
        asi_set(vm, v->regs.rbx == 1);
        arch_set_exit_space(v, asi_host_cr3(vm), vm->asi_on);
        break;
    case HC_TEST_PROBE:
        ret = asi_probe(vm);
        break;
    case HC_STATS: {
        uint64_t cycles = 0, asi = 0;
        ret = vm_stats_row(vm, v->regs.rbx, &cycles, &asi);
        if (ret >= 0)
            v->regs.rbx = cycles, v->regs.rcx = asi;
        break;
    }
    case HC_CONTROL_FIRST ... HC_CONTROL_LAST:
        ret = hc_control(v, cpl != 0);
        break;
    default:
        ret = HC_ENOSYS;
        break;
    }
    v->regs.rax = (uint64_t)ret;
    vcpu_skip(v, 0);
    return act;
}
