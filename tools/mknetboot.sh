#!/bin/bash
# Build a TFTP directory for network boot. Usage: mknetboot.sh DIR [CMDLINE]
# iPXE loads only multiboot v1, so its script chains GRUB's network image
# (BIOS: core.0, UEFI: core.efi), and GRUB loads hv.elf with multiboot2.
set -euo pipefail
dir=$1
cmdline=${2:-}
rm -rf "$dir"
mkdir -p "$dir/boot/grub" "$dir/config"
for plat in i386-pc x86_64-efi; do
    grub-mknetdir --net-directory="$dir" --subdir=boot/grub -d "/usr/lib/grub/$plat" >/dev/null 2>&1
done
cp build/hv.elf "$dir/boot/hv.elf"
mods=${HV_MODULES-$(tools/config-modules.sh)}
for f in $mods; do cp "$f" "$dir/config/"; done
export HV_MODULES="$mods"
tools/grubcfg.sh "$cmdline" "$([ -n "$cmdline" ] && echo 0 || echo 3)" > "$dir/boot/grub/grub.cfg"
cat > "$dir/hv.ipxe" <<'EOT'
#!ipxe
# Chain GRUB for this firmware; GRUB then boots hv.elf (multiboot2) over TFTP.
echo ASI hypervisor: chaining GRUB (${platform})
iseq ${platform} efi && chain boot/grub/x86_64-efi/core.efi || chain boot/grub/i386-pc/core.0
EOT
echo "netboot directory: $dir (TFTP root; boot file hv.ipxe)"
