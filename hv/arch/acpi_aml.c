/* Pure ACPI helpers: checksum and the \_S5_ sleep-type lookup. */
#include "acpi.h"

bool acpi_checksum_ok(const void *p, size_t len)
{
    const uint8_t *b = p;
    uint8_t sum = 0;
    for (size_t i = 0; i < len; i++)
        sum += b[i];
    return sum == 0;
}

/* Reads one AML integer constant: Zero, One, BytePrefix, WordPrefix. */
static int aml_int(const uint8_t *p, const uint8_t *end, int *v)
{
    if (p >= end)
        return -1;
    switch (p[0]) {
    case 0x00: *v = 0; return 1;
    case 0x01: *v = 1; return 1;
    case 0x0a: if (p + 1 >= end) return -1; *v = p[1]; return 2;
    case 0x0b: if (p + 2 >= end) return -1; *v = p[1] | p[2] << 8; return 3;
    default: return -1;
    }
}

int acpi_s5_slp_typ(const uint8_t *aml, size_t len)
{
    /* NameOp '_S5_' PackageOp PkgLength NumElements SLP_TYPa ... */
    for (size_t i = 0; i + 8 < len; i++) {
        if (aml[i] != '_' || aml[i + 1] != 'S' || aml[i + 2] != '5' || aml[i + 3] != '_')
            continue;
        if (!(i >= 1 && aml[i - 1] == 0x08) && !(i >= 2 && aml[i - 2] == 0x08 && aml[i - 1] == '\\'))
            continue;
        const uint8_t *p = aml + i + 4, *end = aml + len;
        if (*p++ != 0x12)
            continue;
        unsigned lead = *p;
        p += 1 + (lead >> 6);   /* PkgLength: extra bytes in bits 6-7 */
        p++;                    /* NumElements */
        int v;
        if (p < end && aml_int(p, end, &v) > 0)
            return v;
    }
    return -1;
}
