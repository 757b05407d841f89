/* Hostile: touch a guest-physical address with neither RAM nor device. */
#include "guest.h"

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    printf("reading 0xd0000000\n");
    return (int)mmio_read32(0xd0000000u);
}
