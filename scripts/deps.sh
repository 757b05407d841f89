#!/bin/bash
# Install the Debian packages the build, `make run` and `make test` need,
# only when something is missing (so repeated runs cost nothing).
set -e
pkgs=(gcc binutils make grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools
      qemu-system-x86 ovmf ipxe-qemu bochs bochsbios vgabios libcmocka-dev socat
      busybox-static cpio xz-utils e2fsprogs python3 clang libclang-rt-14-dev gnuplot-nox)
# make bench also runs Debian's fio in a guest (scripts/benchdisk.sh copies it)
[ "${1:-}" = bench ] && pkgs+=(fio)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
