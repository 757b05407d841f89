/* Exceptions reach the guest's own IDT; VMX instructions give #UD; CR
 * writes through the masks behave. */
#include "guest.h"

#define EXPECT(len, ...) do { last_vector = -1; fault_skip = (len); __asm__ volatile(__VA_ARGS__); fault_skip = -1; } while (0)

int guest_main(uint32_t magic, uint32_t info)
{
    (void)magic, (void)info;
    idt_setup();
    EXPECT(2, "ud2");
    check(last_vector == 6, "ud2-ud", "%d", last_vector);
    EXPECT(2, "xorl %%ecx, %%ecx; movl $1, %%eax; xorl %%edx, %%edx; divl %%ecx" ::: "eax", "ecx", "edx");
    check(last_vector == 0, "div-de", "%d", last_vector);
    EXPECT(4, "vmxon (%0)" :: "a"(0x200000u));     /* f3 0f c7 30 */
    check(last_vector == 6, "vmxon-ud", "%d", last_vector);
    EXPECT(3, "vmlaunch");
    check(last_vector == 6, "vmlaunch-ud", "%d", last_vector);
    EXPECT(3, "vmxoff");
    check(last_vector == 6, "vmxoff-ud", "%d", last_vector);
    uint32_t cr4;
    __asm__ volatile("movl %%cr4, %0" : "=r"(cr4));
    check(!(cr4 & (1u << 13)), "cr4-vmxe-hidden", "0x%x", cr4);
    EXPECT(3, "movl %0, %%cr4" :: "r"(cr4 | (1u << 13)));
    check(last_vector == 13, "cr4-vmxe-gp", "%d", last_vector);
    uint32_t cr0;
    __asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("movl %0, %%cr0" :: "r"(cr0 | (1u << 5)));  /* NE: a masked bit, exits */
    __asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
    check(cr0 & (1u << 5), "cr0-ne-shadow", "0x%x", cr0);
    EXPECT(0, "int3");
    check(last_vector == 3, "int3-bp", "%d", last_vector);
    return 0;
}
