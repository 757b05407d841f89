/* Calendar time for the guests' CMOS RTC: the host's RTC read once at boot,
 * advanced by the TSC. The date arithmetic is pure (host-tested). */
#ifndef HV_RTC_H
#define HV_RTC_H
#include <stdint.h>

struct rtc_time { unsigned year, mon, day, hour, min, sec, wday; };

uint64_t rtc_to_unix(const struct rtc_time *t);
void rtc_from_unix(uint64_t s, struct rtc_time *t);
uint8_t rtc_bcd(unsigned v);
unsigned rtc_from_bcd(uint8_t v);

void rtc_init(void);                 /* read the host RTC (hardware) */
uint64_t rtc_now_unix(void);         /* seconds since 1970, for the guests */

#endif
