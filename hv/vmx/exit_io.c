/* Port I/O: the exit qualification names port, size and direction; the VM's
 * registry names the device. Unclaimed ports read as all ones and ignore
 * writes, like an empty ISA bus. */
#include "exit.h"

enum exit_action exit_io(struct vcpu *v)
{
    uint64_t q = vmread(EXIT_QUALIFICATION);
    unsigned size = (q & 7) + 1;
    bool in = q & 8;
    uint16_t port = (uint16_t)(q >> 16);
    struct vm *vm = v->vm;
    if (q & 16) {           /* INS/OUTS */
        vm_end(vm, -1, "string port I/O (INS/OUTS) on port 0x%x is not supported", port);
        return EXIT_VM_DEAD;
    }
    uint32_t mask = size == 4 ? 0xffffffffu : size == 2 ? 0xffffu : 0xffu;
    uint32_t val = in ? mask : (uint32_t)v->regs.rax & mask;
    for (unsigned i = 0; i < vm->nio; i++) {
        const struct io_handler *h = &vm->io[i];
        if (port >= h->base && port < h->base + h->len) {
            h->fn(v, port, size, in, &val);
            break;
        }
    }
    if (in)     /* a 32-bit IN zero-extends into RAX like any 32-bit register write */
        v->regs.rax = size == 4 ? val : (v->regs.rax & ~(uint64_t)mask) | (val & mask);
    vcpu_skip_instruction(v);
    return EXIT_CONTINUE;
}

void vm_register_io(struct vm *vm, uint16_t base, uint16_t len,
                    void (*fn)(struct vcpu *, uint16_t, unsigned, bool, uint32_t *))
{
    if (vm->nio < MAX_IO_HANDLERS)
        vm->io[vm->nio++] = (struct io_handler){ base, len, fn };
}
