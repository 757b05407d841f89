/* on_reboot = "restart": the first boot marks CMOS NVRAM and resets through
 * the i8042; the second boot finds the mark (NVRAM survives) and passes. The
 * RTC must tell a plausible real date. */
#include "guest.h"

static uint8_t cmos(uint8_t r) { outb(0x70, r); return inb(0x71); }
static unsigned bcd(uint8_t v) { return (v >> 4) * 10 + (v & 15); }

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    if (cmos(0x40) != 0x5a) {
        outb(0x70, 0x40);
        outb(0x71, 0x5a);
        printf("first boot: resetting through the i8042\n");
        outb(0x64, 0xfe);
        for (;;)
            __asm__ volatile("cli; hlt");
    }
    printf("second boot: CMOS NVRAM kept across the restart\n");
    unsigned year = bcd(cmos(0x32)) * 100 + bcd(cmos(0x09)), mon = bcd(cmos(0x08)), day = bcd(cmos(0x07));
    unsigned h = bcd(cmos(0x04)), m = bcd(cmos(0x02)), s = bcd(cmos(0x00));
    check(year >= 2024 && year < 2100 && mon >= 1 && mon <= 12 && day >= 1 && day <= 31 && h < 24 && m < 60 && s < 60,
          "rtc-real-time", "%04u-%02u-%02u %02u:%02u:%02u", year, mon, day, h, m, s);
    check((cmos(0x0b) & 2) && (cmos(0x0d) & 0x80), "rtc-status", "");
    return 0;
}
