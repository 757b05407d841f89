/* Freestanding formatted output (hv/lib/fmt.c), host-testable. */
#ifndef HV_FMT_H
#define HV_FMT_H
#include <stdarg.h>
#include <stddef.h>

/* Supports %d %i %u %x %X %p %s %c %%, flags '-' '0', width and precision
 * (also '*'), length modifiers hh h l ll z. Always NUL-terminates when
 * size > 0; returns the length the full output would have. */
int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int hv_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
