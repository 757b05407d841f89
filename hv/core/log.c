/* printf and leveled logging onto the console. A leaf: it calls only the
 * formatter and the serial port (hv_stop is in panic.c). */
#include "console.h"
#include "fmt.h"
#include "asi.h"
#include <stdarg.h>

int log_level __asi_shared = LOG_INFO;

static void vprint(const char *prefix, const char *fmt, va_list ap)
{
    char buf[512];
    int n = 0;
    if (prefix)
        n = hv_snprintf(buf, sizeof(buf), "%s", prefix);
    int m = hv_vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
    n += m;
    if (n >= (int)sizeof(buf))
        n = sizeof(buf) - 1;
    serial_write(buf, n);
}

void hv_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(NULL, fmt, ap);
    va_end(ap);
}

void hv_log(int level, const char *fmt, ...)
{
    static const char *const prefix[] = {
        [LOG_ERR] = "hv: error: ", [LOG_WARN] = "hv: warning: ",
        [LOG_INFO] = "hv: ", [LOG_DEBUG] = "hv: debug: ",
    };
    if (level > log_level)
        return;
    va_list ap;
    va_start(ap, fmt);
    vprint(prefix[level], fmt, ap);
    va_end(ap);
}

void hv_vlog_raw(const char *prefix, const char *fmt, va_list ap)
{
    vprint(prefix, fmt, ap);
}
