#!/bin/sh
# Emit the .hvsyms assembly (sorted text symbols) from a linked image, or an
# empty table when no image is given (first link pass).
set -e
echo '    .section .hvsyms, "a"'
echo '    .balign 8'
echo '    .globl hvsyms_count, hvsyms_table, hvsyms_strs'
if [ -z "$1" ]; then
    echo 'hvsyms_count: .quad 0'
    echo 'hvsyms_table:'
    echo 'hvsyms_strs: .byte 0'
    exit 0
fi
nm -n --defined-only "$1" | awk '
    $2 ~ /^[tTwW]$/ && $3 !~ /^\./ { addr[n] = $1; name[n] = $3; n++ }
    END {
        printf "hvsyms_count: .quad %d\nhvsyms_table:\n", n
        off = 0
        for (i = 0; i < n; i++) { printf "    .quad 0x%s, %d\n", addr[i], off; off += length(name[i]) + 1 }
        printf "hvsyms_strs:\n"
        for (i = 0; i < n; i++) printf "    .asciz \"%s\"\n", name[i]
    }'
