/* xl.cfg subset: `key = value` lines, values "string", 'string' or
 * integers, `#` comments. Every error names file:line and the key. */
#include "vmconfig.h"
#include "place.h"
#include "fmt.h"
#include <stdbool.h>
#include <string.h>

static const char *const keys[] = {
    "name", "memory", "vcpus", "cpus", "kernel", "ramdisk", "extra", "cmdline",
    "on_poweroff", "on_reboot", "on_crash", "type", "asi_guest_control", "unassigned_access", "testdev",
    "autostart", "disk", "vif", "control",
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

const char *vm_action_name(enum vm_action a)
{
    return a == ACT_RESTART ? "restart" : a == ACT_PRESERVE ? "preserve" : "destroy";
}

/* Edit distance, capped: for "did you mean" hints. */
static unsigned distance(const char *a, size_t la, const char *b)
{
    size_t lb = strlen(b);
    if (la > 15 || lb > 15)
        return 99;
    unsigned d[16][16];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            unsigned c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
                c = d[i - 2][j - 2] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

#define ERR(...) do { int o_ = hv_snprintf(err, errlen, "%s:%u: ", file, line); \
    hv_snprintf(err + o_, errlen > (size_t)o_ ? errlen - o_ : 0, __VA_ARGS__); return -1; } while (0)

static int set_str(char *dst, size_t dstlen, const char *v, size_t vlen, bool quoted)
{
    if (!quoted || vlen >= dstlen)
        return -1;
    memcpy(dst, v, vlen);
    dst[vlen] = 0;
    return 0;
}

int vmconfig_parse(const char *text, size_t len, const char *file,
                   struct vm_config *cfg, char *err, size_t errlen)
{
    memset(cfg, 0, sizeof(*cfg));
    hv_snprintf(cfg->file, sizeof(cfg->file), "%s", file);
    cfg->memory_mb = 128;
    cfg->vcpus = 1;
    cfg->autostart = true;
    unsigned line = 0;
    bool seen[NKEYS] = { false };
    size_t pos = 0;
    while (pos < len) {
        line++;
        size_t eol = pos;
        while (eol < len && text[eol] != '\n')
            eol++;
        const char *p = text + pos, *end = text + eol;
        pos = eol + 1;
        while (p < end && is_space(*p))
            p++;
        if (p == end || *p == '#')
            continue;
        if (memchr(p, 0, end - p))
            ERR("NUL byte in the file");
        const char *k = p;
        while (p < end && (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                           (*p >= '0' && *p <= '9')))
            p++;
        size_t klen = p - k;
        if (!klen)
            ERR("expected 'key = value', found '%.*s'", (int)(end - k > 40 ? 40 : end - k), k);
        while (p < end && is_space(*p))
            p++;
        if (p == end || *p != '=')
            ERR("expected '=' after '%.*s'", (int)klen, k);
        p++;
        while (p < end && is_space(*p))
            p++;
        unsigned ki = NKEYS;
        for (unsigned i = 0; i < NKEYS; i++)
            if (strlen(keys[i]) == klen && !strncmp(keys[i], k, klen))
                ki = i;
        if (ki == NKEYS) {
            const char *best = NULL;
            unsigned bd = 3;
            for (unsigned i = 0; i < NKEYS; i++) {
                unsigned d = distance(k, klen, keys[i]);
                if (d < bd)
                    bd = d, best = keys[i];
            }
            if (best)
                ERR("unknown key '%.*s' (did you mean '%s'?)", (int)klen, k, best);
            ERR("unknown key '%.*s' (known: name memory vcpus cpus kernel ramdisk extra cmdline "
                "on_poweroff on_reboot on_crash type asi_guest_control unassigned_access testdev autostart disk vif control)", (int)klen, k);
        }
        /* value: quoted string or bare word (integer) */
        const char *v;
        size_t vlen;
        bool quoted = false;
        if (p < end && (*p == '"' || *p == '\'')) {
            char q = *p++;
            v = p;
            while (p < end && *p != q)
                p++;
            if (p == end)
                ERR("unterminated string for '%.*s'", (int)klen, k);
            vlen = p - v;
            p++;
            quoted = true;
        } else if (p < end && *p == '[') {
            bool vif = !strcmp(keys[ki], "vif");
            if (!vif && strcmp(keys[ki], "disk"))
                ERR("'%.*s': only disk and vif take a list", (int)klen, k);
            const char *what = keys[ki];
            if (seen[ki])
                ERR("key '%s' given twice", what);
            seen[ki] = true;
            /* [ 'spec', "spec", ... ] over one or more lines */
            const char *q = p + 1, *tend = text + len;
            for (;;) {
                while (q < tend && (is_space(*q) || *q == '\n' || *q == ','))
                    line += *q++ == '\n';
                if (q < tend && *q == ']')
                    break;
                if (q == tend || (*q != '\'' && *q != '"'))
                    ERR("%s: expected a quoted %s spec or ']'", what, what);
                char qc = *q++;
                const char *sv = q;
                while (q < tend && *q != qc && *q != '\n')
                    q++;
                if (q == tend || *q != qc)
                    ERR("%s: unterminated string", what);
                char why[120];
                int sl = (int)(q - sv > 60 ? 60 : q - sv);
                if (vif) {
                    if (cfg->nvifs >= VM_MAX_VIFS)
                        ERR("vif: more than %d network interfaces", VM_MAX_VIFS);
                    if (xl_vif_parse(sv, (size_t)(q - sv), &cfg->vifs[cfg->nvifs], why, sizeof(why)))
                        ERR("vif '%.*s': %s", sl, sv, why);
                    cfg->nvifs++;
                } else {
                    if (cfg->ndisks >= VM_MAX_DISKS)
                        ERR("disk: more than %d disks", VM_MAX_DISKS);
                    struct vm_disk_cfg *d = &cfg->disks[cfg->ndisks];
                    if (xl_disk_parse(sv, (size_t)(q - sv), d, why, sizeof(why)))
                        ERR("disk '%.*s': %s", sl, sv, why);
                    for (unsigned j = 0; j < cfg->ndisks; j++)
                        if (!strcmp(cfg->disks[j].vdev, d->vdev))
                            ERR("disk: vdev %s given twice", d->vdev);
                    cfg->ndisks++;
                }
                q++;
            }
            /* the rest of the line after ']' */
            p = q + 1;
            end = p;
            while (end < tend && *end != '\n')
                end++;
            pos = (size_t)(end - text) + 1;
            while (p < end && is_space(*p))
                p++;
            if (p < end && *p != '#')
                ERR("unexpected text after the %s list: '%.*s'", what, (int)(end - p > 30 ? 30 : end - p), p);
            continue;
        } else {
            v = p;
            while (p < end && !is_space(*p) && *p != '#')
                p++;
            vlen = p - v;
            if (!vlen)
                ERR("'%.*s' has no value", (int)klen, k);
        }
        while (p < end && is_space(*p))
            p++;
        if (p < end && *p != '#')
            ERR("unexpected text after the value of '%.*s': '%.*s'", (int)klen, k,
                (int)(end - p > 30 ? 30 : end - p), p);

        if (seen[ki])
            ERR("key '%s' given twice", keys[ki]);
        seen[ki] = true;
        const char *key = keys[ki];
        if (!strcmp(key, "disk"))
            ERR("disk must be a list: disk = [ 'format=raw, vdev=xvda, access=rw, target=IMAGE' ]");
        if (!strcmp(key, "vif"))
            ERR("vif must be a list: vif = [ 'mac=00:16:3e:01:02:03, bridge=br0' ]");
        if (!strcmp(key, "memory") || !strcmp(key, "vcpus")) {
            uint64_t n = 0;
            size_t i = 0;
            for (; i < vlen && v[i] >= '0' && v[i] <= '9' && n < 1000000; i++)
                n = n * 10 + (v[i] - '0');
            if (quoted || !vlen || i != vlen)
                ERR("'%s' must be a number, got '%.*s'", key, (int)vlen, v);
            if (key[0] == 'm') {
                if (n < 2 || n > VM_MAX_MEMORY_MB)
                    ERR("memory = %llu MiB is out of range (2-%u)", (unsigned long long)n, VM_MAX_MEMORY_MB);
                cfg->memory_mb = (uint32_t)n;
            } else {
                if (n < 1 || n > VM_MAX_VCPUS)
                    ERR("vcpus = %llu is out of range (1-%u)", (unsigned long long)n, VM_MAX_VCPUS);
                cfg->vcpus = (uint32_t)n;
            }
        } else if (!strcmp(key, "asi_guest_control") || !strcmp(key, "testdev") || !strcmp(key, "autostart") ||
                   !strcmp(key, "control")) {
            if (quoted || vlen != 1 || (v[0] != '0' && v[0] != '1'))
                ERR("%s must be 0 or 1, got '%.*s'", key, (int)vlen, v);
            *(!strcmp(key, "testdev") ? &cfg->testdev : !strcmp(key, "control") ? &cfg->control
                : key[1] == 's' ? &cfg->asi_guest_control : &cfg->autostart) = v[0] == '1';
        } else if (!strcmp(key, "unassigned_access")) {
            if (vlen == 4 && !strncmp(v, "ones", 4)) cfg->unassigned_destroy = false;
            else if (vlen == 7 && !strncmp(v, "destroy", 7)) cfg->unassigned_destroy = true;
            else ERR("unassigned_access = '%.*s': expected \"ones\" (reads all ones, writes dropped) or "
                     "\"destroy\"", (int)vlen, v);
        } else if (!strncmp(key, "on_", 3)) {
            enum vm_action *a = key[3] == 'p' ? &cfg->on_poweroff : key[3] == 'r' ? &cfg->on_reboot
                                                                               : &cfg->on_crash;
            if (vlen == 7 && !strncmp(v, "destroy", 7)) *a = ACT_DESTROY;
            else if (vlen == 7 && !strncmp(v, "restart", 7)) *a = ACT_RESTART;
            else if (vlen == 8 && !strncmp(v, "preserve", 8)) *a = ACT_PRESERVE;
            else ERR("%s = '%.*s': expected destroy, restart or preserve", key, (int)vlen, v);
        } else {
            char *dst;
            size_t dl;
            if (!strcmp(key, "name")) dst = cfg->name, dl = sizeof(cfg->name);
            else if (!strcmp(key, "cpus")) dst = cfg->cpus, dl = sizeof(cfg->cpus);
            else if (!strcmp(key, "kernel")) dst = cfg->kernel, dl = sizeof(cfg->kernel);
            else if (!strcmp(key, "ramdisk")) dst = cfg->ramdisk, dl = sizeof(cfg->ramdisk);
            else if (!strcmp(key, "type")) {
                if (!quoted || !((vlen == 3 && !strncmp(v, "pvh", 3)) || (vlen == 3 && !strncmp(v, "hvm", 3))))
                    ERR("type must be \"pvh\" or \"hvm\"");
                continue;
            } else {
                if (seen[6] && seen[7])
                    ERR("give 'extra' or 'cmdline', not both");
                dst = cfg->extra, dl = sizeof(cfg->extra);
            }
            if (set_str(dst, dl, v, vlen, quoted))
                ERR(quoted ? "'%s' is too long (at most %zu characters)" : "'%s' must be a quoted string",
                    key, dl - 1);
            char why[96];
            if (dst == cfg->cpus && cpulist_parse(cfg->cpus, &cfg->cpu_mask, why, sizeof(why)))
                ERR("cpus = \"%s\": %s", cfg->cpus, why);
        }
    }
    line++;
    if (!cfg->name[0])
        ERR("no 'name' given");
    if (!cfg->kernel[0])
        ERR("no 'kernel' given");
    return 0;
}
