#!/bin/bash
# The boot modules of a set of VM configs: each DIR/*.cfg (default config/)
# and the kernel/ramdisk files they name, looked up in config/,
# build/guest-tools/, build/guests/ and build/linux/. A name not found is left
# out with a warning (the hypervisor then reports the VM's missing module and
# starts the others).
dir=${1:-config}
for cfg in "$dir"/*.cfg; do
    [ -e "$cfg" ] || continue
    echo "$cfg"
    for key in kernel ramdisk; do
        name=$(sed -n "s/^[[:space:]]*$key[[:space:]]*=[[:space:]]*[\"']\\([^\"']*\\)[\"'].*/\\1/p" "$cfg" | head -1)
        [ -n "$name" ] || continue
        found=
        for d in config build/guest-tools build/guests build/linux; do
            [ -f "$d/$name" ] && { found=$d/$name; break; }
        done
        if [ -n "$found" ]; then echo "$found"; else echo "config-modules: $cfg names $key '$name', not built" >&2; fi
    done
done
