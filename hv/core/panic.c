/* hv_stop: a hypervisor bug or an unusable machine. Print why, power off.
 * Apart from log.c so that the logger stays a leaf below power and paging. */
#include "console.h"
#include "power.h"

void hv_stop(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hv_vlog_raw("hv: ", fmt, ap);
    va_end(ap);
    machine_poweroff();
}
