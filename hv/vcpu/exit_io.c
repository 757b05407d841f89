/* Port I/O: the backend decoded port, size and direction; the VM's bus
 * names the device. Unclaimed ports read as all ones and ignore writes,
 * like an empty ISA bus. */
#include "vcpu.h"
#include "lifecycle.h"

enum exit_action exit_io(struct vcpu *v, const struct vmexit *x)
{
    struct vm *vm = v->vm;
    unsigned size = x->io.size, port = x->io.port;
    bool in = x->io.in;
    if (x->io.string) {
        vm_request_stop(vm, VM_STOP_CRASH, -1, "string port I/O (INS/OUTS) on port 0x%x is not supported", port);
        return EXIT_VM_DEAD;
    }
    uint32_t mask = size == 4 ? 0xffffffffu : size == 2 ? 0xffffu : 0xffu;
    uint64_t val = in ? mask : (uint32_t)v->regs.rax & mask;
    const struct iobus_region *r = iobus_find(&vm->bus, IOBUS_PIO, port);
    if (r)
        r->fn(r->dev, v, port - r->base, size, !in, &val);
    if (in)     /* a 32-bit IN zero-extends into RAX like any 32-bit register write */
        v->regs.rax = size == 4 ? (uint32_t)val : (v->regs.rax & ~(uint64_t)mask) | (val & mask);
    vcpu_skip(v, 0);
    return EXIT_CONTINUE;
}
