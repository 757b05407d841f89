/* Application processors for test guests: ap_prepare copies a real-mode
 * trampoline to AP_TRAMP (so the SIPI vector is AP_TRAMP >> 12); an AP that
 * starts there goes to protected mode with flat segments, loads the BSP's
 * IDT and runs the given function on its own stack. One AP at a time. */
#include "guest.h"

__asm__(
    "    .text\n"
    "    .code16\n"
    "    .globl ap_tramp, ap_tramp_end\n"
    "ap_tramp:\n"
    "    cli\n"
    "    movw %cs, %ax\n"
    "    movw %ax, %ds\n"
    "    lgdtl ap_gdtr - ap_tramp\n"
    "    movl %cr0, %eax\n"
    "    orl $1, %eax\n"
    "    movl %eax, %cr0\n"
    "    ljmpl $0x08, $ap_entry32\n"
    "    .balign 8\n"
    "ap_gdtr:\n"
    "    .word 23\n"
    "    .long ap_gdt\n"
    "ap_tramp_end:\n"
    "    .code32\n"
    "    .balign 8\n"
    "ap_gdt:\n"
    "    .quad 0, 0x00cf9a000000ffff, 0x00cf92000000ffff\n"
    "ap_entry32:\n"
    "    movw $0x10, %ax\n"
    "    movw %ax, %ds\n"
    "    movw %ax, %es\n"
    "    movw %ax, %ss\n"
    "    movw %ax, %fs\n"
    "    movw %ax, %gs\n"
    "    movl $ap_stack_top, %esp\n"
    "    call ap_lib_main\n"
    "1:  hlt\n"
    "    jmp 1b\n");

extern char ap_tramp[], ap_tramp_end[];
static uint8_t ap_stack[8192] __attribute__((aligned(16), used));
__asm__(".globl ap_stack_top\n .set ap_stack_top, ap_stack + 8192");

static struct __attribute__((packed)) { uint16_t l; uint32_t b; } idtr;
static void (*ap_fn)(void);

void ap_lib_main(void);
void ap_lib_main(void)
{
    __asm__ volatile("lidt %0" :: "m"(idtr));
    ap_fn();
}

void ap_prepare(void (*fn)(void))
{
    ap_fn = fn;
    __asm__ volatile("sidt %0" : "=m"(idtr));
    for (unsigned i = 0; i < (unsigned)(ap_tramp_end - ap_tramp); i++)
        ((volatile uint8_t *)AP_TRAMP)[i] = (uint8_t)ap_tramp[i];
}
