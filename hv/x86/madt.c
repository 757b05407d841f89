/* MADT parsing: processor entries (type 0, xAPIC; type 9, x2APIC) and the
 * LAPIC address override (type 5). Firmware lists a CPU in both forms at
 * times; the second listing of an ID is counted, not added. */
#include "madt.h"
#include "fmt.h"
#include <string.h>

#define MADT_HDR 44                 /* SDT header 36 + LAPIC address 4 + flags 4 */

static void add_cpu(struct madt_info *m, uint32_t id, uint32_t flags)
{
    if (!(flags & 3)) {             /* bit 0 enabled, bit 1 online capable */
        m->disabled++;
        return;
    }
    for (unsigned i = 0; i < m->ncpus; i++)
        if (m->apic_id[i] == id) {
            m->duplicates++;
            return;
        }
    if (m->ncpus == MADT_MAX_CPUS) {
        m->over++;
        return;
    }
    m->apic_id[m->ncpus++] = id;
}

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

int madt_parse(const void *tbl, size_t len, struct madt_info *out, char *err, size_t errlen)
{
    const uint8_t *t = tbl;
    memset(out, 0, sizeof(*out));
    if (len < MADT_HDR) {
        hv_snprintf(err, errlen, "MADT is %zu bytes, shorter than its %u-byte header", len, MADT_HDR);
        return -1;
    }
    if (memcmp(t, "APIC", 4)) {
        hv_snprintf(err, errlen, "table signature is not 'APIC'");
        return -1;
    }
    if (rd32(t + 4) != len) {
        hv_snprintf(err, errlen, "MADT length field %u differs from the table's %zu bytes", rd32(t + 4), len);
        return -1;
    }
    out->lapic_addr = rd32(t + 36);
    for (size_t off = MADT_HDR, n = 0; off < len; n++) {
        if (len - off < 2) {
            hv_snprintf(err, errlen, "MADT entry %zu at offset %zu: truncated header", n, off);
            return -1;
        }
        uint8_t type = t[off], elen = t[off + 1];
        if (elen < 2 || elen > len - off) {
            hv_snprintf(err, errlen, "MADT entry %zu at offset %zu (type %u): length %u %s", n, off, type,
                        elen, elen < 2 ? "is below 2" : "runs past the table's end");
            return -1;
        }
        const uint8_t *e = t + off;
        unsigned need = type == 0 ? 8 : type == 9 ? 16 : type == 5 ? 12 : 2;
        if (elen < need) {
            hv_snprintf(err, errlen, "MADT entry %zu at offset %zu (type %u): length %u, needs %u", n, off,
                        type, elen, need);
            return -1;
        }
        if (type == 0)
            add_cpu(out, e[3], rd32(e + 4));
        else if (type == 9)
            add_cpu(out, rd32(e + 4), rd32(e + 8));
        else if (type == 5)
            memcpy(&out->lapic_addr, e + 4, 8);
        off += elen;
    }
    return 0;
}
