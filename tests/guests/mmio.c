/* MMIO emulation: each supported instruction form on LAPIC registers
 * (TPR at 0xfee00080 is a plain read/write register: ideal for this). */
#include "guest.h"

#define TPR 0xfee00080u
#define VER 0xfee00030u

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    uint32_t v;
    __asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(VER));
    check((v & 0xff) == 0x14, "mov-load", "version 0x%x", v);
    __asm__ volatile("movl %0, (%1)" :: "r"(0x20u), "r"(TPR) : "memory");
    check(mmio_read32(TPR) == 0x20, "mov-store", "");
    __asm__ volatile("movl $0x30, (%0)" :: "r"(TPR) : "memory");
    check(mmio_read32(TPR) == 0x30, "mov-store-imm32", "");
    __asm__ volatile("movb $0x40, (%0)" :: "r"(TPR) : "memory");
    check(mmio_read32(TPR) == 0x40, "mov-store-imm8", "");
    __asm__ volatile("movw %0, (%1)" :: "r"((uint16_t)0x50), "r"(TPR) : "memory");
    check(mmio_read32(TPR) == 0x50, "mov-store-16", "");
    __asm__ volatile("movb %%ah, (%0)" :: "r"(TPR), "a"(0x6000u) : "memory");
    check(mmio_read32(TPR) == 0x60, "mov-store-ah", "");
    uint32_t z = 0xffffffff;
    __asm__ volatile("movzbl (%1), %0" : "=r"(z) : "r"(TPR));
    check(z == 0x60, "movzx-byte", "0x%x", z);
    __asm__ volatile("movzwl (%1), %0" : "=r"(z) : "r"(TPR));
    check(z == 0x60, "movzx-word", "0x%x", z);
    __asm__ volatile("movl $0xf0, (%0)" :: "r"(TPR) : "memory");
    int32_t s;
    __asm__ volatile("movsbl (%1), %0" : "=r"(s) : "r"(TPR));
    check(s == -16, "movsx-byte", "%d", s);
    uint32_t eax = 0x12345678;
    __asm__ volatile("movb (%1), %%al" : "+a"(eax) : "r"(TPR));
    check(eax == 0x123456f0, "mov-load-8-keeps-upper", "0x%x", eax);
    uint32_t edi = TPR;
    __asm__ volatile("cld; stosl" : "+D"(edi) : "a"(0x70u) : "memory");
    check(mmio_read32(TPR) == 0x70 && edi == TPR + 4, "stosd", "edi 0x%x", edi);
    uint32_t ecx = 2;
    edi = TPR;
    __asm__ volatile("cld; rep stosl" : "+D"(edi), "+c"(ecx) : "a"(0x80u) : "memory");
    check(mmio_read32(TPR) == 0x80 && ecx == 0 && edi == TPR + 8, "rep-stosd", "ecx %u edi 0x%x", ecx, edi);
    __asm__ volatile("movl %0, %%es:(%1)" :: "r"(0x90u), "r"(TPR) : "memory");
    check(mmio_read32(TPR) == 0x90, "segment-prefix", "");
    /* a thousand MMIO exits in a row */
    uint32_t bad = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        mmio_write32(TPR, i & 0xf0);
        bad |= mmio_read32(TPR) ^ (i & 0xf0);
    }
    check(bad == 0, "mmio-1000", "");
    mmio_write32(TPR, 0);
    return 0;
}
