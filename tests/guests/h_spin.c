/* Hostile: spin forever with interrupts off and no exits. */
#include "guest.h"

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    printf("spinning with interrupts off\n");
    __asm__ volatile("cli; 1: jmp 1b");
    return 0;
}
