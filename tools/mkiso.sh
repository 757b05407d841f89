#!/bin/bash
# Build the hybrid (BIOS + UEFI) ISO. Usage: mkiso.sh OUT.iso [CMDLINE]
# An empty CMDLINE makes the user menu; a non-empty one a single test entry.
set -euo pipefail
out=$1
cmdline=${2:-}
stage=$(mktemp -d "${TMPDIR:-/tmp}/hviso.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub" "$stage/config"
cp build/hv.elf "$stage/boot/hv.elf"
cp config/*.cfg "$stage/config/" 2>/dev/null || true
tools/grubcfg.sh "$cmdline" "$([ -n "$cmdline" ] && echo 0 || echo 3)" > "$stage/boot/grub/grub.cfg"
mkdir -p "$(dirname "$out")"
grub-mkrescue -o "$out" "$stage" 2>"$stage/log" || { cat "$stage/log" >&2; exit 1; }
