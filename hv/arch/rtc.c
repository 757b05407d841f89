/* The host RTC, read once at boot (waiting out an update in progress). */
#include "rtc.h"
#include "cpu.h"
#include "tsc.h"
#include "asi.h"

static uint64_t boot_unix __asi_shared, boot_tsc __asi_shared;

static uint8_t cmos(uint8_t r)
{
    outb(0x70, r);
    return inb(0x71);
}

void rtc_init(void)
{
    for (int i = 0; i < 1000000 && (cmos(0x0a) & 0x80); i++)
        ;
    uint8_t b = cmos(0x0b);
    uint8_t raw[7] = { cmos(0), cmos(2), cmos(4), cmos(7), cmos(8), cmos(9), cmos(0x32) };
    boot_tsc = rdtsc();
    unsigned v[7];
    for (int i = 0; i < 7; i++)
        v[i] = (b & 4) ? raw[i] : rtc_from_bcd(raw[i]);
    bool pm = !(b & 2) && (raw[2] & 0x80);
    if (!(b & 4))
        v[2] = rtc_from_bcd(raw[2] & 0x7f);
    if (pm)
        v[2] = (v[2] % 12) + 12;
    struct rtc_time t = { .year = (v[6] >= 19 && v[6] <= 21 ? v[6] : 20) * 100 + v[5], .mon = v[4],
                          .day = v[3], .hour = v[2], .min = v[1], .sec = v[0] };
    if (t.mon < 1 || t.mon > 12 || t.day < 1 || t.day > 31)
        t = (struct rtc_time){ 2026, 1, 1, 0, 0, 0, 0 };   /* no usable host RTC */
    boot_unix = rtc_to_unix(&t);
}

uint64_t rtc_now_unix(void)
{
    return boot_unix + (tsc_hz ? (rdtsc() - boot_tsc) / tsc_hz : 0);
}
