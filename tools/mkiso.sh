#!/bin/bash
# Build the hybrid (BIOS + UEFI) ISO. Usage: mkiso.sh OUT.iso [CMDLINE [MODULE...]]
# An empty CMDLINE makes the user menu; a non-empty one a single test entry.
# MODULE files (VM configs, kernels, initrds) replace config/*.cfg as the
# boot modules; each is named after its file.
set -euo pipefail
out=$1
cmdline=${2:-}
shift 2 2>/dev/null || shift $#
stage=$(mktemp -d "${TMPDIR:-/tmp}/hviso.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/hviso.log.XXXXXX")
trap 'rm -rf "$stage" "$log"' EXIT
mkdir -p "$stage/boot/grub" "$stage/config"
cp build/hv.elf "$stage/boot/hv.elf"
# no MODULE arguments: the default VMs of config/ (HV_NO_MODULES=1: none at all)
[ $# -gt 0 ] || [ -n "${HV_NO_MODULES:-}" ] || set -- $(tools/config-modules.sh)
for f in "$@"; do cp "$f" "$stage/config/$(basename "$f")"; done
export HV_MODULES="$*"
# the user menu's "Exit benchmark" entry brings its own modules
if [ -z "$cmdline" ]; then
    for f in $(tools/config-modules.sh config/bench); do cp "$f" "$stage/config/$(basename "$f")"; done
fi
tools/grubcfg.sh "$cmdline" "$([ -n "$cmdline" ] && echo 0 || echo 3)" > "$stage/boot/grub/grub.cfg"
mkdir -p "$(dirname "$out")"
grub-mkrescue -o "$out" "$stage" 2>"$log" || { cat "$log" >&2; exit 1; }
