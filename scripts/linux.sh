#!/bin/bash
# Build the default Linux guest from Debian packages, unmodified:
#   build/linux/vmlinuz     Debian's stock bzImage (linux-image-amd64)
#   build/linux/vmlinux     the same kernel uncompressed (for PVH direct boot)
#   build/linux/initrd.img  an uncompressed cpio initramfs: busybox-static + guest-tools
# Needs apt (downloads the kernel package once) and busybox-static, cpio, xz.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/linux
mkdir -p "$out"
if [ ! -f "$out/vmlinux" ]; then
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
    if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null 2>&1 || true
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
    fi
    [ -n "$pkg" ] || { echo "linux.sh: linux-image-amd64 is not known to apt (run apt-get update)" >&2; exit 1; }
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) || { echo "linux.sh: cannot download $pkg" >&2; exit 1; }
    dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
    cp "$tmp"/boot/vmlinuz-* "$out/vmlinuz"
    echo "${pkg#linux-image-}" > "$out/version"
    # The bzImage payload is XZ: find its magic and inflate it (trailing bytes are the
    # decompressor's, xz stops at the end of the stream).
    off=$(grep -abo $'\xfd7zXZ\x00' "$out/vmlinuz" | head -1 | cut -d: -f1)
    [ -n "$off" ] || { echo "linux.sh: no XZ payload in the bzImage" >&2; exit 1; }
    tail -c +$((off + 1)) "$out/vmlinuz" | xz -dc > "$out/vmlinux.tmp" 2>/dev/null || true
    readelf -h "$out/vmlinux.tmp" >/dev/null 2>&1 || { echo "linux.sh: extracted vmlinux is not ELF" >&2; exit 1; }
    mv "$out/vmlinux.tmp" "$out/vmlinux"
fi
# initramfs
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,root}
cp /bin/busybox "$root/bin/busybox"
cp guest-tools/initramfs/init "$root/init"
[ -f build/guest-tools/hvstat ] && cp build/guest-tools/hvstat "$root/bin/hvstat"
(cd "$root" && find . | sort | cpio -o -H newc --quiet -R 0:0) > "$out/initrd.img"
echo "linux: $(cat "$out/version"), vmlinux $(($(stat -c %s "$out/vmlinux") >> 20)) MiB, initrd $(($(stat -c %s "$out/initrd.img") >> 10)) KiB"
