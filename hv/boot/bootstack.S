/* The boot stack: it runs main and the scheduler on the full space, so it
 * is sensitive and no restricted space maps it (VM exits run on per-vCPU
 * stacks in each VM's area). Its own file, so that the ASI layout can name
 * it without depending on the boot code. */
#include "layout.h"

    .section .bss
    .balign 4096
    .globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
    .skip BOOT_STACK_SIZE
boot_stack_top:
