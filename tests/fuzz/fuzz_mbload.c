// uses: hv/vm/mbload.c hv/vm/elfload.c hv/lib/fmt.c
/* libFuzzer: a multiboot v1 kernel image (ELF32 or a.out kludge) loaded into a VM. */
#include <stdint.h>
#include <stddef.h>
#include "guestram.h"
#include "mbload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct guest_mem gm = fuzz_guest_ram(8u << 20);
    struct mb1_result r;
    char err[160];
    static const uint8_t mod[64];
    mb1_load(data, size, &gm, "fuzz.elf a=b", size & 1 ? mod : NULL, size & 1 ? sizeof(mod) : 0, "mod",
             &r, err, sizeof(err));
    return 0;
}
