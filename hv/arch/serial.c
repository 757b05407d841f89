/* 16550 UART on COM1: the hypervisor's console. Polled, 115200 8N1. */
#include "console.h"
#include "cpu.h"
#include "spinlock.h"
#include "asi.h"

#define COM1 0x3f8

void serial_init(void)
{
    outb(COM1 + 1, 0x00);   /* no interrupts */
    outb(COM1 + 3, 0x80);   /* DLAB */
    outb(COM1 + 0, 0x01);   /* divisor 1 = 115200 */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);   /* 8N1 */
    outb(COM1 + 2, 0xc7);   /* FIFO on, cleared, 14-byte threshold */
    outb(COM1 + 4, 0x03);   /* DTR | RTS */
}

static void serial_putc(char c)
{
    /* Bounded wait: a missing UART must not hang the hypervisor. */
    for (int i = 0; i < 100000 && !(inb(COM1 + 5) & 0x20); i++)
        cpu_relax();
    outb(COM1, (uint8_t)c);
}

/* Whole writes (a formatted line) do not interleave between CPUs. Shared
 * with the restricted spaces: guest console lines are written from exits. */
static struct spinlock console_lock __asi_shared;

void serial_write(const char *s, size_t n)
{
    spin_lock(&console_lock);
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
    }
    spin_unlock(&console_lock);
}

void serial_bust_lock(void)
{
    spin_unlock(&console_lock);
}

/* Console input: the only readers of the host COM1 are these two. */
bool serial_has_input(void)
{
    return inb(COM1 + 5) & 1;
}

int serial_getc(void)
{
    return serial_has_input() ? inb(COM1) : -1;
}
