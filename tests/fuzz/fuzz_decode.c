// uses: hv/x86/decode.c
/* libFuzzer: the MMIO instruction decoder (bytes a guest chose). */
#include <stdint.h>
#include <stddef.h>
#include "decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0] % 3 == 0 ? 16 : data[0] % 3 == 1 ? 32 : 64;
    const uint8_t *b = data + 1;
    unsigned n = size - 1 > 15 ? 15 : (unsigned)(size - 1);
    struct mmio_insn d;
    const char *why = 0;
    if (mmio_decode(b, n, mode, &d, &why) == 0) {
        /* a decoded instruction fits in what was given, with a sane size */
        if (d.len == 0 || d.len > n || (d.size != 1 && d.size != 2 && d.size != 4 && d.size != 8) || d.reg > 15)
            __builtin_trap();
    } else if (!why) {
        __builtin_trap();
    }
    return 0;
}
