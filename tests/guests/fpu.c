/* SSE state survives VM switches: each VM keeps its own XMM0 through many
 * yields to the other. The value comes from the command line (fpu=N). */
#include "guest.h"
#include <string.h>

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic;
    const char *cl = (const char *)*(uint32_t *)(info + 16);
    const char *p = strstr(cl, "fpu=");
    uint32_t val = p ? (uint32_t)(p[4] - '0') * 0x11111111u : 0x5a5a5a5a;
    uint32_t cr4;
    __asm__ volatile("movl %%cr4, %0; orl $0x600, %0; movl %0, %%cr4" : "=r"(cr4));  /* OSFXSR */
    __asm__ volatile("movd %0, %%xmm0" :: "r"(val));
    unsigned bad = 0;
    for (int i = 0; i < 50; i++) {
        long r;
        __asm__ volatile("vmcall" : "=a"(r) : "a"(3L) : "memory");     /* yield */
        uint32_t now;
        __asm__ volatile("movd %%xmm0, %0" : "=r"(now));
        bad += now != val;
    }
    check(bad == 0, "xmm0-kept-across-yields", "value 0x%x, %u mismatches", val, bad);
    return 0;
}
