/* 16550 UART at COM1 (0x3f8), ISA IRQ 4. Output goes to the hypervisor
 * console a line at a time, prefixed with the VM's name (a partial line, such
 * as a prompt, after 50 ms); it is always ready to send, and raises the THRE
 * interrupt a driver waits for. Input comes from the hypervisor's own COM1
 * for the VM that owns the console, no faster than the guest drains its FIFO. */
#include "vm.h"
#include "iobus.h"
#include "console.h"
#include "cpu.h"
#include "tsc.h"
#include "conswitch.h"
#include "asi.h"

#define COM1 0x3f8

void dev_uart_flush(struct vm *vm)
{
    struct uart *u = &vm->dev.com1;
    if (!u->len)
        return;
    hv_printf("[%s] %.*s\n", vm->name, (int)u->len, u->line);
    u->len = 0;
}

static bool rx_ready(const struct uart *u)
{
    return u->rx_head != u->rx_tail;
}

/* IRQ 4 follows "an enabled interrupt is pending", gated by OUT2 as on a PC;
 * the IOAPIC sees its rising edges. */
static void update_irq(struct vm *vm)
{
    struct uart *u = &vm->dev.com1;
    bool pending = ((u->ier & 1) && rx_ready(u)) || ((u->ier & 2) && u->thre_pending);
    bool line = pending && (u->mcr & 8);
    if (line && !u->irq_line)
        vm_isa_irq(vm, 4);
    u->irq_line = line;
}

void dev_uart_input(struct vm *vm, char c)
{
    struct uart *u = &vm->dev.com1;
    unsigned next = (u->rx_head + 1) % sizeof(u->rx);
    if (next == u->rx_tail)
        return;                         /* overrun: drop, as a real FIFO would */
    u->rx[u->rx_head] = (uint8_t)c;
    u->rx_head = next;
    update_irq(vm);
}

static bool rx_full(const struct uart *u)
{
    return (u->rx_head + 1) % sizeof(u->rx) == u->rx_tail;
}

/* Which VM (or the hypervisor) the console's input goes to: ASI-shared, as
 * the owning VM's exits read it (it says nothing about any VM's data). */
struct conswitch console_input __asi_shared = { .target = -1 };

void console_input_announce(void)
{
    const struct conswitch *s = &console_input;
    if (s->target < 0)
        hv_printf("hv: console input: the hypervisor (h: keys; Ctrl-A three times: next)\n");
    else
        hv_printf("hv: console input: vm %s (Ctrl-A three times: next)\n", s->names[s->target]);
}

/* Only what the guest's FIFO has room for: the rest waits in the host's
 * UART (flow control), not dropped while the guest's reader is slow.
 * True when input came, or when it now goes elsewhere (Ctrl-A x3). */
bool host_serial_poll(struct vm *vm)
{
    if (!conswitch_owns(&console_input, vm->id))
        return false;
    bool any = false;
    int c;
    for (int i = 0; i < 16 && !rx_full(&vm->dev.com1) && (c = serial_getc()) >= 0; i++) {
        if (conswitch_feed(&console_input, (char)c) == CS_SWITCHED) {
            console_input_announce();
            return true;
        }
        dev_uart_input(vm, (char)c);
        any = true;
    }
    return any;
}

/* What the control VM typed for this VM (HC_CONS_WRITE), as far as its FIFO
 * has room; its home CPU calls this. True when input came. */
bool dev_uart_take_queued(struct vm *vm)
{
    bool any = false;
    uint32_t t = vm->conin_tail;
    while (t != __atomic_load_n(&vm->conin_head, __ATOMIC_ACQUIRE) && !rx_full(&vm->dev.com1)) {
        dev_uart_input(vm, (char)vm->conin[t & (VM_CONIN - 1)]);
        t++;
        any = true;
    }
    __atomic_store_n(&vm->conin_tail, t, __ATOMIC_RELEASE);
    return any;
}

/* Typed input echoes a character at a time: held until its line ends or
 * this long has passed (a prompt waiting for input), so lines are not torn. */
#define UART_LINE_HOLD_MS 50

void dev_uart_putc(struct vm *vm, char c)
{
    struct uart *u = &vm->dev.com1;
    uint64_t h = vm->conlog_head;       /* the control VM's copy: every byte, as written */
    vm->conlog[h & (VM_CONLOG - 1)] = c;
    __atomic_store_n(&vm->conlog_head, h + 1, __ATOMIC_RELEASE);
    if (c == '\n') {
        dev_uart_flush(vm);
    } else if (c != '\r') {
        if (u->len == sizeof(u->line))
            dev_uart_flush(vm);
        if (!u->len)
            u->line_tsc = rdtsc();
        u->line[u->len++] = c;
    }
}

uint64_t dev_uart_flush_due(const struct vm *vm)
{
    const struct uart *u = &vm->dev.com1;
    return u->len ? u->line_tsc + tsc_hz / 1000 * UART_LINE_HOLD_MS : 0;
}

void dev_uart_flush_stale(struct vm *vm, uint64_t now)
{
    uint64_t due = dev_uart_flush_due(vm);
    if (due && now >= due)
        dev_uart_flush(vm);
}

static void uart_io(void *dev, struct vcpu *v, uint64_t reg, unsigned size, bool write, uint64_t *val)
{
    (void)size, (void)v;
    struct vm *vm = dev;
    struct uart *u = &vm->dev.com1;
    bool in = !write;
    bool dlab = u->lcr & 0x80;
    if (in) {
        switch (reg) {
        case 0:
            if (dlab) {
                *val = u->dll;
            } else if (rx_ready(u)) {
                *val = u->rx[u->rx_tail];
                u->rx_tail = (u->rx_tail + 1) % sizeof(u->rx);
            } else {
                *val = 0;
            }
            break;
        case 1: *val = dlab ? u->dlm : u->ier; break;
        case 2:                         /* IIR: data > THRE > none; FIFOs on */
            if ((u->ier & 1) && rx_ready(u)) {
                *val = 0xc4;
            } else if ((u->ier & 2) && u->thre_pending) {
                *val = 0xc2;
                u->thre_pending = false;   /* reading IIR acknowledges THRE */
            } else {
                *val = 0xc1;
            }
            break;
        case 3: *val = u->lcr; break;
        case 4: *val = u->mcr; break;
        case 5: *val = 0x60 | (rx_ready(u) ? 1 : 0); break;
        case 6: *val = 0xb0; break;     /* DCD, DSR, CTS */
        default: *val = u->scr; break;
        }
        update_irq(vm);
        return;
    }
    uint8_t b = (uint8_t)*val;
    switch (reg) {
    case 0:
        if (dlab) {
            u->dll = b;
        } else {
            dev_uart_putc(vm, (char)b);
            u->thre_pending = true;     /* sent at once: the holding register is empty again */
        }
        break;
    case 1:
        if (dlab) {
            u->dlm = b;
        } else {
            if ((b & 2) && !(u->ier & 2))
                u->thre_pending = true; /* enabling THRE with the register empty */
            u->ier = b & 0x0f;
        }
        break;
    case 3: u->lcr = b; break;
    case 4: u->mcr = b; break;
    case 7: u->scr = b; break;
    default: break;
    }
    update_irq(vm);
}

void dev_uart_init(struct vm *vm)
{
    iobus_register(&vm->bus, IOBUS_PIO, COM1, 8, uart_io, vm, "uart");
}
