/* printf-style formatting without libc. Pure: unit-tested on the host. */
#include "fmt.h"
#include <stdint.h>
#include <stdbool.h>

struct out {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void pad(struct out *o, char c, int n)
{
    while (n-- > 0)
        put(o, c);
}

struct spec {
    bool left, zero;
    int width, prec;
};

static void emit(struct out *o, const struct spec *sp, const char *s, int n,
                 const char *prefix)
{
    int plen = 0;
    while (prefix && prefix[plen])
        plen++;
    int fill = sp->width - n - plen;
    if (!sp->left && !sp->zero)
        pad(o, ' ', fill);
    for (int i = 0; i < plen; i++)
        put(o, prefix[i]);
    if (!sp->left && sp->zero)
        pad(o, '0', fill);
    for (int i = 0; i < n; i++)
        put(o, s[i]);
    if (sp->left)
        pad(o, ' ', fill);
}

static void emit_num(struct out *o, struct spec *sp, uint64_t v, bool neg,
                     unsigned base, bool upper, const char *prefix)
{
    char tmp[24];
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    char rev[24];
    int m = 0;
    /* precision: minimum digits */
    for (int i = n; i < sp->prec && m < 23; i++)
        rev[m++] = '0';
    while (n && m < 23)
        rev[m++] = tmp[--n];
    if (sp->prec >= 0)
        sp->zero = false;
    emit(o, sp, rev, m, neg ? "-" : prefix);
}

int hv_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct out o = { buf, size, 0 };
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        struct spec sp = { false, false, 0, -1 };
        p++;
        for (;; p++) {
            if (*p == '-')
                sp.left = true;
            else if (*p == '0')
                sp.zero = true;
            else
                break;
        }
        if (*p == '*') {
            sp.width = va_arg(ap, int);
            if (sp.width < 0) {
                sp.left = true;
                sp.width = -sp.width;
            }
            p++;
        } else {
            while (*p >= '0' && *p <= '9')
                sp.width = sp.width * 10 + (*p++ - '0');
        }
        if (*p == '.') {
            p++;
            sp.prec = 0;
            if (*p == '*') {
                sp.prec = va_arg(ap, int);
                p++;
            } else {
                while (*p >= '0' && *p <= '9')
                    sp.prec = sp.prec * 10 + (*p++ - '0');
            }
        }
        int lng = 0; /* 0 int, 1 long, 2 long long, -1 short, -2 char, 3 size_t */
        if (*p == 'l') {
            lng = 1;
            if (*++p == 'l') {
                lng = 2;
                p++;
            }
        } else if (*p == 'h') {
            lng = -1;
            if (*++p == 'h') {
                lng = -2;
                p++;
            }
        } else if (*p == 'z') {
            lng = 3;
            p++;
        }
        switch (*p) {
        case 'd':
        case 'i': {
            int64_t v;
            if (lng == 1) v = va_arg(ap, long);
            else if (lng == 2) v = va_arg(ap, long long);
            else if (lng == 3) v = (int64_t)va_arg(ap, size_t);
            else if (lng == -1) v = (short)va_arg(ap, int);
            else if (lng == -2) v = (signed char)va_arg(ap, int);
            else v = va_arg(ap, int);
            uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
            emit_num(&o, &sp, u, v < 0, 10, false, NULL);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            uint64_t v;
            if (lng == 1) v = va_arg(ap, unsigned long);
            else if (lng == 2) v = va_arg(ap, unsigned long long);
            else if (lng == 3) v = va_arg(ap, size_t);
            else if (lng == -1) v = (unsigned short)va_arg(ap, unsigned);
            else if (lng == -2) v = (unsigned char)va_arg(ap, unsigned);
            else v = va_arg(ap, unsigned);
            emit_num(&o, &sp, v, false, *p == 'u' ? 10 : 16, *p == 'X', NULL);
            break;
        }
        case 'p': {
            uintptr_t v = (uintptr_t)va_arg(ap, void *);
            emit_num(&o, &sp, v, false, 16, false, "0x");
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            int n = 0;
            while ((sp.prec < 0 || n < sp.prec) && s[n])   /* never read past the precision */
                n++;
            sp.zero = false;
            emit(&o, &sp, s, n, NULL);
            break;
        }
        case 'c': {
            char c = (char)va_arg(ap, int);
            sp.zero = false;
            emit(&o, &sp, &c, 1, NULL);
            break;
        }
        case '%':
            put(&o, '%');
            break;
        case 0:
            p--; /* lone '%' at the end: print nothing more */
            break;
        default:
            /* unknown conversion: show it verbatim so the bug is visible */
            put(&o, '%');
            put(&o, *p);
            break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = 0;
    return (int)o.len;
}

int hv_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = hv_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
