    .section .hvsyms, "a"
    .balign 8
    .globl hvsyms_count, hvsyms_table, hvsyms_strs
hvsyms_count: .quad 0
hvsyms_table:
hvsyms_strs: .byte 0
