#!/bin/bash
# Write a grub.cfg for the hypervisor. Usage: grubcfg.sh CMDLINE TIMEOUT [MODULE_DIR_PREFIX]
# CMDLINE non-empty: one entry with exactly that command line (tests).
# CMDLINE empty: the user menu (default, asi=off, verbose).
# Every config/*.cfg travels as a module named after its file.
cmdline=$1
timeout=${2:-3}
mods=""
for f in ${HV_MODULES-$(tools/config-modules.sh)}; do
    [ -e "$f" ] || continue
    b=$(basename "$f")
    mods+="    module2 /config/$b $b"$'\n'
done
cat <<EOT
set timeout=$timeout
set default=0
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
insmod all_video
EOT
entry() {
    printf 'menuentry "%s" {\n    echo "Loading the ASI hypervisor (%s)..."\n    multiboot2 /boot/hv.elf %s\n%s    boot\n}\n' \
        "$1" "$2" "$2" "${3:-$mods}"
}
benchmods=""
for f in $(tools/config-modules.sh config/bench 2>/dev/null); do
    benchmods+="    module2 /config/$(basename "$f") $(basename "$f")"$'\n'
done
if [ -n "$cmdline" ]; then
    entry "ASI hypervisor (test)" "$cmdline"
else
    entry "ASI hypervisor" "asi=on"
    entry "ASI hypervisor, ASI off" "asi=off"
    entry "ASI hypervisor, verbose" "asi=on verbose"
    entry "Exit benchmark (the benchmark switches ASI per round)" "asi=on" "$benchmods"
fi
