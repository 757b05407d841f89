/* Hypervisor console: COM1 with log levels. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H
#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

extern int log_level;

void serial_init(void);
void serial_write(const char *s, size_t n);
void serial_bust_lock(void);      /* after the other CPUs halted: one may have held it */
bool serial_has_input(void);
int serial_getc(void);            /* a byte typed on the console, or -1 */

void hv_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hv_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hv_vlog_raw(const char *prefix, const char *fmt, va_list ap);

#define pr_err(...)   hv_log(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  hv_log(LOG_WARN, __VA_ARGS__)
#define pr_info(...)  hv_log(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) hv_log(LOG_DEBUG, __VA_ARGS__)

/* Print why, then power the machine off (ACPI, then emulator ports): hv/core/panic.c. */
__attribute__((noreturn)) void hv_stop(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
