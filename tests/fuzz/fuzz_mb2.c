// uses: hv/boot/mb2.c hv/lib/fmt.c
/* libFuzzer: the multiboot2 information a boot loader hands over. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "bootinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the parser reads 8-byte aligned tags from an aligned start */
    uint8_t *copy = aligned_alloc(8, (size + 7) & ~(size_t)7 ? (size + 7) & ~(size_t)7 : 8);
    memcpy(copy, data, size);
    struct boot_info bi;
    char err[160];
    mb2_parse(copy, size, &bi, err, sizeof(err));
    free(copy);
    return 0;
}
