/* TSC frequency: CPUID when it says, else 10 ms of PIT channel 2. */
#include "tsc.h"
#include "cpu.h"
#include "asi.h"

uint64_t tsc_hz __asi_shared;

static uint64_t pit_calibrate(void)
{
    const uint16_t count = 11932;           /* 1193182 Hz / 100 = 10 ms */
    outb(0x61, (inb(0x61) & ~0x02) | 0x01); /* gate on, speaker off */
    outb(0x43, 0xb0);                       /* channel 2, lobyte/hibyte, mode 0 */
    outb(0x42, count & 0xff);
    outb(0x42, count >> 8);
    uint64_t t0 = rdtsc();
    /* OUT2 (bit 5 of port 0x61) goes high at terminal count; bound the wait */
    for (uint64_t i = 0; i < 100000000 && !(inb(0x61) & 0x20); i++)
        ;
    uint64_t t1 = rdtsc();
    return (t1 - t0) * 100;
}

const char *tsc_init(void)
{
    uint32_t max = cpuid(0, 0).eax;
    uint32_t l15[4] = { 0 }, l16[4] = { 0 };
    if (max >= 0x15) {
        struct cpuid_regs r = cpuid(0x15, 0);
        l15[0] = r.eax, l15[1] = r.ebx, l15[2] = r.ecx, l15[3] = r.edx;
    }
    if (max >= 0x16) {
        struct cpuid_regs r = cpuid(0x16, 0);
        l16[0] = r.eax, l16[1] = r.ebx, l16[2] = r.ecx, l16[3] = r.edx;
    }
    tsc_hz = tsc_hz_from_cpuid(max, l15, l16);
    if (tsc_hz)
        return max >= 0x15 && l15[2] ? "CPUID 0x15" : "CPUID 0x16";
    tsc_hz = pit_calibrate();
    return "PIT calibration";
}
