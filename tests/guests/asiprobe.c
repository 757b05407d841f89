/* Asks the hypervisor (test=asi-probe builds only) to read another VM's RAM
 * from this VM's exit handler; reports how many asi_exits that took. */
#include "guest.h"

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    long ret;
    __asm__ volatile("vmcall" : "=a"(ret) : "a"(0x7f00L) : "memory");
    printf("probe: %ld asi_exits\n", ret);
    long again;
    __asm__ volatile("vmcall" : "=a"(again) : "a"(0x7f00L) : "memory");
    printf("probe again: %ld asi_exits\n", again);
    return 0;
}
