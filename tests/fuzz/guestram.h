/* Guest RAM for the loader harnesses: allocated once, reused by every run. */
#ifndef FUZZ_GUESTRAM_H
#define FUZZ_GUESTRAM_H
#include <stdint.h>
#include <stdlib.h>
#include "mbload.h"

static inline struct guest_mem fuzz_guest_ram(size_t size)
{
    static uint8_t *ram;
    static size_t have;
    if (!ram)
        ram = malloc(size), have = size;
    return (struct guest_mem){ ram, have };
}

#endif
