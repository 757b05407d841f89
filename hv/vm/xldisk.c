/* xl's disk specification (xl-disk-configuration), the subset a raw image
 * in RAM needs: format=raw, vdev=, access=ro|rw, target=; devtype=disk is
 * accepted. Positional items fill target, format, vdev, access in order. */
#include "vmconfig.h"
#include "fmt.h"
#include <string.h>

#define WHY(...) do { hv_snprintf(why, whylen, __VA_ARGS__); return -1; } while (0)

static bool eq(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && !strncmp(s, word, n);
}

static bool vdev_ok(const char *v, size_t n)
{
    if (n < 3 || n > 4)
        return false;
    size_t p = n - 1;
    bool prefix = (p == 3 && !strncmp(v, "xvd", 3)) ||
                  (p == 2 && (!strncmp(v, "hd", 2) || !strncmp(v, "sd", 2) || !strncmp(v, "vd", 2)));
    return prefix && v[p] >= 'a' && v[p] <= 'z';
}

int xl_disk_parse(const char *s, size_t len, struct vm_disk_cfg *d, char *why, size_t whylen)
{
    memset(d, 0, sizeof(*d));
    bool have_target = false, have_vdev = false, have_format = false, have_access = false;
    unsigned positional = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t start = i;
        bool target_key = len - i >= 7 && !strncmp(s + i, "target=", 7);
        while (i < len && (target_key || s[i] != ','))
            i++;
        size_t end = i;
        while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        i++;                                    /* past the comma */
        const char *it = s + start, *eqs = memchr(it, '=', end - start);
        size_t n = end - start;
        const char *key, *val;
        size_t klen, vlen;
        if (eqs) {
            key = it, klen = (size_t)(eqs - it), val = eqs + 1, vlen = n - klen - 1;
        } else {
            static const char *const order[] = { "target", "format", "vdev", "access" };
            if (positional >= 4)
                WHY("'%.*s': more than 4 positional items (target, format, vdev, access)", (int)n, it);
            key = order[positional++], klen = strlen(key), val = it, vlen = n;
            if (!vlen)
                continue;                       /* an empty positional item keeps the default */
        }
        if (eq(key, klen, "target")) {
            if (have_target)
                WHY("target given twice");
            if (!vlen || vlen >= sizeof(d->target))
                WHY("target must name a boot module (1-%zu characters)", sizeof(d->target) - 1);
            memcpy(d->target, val, vlen);
            have_target = true;
        } else if (eq(key, klen, "format")) {
            if (have_format)
                WHY("format given twice");
            if (!eq(val, vlen, "raw"))
                WHY("format=%.*s: only raw images are supported", (int)vlen, val);
            have_format = true;
        } else if (eq(key, klen, "vdev")) {
            if (have_vdev)
                WHY("vdev given twice");
            if (!vdev_ok(val, vlen))
                WHY("vdev=%.*s: expected xvdX, hdX, sdX or vdX (X a-z)", (int)vlen, val);
            memcpy(d->vdev, val, vlen);
            have_vdev = true;
        } else if (eq(key, klen, "access")) {
            if (have_access)
                WHY("access given twice");
            if (eq(val, vlen, "ro") || eq(val, vlen, "r"))
                d->ro = true;
            else if (!eq(val, vlen, "rw") && !eq(val, vlen, "w"))
                WHY("access=%.*s: expected ro or rw", (int)vlen, val);
            have_access = true;
        } else if (eq(key, klen, "devtype")) {
            if (!eq(val, vlen, "disk"))
                WHY("devtype=%.*s: only disk", (int)vlen, val);
        } else {
            WHY("unknown disk key '%.*s' (known: format vdev access devtype target)", (int)klen, key);
        }
    }
    if (!have_target)
        WHY("no target (the disk image's module name)");
    if (!have_vdev)
        WHY("no vdev (e.g. vdev=xvda)");
    return 0;
}
