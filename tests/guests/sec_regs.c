/* Regression (security issue, hole 4): the exit stub now clears every GPR
 * and refills the RSB after each exit; the guest's registers must still come
 * back exactly as they were across every kind of exit. */
#include "guest.h"

#define POISON(i) (0x5a5a0000u + (i) * 0x111u)

struct regs { uint32_t ebx, ecx, edx, esi, edi, ebp; };

/* One exit of kind k with all the other registers poisoned; returns what came back. */
static void exit_kind(int k, struct regs *out)
{
    uint32_t b = POISON(1), c = POISON(2), d = POISON(3), si = POISON(4), di = POISON(5), bp = POISON(6);
    switch (k) {
    case 0:     /* VMCALL (NOP) keeps every register but RAX, EBP included */
        __asm__ volatile("pushl %%ebp; movl %%eax, %%ebp; xorl %%eax, %%eax; vmcall; movl %%ebp, %%eax; popl %%ebp"
                         : "+a"(bp), "+b"(b), "+c"(c), "+d"(d), "+S"(si), "+D"(di) :: "memory");
        break;
    case 1:     /* port read of an empty port: only AL changes */
        __asm__ volatile("inb $0x80, %%al" : "+b"(b), "+c"(c), "+d"(d), "+S"(si), "+D"(di) : "a"(0) : "memory");
        break;
    case 2:     /* MMIO read of the LAPIC version into EAX */
        __asm__ volatile("movl 0xfee00030, %%eax" : "+b"(b), "+c"(c), "+d"(d), "+S"(si), "+D"(di) :: "eax", "memory");
        break;
    default:    /* RDMSR of the APIC base: EAX:EDX change, the rest must not */
        c = 0x1b;
        __asm__ volatile("rdmsr" : "+b"(b), "+c"(c), "+S"(si), "+D"(di) :: "eax", "edx", "memory");
        d = POISON(3);
        break;
    }
    *out = (struct regs){ b, c, d, si, di, bp };
}

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    unsigned bad = 0;
    for (int i = 0; i < 400; i++) {
        struct regs r;
        int k = i & 3;
        exit_kind(k, &r);
        uint32_t want_c = k == 3 ? 0x1b : POISON(2);
        if (r.ebx != POISON(1) || r.ecx != want_c || r.edx != POISON(3) || r.esi != POISON(4) ||
            r.edi != POISON(5) || r.ebp != POISON(6)) {
            if (bad++ < 3)
                printf("exit kind %d: ebx %x ecx %x edx %x esi %x edi %x ebp %x\n", k, r.ebx, r.ecx, r.edx,
                       r.esi, r.edi, r.ebp);
        }
    }
    check(bad == 0, "registers-kept-across-exits", "%u of 400 exits changed a register", bad);
    return 0;
}
