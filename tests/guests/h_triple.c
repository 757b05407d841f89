/* Hostile: an empty IDT and an exception: the CPU triple-faults. */
#include "guest.h"

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    printf("triple-faulting now\n");
    struct __attribute__((packed)) { uint16_t l; uint32_t b; } z = { 0, 0 };
    __asm__ volatile("lidt %0; int3" :: "m"(z));
    return 0;
}
