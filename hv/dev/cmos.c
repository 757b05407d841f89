/* CMOS: the RTC (real time, BCD, 24-hour, as a PC BIOS leaves it) and 128
 * bytes of NVRAM that survive a VM restart like battery-backed CMOS. */
#include "vm.h"
#include "iobus.h"
#include "rtc.h"

static uint8_t rtc_reg(struct vm *vm, unsigned r)
{
    struct rtc_time t;
    rtc_from_unix(rtc_now_unix(), &t);
    switch (r) {
    case 0x00: return rtc_bcd(t.sec);
    case 0x02: return rtc_bcd(t.min);
    case 0x04: return rtc_bcd(t.hour);
    case 0x06: return rtc_bcd(t.wday + 1);
    case 0x07: return rtc_bcd(t.day);
    case 0x08: return rtc_bcd(t.mon);
    case 0x09: return rtc_bcd(t.year % 100);
    case 0x32: return rtc_bcd(t.year / 100);
    case 0x0a: return 0x26;             /* 32.768 kHz base, 1024 Hz rate, no update in progress */
    case 0x0b: return 0x02;             /* 24-hour, BCD, no interrupts */
    case 0x0c: return 0;
    case 0x0d: return 0x80;             /* battery good */
    default: return vm->dev.cmos[r & 0x7f];
    }
}

static void cmos_io(void *dev, struct vcpu *v, uint64_t off, unsigned size, bool write, uint64_t *val)
{
    (void)size, (void)v;
    struct vm *vm = dev;
    struct vm_devices *d = &vm->dev;
    bool in = !write;
    if (off == 0) {
        if (in)
            *val = d->cmos_index;
        else
            d->cmos_index = (uint8_t)*val & 0x7f;
        return;
    }
    unsigned r = d->cmos_index;
    if (in)
        *val = rtc_reg(vm, r);
    else if (r >= 0x0e && r != 0x32)    /* the clock registers are read-only here */
        d->cmos[r] = (uint8_t)*val;
}

void dev_cmos_init(struct vm *vm)
{
    iobus_register(&vm->bus, IOBUS_PIO, 0x70, 2, cmos_io, vm, "cmos");
}
