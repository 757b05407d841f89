// uses: hv/vm/pvhload.c hv/vm/elfload.c hv/lib/fmt.c
/* libFuzzer: an ELF kernel with a Xen PVH entry note. */
#include <stdint.h>
#include <stddef.h>
#include "guestram.h"
#include "pvhload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct guest_mem gm = fuzz_guest_ram(8u << 20);
    struct pvh_result r;
    char err[160];
    static const uint8_t initrd[256];
    if (pvh_probe(data, size))
        pvh_load(data, size, &gm, "console=ttyS0", initrd, sizeof(initrd), 0xe0000, &r, err, sizeof(err));
    return 0;
}
