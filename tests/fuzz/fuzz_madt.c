// uses: hv/x86/madt.c hv/lib/fmt.c
/* libFuzzer: MADT entries after a valid header (signature and length set
 * here, so every input reaches the entry walk). */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include "madt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    size_t len = 44 + size;
    uint8_t *t = malloc(len);
    memset(t, 0, 44);
    memcpy(t, "APIC", 4);
    uint32_t l = (uint32_t)len;
    memcpy(t + 4, &l, 4);
    memcpy(t + 44, data, size);
    struct madt_info m;
    char err[160];
    if (!madt_parse(t, len, &m, err, sizeof(err)) && m.ncpus > MADT_MAX_CPUS)
        abort();
    free(t);
    return 0;
}
