/* cpu_rsb_fill(): refill the return stack buffer (rsbfill_asm.h) when the
 * mode in rsb_fill_mode asks for it. ASI leaves a VM's restricted space
 * through here (asi_exit): from then on the full space is mapped, so no
 * guest-trained return prediction may survive into it. */
#include "rsbfill_asm.h"

    .section .asi_shared, "aw"
    .globl rsb_fill_now
rsb_fill_now:  .byte 2                 /* enum rsb_fill: 2 full, 1 lite, 0 none; set at VMXON */

    .text
    .globl cpu_rsb_fill
cpu_rsb_fill:
    movzbl rsb_fill_now(%rip), %eax
    testl %eax, %eax
    jz 2f
    cmpl $1, %eax
    je 1f
    RSB_FILL_32
    ret
1:  call 3f
    pause
    lfence
    int3
3:  addq $8, %rsp
    lfence
2:  ret
