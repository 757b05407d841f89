/* Days-from-civil and back (proleptic Gregorian), no tables, no libc. */
#include "rtc.h"

uint8_t rtc_bcd(unsigned v) { return (uint8_t)(((v / 10) << 4) | (v % 10)); }
unsigned rtc_from_bcd(uint8_t v) { return (v >> 4) * 10 + (v & 15); }

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

uint64_t rtc_to_unix(const struct rtc_time *t)
{
    int64_t days = days_from_civil(t->year, t->mon, t->day);
    return (uint64_t)(days * 86400 + t->hour * 3600 + t->min * 60 + t->sec);
}

void rtc_from_unix(uint64_t s, struct rtc_time *t)
{
    int64_t z = (int64_t)(s / 86400) + 719468;
    unsigned secs = (unsigned)(s % 86400);
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    t->day = doy - (153 * mp + 2) / 5 + 1;
    t->mon = mp < 10 ? mp + 3 : mp - 9;
    t->year = (unsigned)(yoe + era * 400 + (t->mon <= 2));
    t->hour = secs / 3600;
    t->min = secs / 60 % 60;
    t->sec = secs % 60;
    t->wday = (unsigned)((s / 86400 + 4) % 7);      /* 1970-01-01 was a Thursday (0 = Sunday) */
}
