// uses: hv/vm/bzload.c hv/vm/elfload.c hv/lib/fmt.c
/* libFuzzer: a Linux bzImage (boot protocol header, setup sectors, payload). */
#include <stdint.h>
#include <stddef.h>
#include "guestram.h"
#include "bzload.h"
#include "mbload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct guest_mem gm = fuzz_guest_ram(16u << 20);
    struct bz_result r;
    char err[160];
    static const uint8_t initrd[4096];
    if (bz_probe(data, size))
        bz_load(data, size, &gm, "console=ttyS0", initrd, sizeof(initrd), 0xe0000, &r, err, sizeof(err));
    return 0;
}
