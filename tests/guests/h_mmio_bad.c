/* Hostile: an MMIO access by an instruction the emulator does not decode. */
#include "guest.h"

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    printf("ADD to a LAPIC register\n");
    __asm__ volatile("addl %0, (%1)" :: "r"(1u), "r"(0xfee00080u) : "memory");
    return 0;
}
