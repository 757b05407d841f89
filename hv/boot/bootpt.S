/* The boot page tables (identity 0-4 GiB and the image at -2 GiB), filled
 * by head.S and used again by each AP on its way to long mode (apboot.S).
 * Their own file, so that neither boot path depends on the other. */

    .section .bss
    .balign 4096
    .globl boot_pt_start, boot_pml4, boot_pdpt_low, boot_pdpt_high, boot_pd
boot_pt_start:
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4 * 4096
