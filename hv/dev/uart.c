/* 16550 UART at COM1 (0x3f8): guest output goes to the hypervisor console
 * a line at a time, prefixed with the VM's name. Always ready to send. */
#include "vm.h"
#include "console.h"

#define COM1 0x3f8

void dev_uart_flush(struct vm *vm)
{
    struct uart *u = &vm->dev.com1;
    if (!u->len)
        return;
    hv_printf("[%s] %.*s\n", vm->name, (int)u->len, u->line);
    u->len = 0;
}

static void uart_io(struct vcpu *v, uint16_t port, unsigned size, bool in, uint32_t *val)
{
    (void)size;
    struct uart *u = &v->vm->dev.com1;
    unsigned reg = port - COM1;
    bool dlab = u->lcr & 0x80;
    if (in) {
        switch (reg) {
        case 0: *val = dlab ? u->dll : 0; break;            /* no input yet */
        case 1: *val = dlab ? u->dlm : u->ier; break;
        case 2: *val = 0xc1; break;                         /* FIFOs on, no interrupt */
        case 3: *val = u->lcr; break;
        case 4: *val = u->mcr; break;
        case 5: *val = 0x60; break;                         /* THR and TSR empty */
        case 6: *val = 0xb0; break;                         /* DCD, DSR, CTS */
        default: *val = u->scr; break;
        }
        return;
    }
    uint8_t b = (uint8_t)*val;
    switch (reg) {
    case 0:
        if (dlab) {
            u->dll = b;
        } else if (b == '\n') {
            dev_uart_flush(v->vm);
        } else if (b != '\r') {
            if (u->len == sizeof(u->line))
                dev_uart_flush(v->vm);
            u->line[u->len++] = (char)b;
        }
        break;
    case 1: if (dlab) u->dlm = b; else u->ier = b & 0x0f; break;
    case 3: u->lcr = b; break;
    case 4: u->mcr = b; break;
    case 7: u->scr = b; break;
    default: break;
    }
}

void dev_uart_init(struct vm *vm)
{
    vm_register_io(vm, COM1, 8, uart_io);
}
