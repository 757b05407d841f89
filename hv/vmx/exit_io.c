/* Port I/O: the exit qualification names port, size and direction; the VM's
 * registry names the device. Unclaimed ports read as all ones and ignore
 * writes, like an empty ISA bus. */
#include "exit.h"
#include "iorange.h"

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
    struct io_range r[MAX_IO_HANDLERS];
    for (unsigned i = 0; i < vm->nio; i++)
        r[i] = (struct io_range){ vm->io[i].base, vm->io[i].len };
    unsigned w = 0;
    enum iorange_err e = iorange_fit(r, vm->nio, MAX_IO_HANDLERS, base, len, &w);
    if (e == IORANGE_OK)
        vm->io[vm->nio++] = (struct io_handler){ base, len, fn };
    else if (e == IORANGE_OVERLAP)
        vm_device_error(vm, "I/O ports 0x%x-0x%x overlap ports 0x%x-0x%x of another device", base,
                        base + len - 1, vm->io[w].base, vm->io[w].base + vm->io[w].len - 1);
    else if (e == IORANGE_FULL)
        vm_device_error(vm, "I/O ports 0x%x-0x%x: the port table is full (%u ranges)", base, base + len - 1,
                        MAX_IO_HANDLERS);
    else
        vm_device_error(vm, "I/O ports at 0x%x: empty range", base);
}
