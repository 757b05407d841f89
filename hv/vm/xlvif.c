/* xl's network interface specification (xl-network-configuration), the
 * subset a virtio-net port on the hypervisor's switch needs: mac=, bridge=;
 * model= may only name virtio, type= is accepted (vif or ioemu). */
#include "vmconfig.h"
#include "fmt.h"
#include <string.h>

#define WHY(...) do { hv_snprintf(why, whylen, __VA_ARGS__); return -1; } while (0)

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool eq(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && !strncmp(s, word, n);
}

int xl_vif_parse(const char *s, size_t len, struct vm_vif_cfg *v, char *why, size_t whylen)
{
    memset(v, 0, sizeof(*v));
    memcpy(v->bridge, "xenbr0", 7);
    bool have_bridge = false;
    size_t i = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t start = i;
        while (i < len && s[i] != ',')
            i++;
        size_t end = i++;
        while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        if (end == start)
            continue;
        const char *it = s + start, *eqs = memchr(it, '=', end - start);
        if (!eqs)
            WHY("'%.*s': expected key=value (mac=, bridge=, model=, type=)", (int)(end - start), it);
        const char *key = it, *val = eqs + 1;
        size_t klen = (size_t)(eqs - it), vlen = end - start - klen - 1;
        if (eq(key, klen, "mac")) {
            if (v->mac_set)
                WHY("mac given twice");
            if (vlen != 17)
                WHY("mac=%.*s: expected six hex bytes, 00:16:3e:xx:xx:xx", (int)vlen, val);
            for (unsigned b = 0; b < 6; b++) {
                int h = hex(val[3 * b]), l = hex(val[3 * b + 1]);
                if (h < 0 || l < 0 || (b < 5 && val[3 * b + 2] != ':'))
                    WHY("mac=%.*s: expected six hex bytes, 00:16:3e:xx:xx:xx", (int)vlen, val);
                v->mac[b] = (uint8_t)(h << 4 | l);
            }
            if (v->mac[0] & 1)
                WHY("mac=%.*s is a multicast address (the first byte's low bit is set)", (int)vlen, val);
            v->mac_set = true;
        } else if (eq(key, klen, "bridge")) {
            if (have_bridge)
                WHY("bridge given twice");
            if (!vlen || vlen >= sizeof(v->bridge))
                WHY("bridge name must be 1-%zu characters", sizeof(v->bridge) - 1);
            memset(v->bridge, 0, sizeof(v->bridge));
            memcpy(v->bridge, val, vlen);
            have_bridge = true;
        } else if (eq(key, klen, "model")) {
            if (!eq(val, vlen, "virtio") && !eq(val, vlen, "virtio-net"))
                WHY("model=%.*s: only virtio (virtio-net) is emulated", (int)vlen, val);
        } else if (eq(key, klen, "type")) {
            if (!eq(val, vlen, "vif") && !eq(val, vlen, "ioemu"))
                WHY("type=%.*s: expected vif or ioemu", (int)vlen, val);
        } else {
            WHY("unknown vif key '%.*s' (known: mac bridge model type)", (int)klen, key);
        }
    }
    return 0;
}
