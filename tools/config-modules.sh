#!/bin/bash
# The boot modules of a set of VM configs: each DIR/*.cfg (default config/)
# and the kernel/ramdisk files and disk images (target=) they name, looked up in config/,
# build/guest-tools/, build/guests/ and build/linux/. A name not found is left
# out with a warning (the hypervisor then reports the VM's missing module and
# starts the others).
dir=${1:-config}
for cfg in "$dir"/*.cfg; do
    [ -e "$cfg" ] || continue
    echo "$cfg"
    names=$(for key in kernel ramdisk; do
                sed -n "s/^[[:space:]]*$key[[:space:]]*=[[:space:]]*[\"']\\([^\"']*\\)[\"'].*/\\1/p" "$cfg" | head -1
            done; grep -v '^[[:space:]]*#' "$cfg" | grep -o "target=[^'\",]*" | sed 's/^target=//')
    for name in $names; do
        key=module
        found=
        for d in config build/guest-tools build/guests build/linux; do
            [ -f "$d/$name" ] && { found=$d/$name; break; }
        done
        if [ -n "$found" ]; then echo "$found"; else echo "config-modules: $cfg names $key '$name', not built" >&2; fi
    done
done
