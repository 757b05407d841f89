// uses: hv/x86/gwalk.c
/* libFuzzer: the guest page-table walker over page tables a guest chose:
 * the input is 64 KiB of guest RAM (zero-padded) plus CR3, the mode and
 * the linear address in its first bytes. */
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include "gwalk.h"

#define RAM (64u * 1024)
static uint8_t ram[RAM];

static int rd(void *ctx, uint64_t gpa, void *buf, unsigned len)
{
    (void)ctx;
    if (gpa >= RAM || len > RAM - gpa)
        return -1;
    memcpy(buf, ram + gpa, len);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 17)
        return 0;
    uint64_t cr3, la;
    memcpy(&cr3, data, 8);
    memcpy(&la, data + 8, 8);
    enum gmode mode = (enum gmode)(data[16] % 4);
    memset(ram, 0, sizeof(ram));
    memcpy(ram, data + 17, size - 17 > RAM ? RAM : size - 17);
    uint64_t gpa;
    gwalk(rd, NULL, mode, cr3 % (2 * RAM), la, &gpa);
    return 0;
}
