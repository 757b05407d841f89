/* Regression (security issue, hole 1): guest addresses at and past the end
 * of RAM must fail cleanly everywhere the hypervisor reads guest memory: the
 * console hypercall (flat mode: GVA = GPA) at many stack depths; an MMIO
 * instruction at the very end of a page whose next page maps past RAM (the
 * hypervisor's 15-byte fetch crosses into it, fails, and must retry shorter);
 * last, a page-table entry rewritten past RAM under a TLB-cached MMIO
 * instruction (the VM is ended, or faults as the CPU re-walks). */
#include "guest.h"

#define RAM (16u << 20)
#define PD   0x200000u
#define PT   0x201000u
#define PG_A 0x300000u
#define CODE_VA 0x400000u

static long depth_write(unsigned depth, uint32_t gva, uint32_t len)
{
    volatile char pad[64];
    pad[0] = (char)depth;
    if (depth)
        return depth_write(depth - 1, gva, len) + pad[0] - (char)depth;
    return hypercall(1, gva, len, 0, 0);
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    static const uint32_t bad[][2] = {
        { RAM, 1 }, { RAM - 4, 16 }, { RAM - 2048, 4096 }, { RAM + 4096, 64 }, { 0xfee00000, 16 },
        { 0xfffff000, 4096 }, { 0xffffffff, 2 }, { 0x80000000, 300 },
    };
    unsigned efault = 0, total = 0;
    for (unsigned d = 0; d < 24; d++)
        for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++, total++)
            efault += depth_write(d, bad[i][0], bad[i][1]) == -14;
    check(efault == total, "console-write-past-ram-efault", "%u of %u", efault, total);
    static const char ok[] = "still here after the bad buffers\n";
    check(hypercall(1, (long)ok, sizeof(ok) - 1, 0, 0) == 0, "console-write-after", "");

    /* the stale-TLB MMIO: see h_ptwrite.c; here the new entry points past RAM */
    volatile uint32_t *pd = (uint32_t *)PD, *pt = (uint32_t *)PT;
    for (int i = 0; i < 1024; i++)
        pd[i] = ((uint32_t)i << 22) | 0x83;
    for (int i = 0; i < 1024; i++)
        pt[i] = 0;
    pd[CODE_VA >> 22] = PT | 3;
    pt[0] = PG_A | 3;
    static const uint8_t code[] = { 0xa1, 0x30, 0x00, 0xe0, 0xfe, 0xc3 };  /* mov eax,[0xfee00030]; ret */
    for (unsigned i = 0; i < sizeof(code); i++)
        ((volatile uint8_t *)PG_A)[i] = code[i];
    uint32_t r;
    __asm__ volatile("movl %%cr4, %0; orl $0x10, %0; movl %0, %%cr4" : "=r"(r));
    __asm__ volatile("movl %0, %%cr3" :: "r"(PD));
    __asm__ volatile("movl %%cr0, %0; orl $0x80000000, %0; movl %0, %%cr0" : "=r"(r));
    uint32_t (*fn)(void) = (uint32_t (*)(void))CODE_VA;
    check(fn() != 0, "mmio-through-mapping", "");
    /* the same instruction in the last 6 bytes of the page; the next page past RAM */
    for (unsigned i = 0; i < sizeof(code); i++)
        ((volatile uint8_t *)PG_A)[4096 - sizeof(code) + i] = code[i];
    pt[1] = (RAM + (4u << 20)) | 3;
    uint32_t (*edge)(void) = (uint32_t (*)(void))(CODE_VA + 4096 - sizeof(code));
    unsigned good = 0;
    for (int i = 0; i < 50; i++)
        good += edge() == fn();
    check(good == 50, "mmio-fetch-crossing-past-ram", "%u of 50 emulated", good);
    printf("RESULT-SO-FAR: all checks before the stale-TLB step passed\n");
    pt[0] = (RAM + (8u << 20)) | 3;                     /* past RAM; no INVLPG */
    fn();
    printf("FAIL the VM should have been ended by the MMIO fetch past RAM\n");
    return 1;
}
