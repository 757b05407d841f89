#!/bin/bash
# Build the default Linux guest from Debian packages, unmodified:
#   build/linux/vmlinuz     Debian's stock bzImage (linux-image-amd64)
#   build/linux/vmlinux     the same kernel uncompressed (for PVH direct boot)
#   build/linux/initrd.img  an uncompressed cpio initramfs: busybox-static + guest-tools +
#                           the same package's modules for virtio-pci, virtio-blk, virtio-net and ext4
#   build/linux/data.img    a 16 MiB ext4 disk (mkfs.ext4 -d) with test data; data.md5 its checksum
#   build/linux/ro.img      a small ext4 disk for read-only attachment
# Needs apt (downloads the kernel package once) and busybox-static, cpio, xz, e2fsprogs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/linux
mkdir -p "$out"
# the drivers the unmodified kernel needs for the hypervisor's devices, in load order
# (dependencies first: each module's .modinfo names them)
MODS="crc32c_generic crc16 mbcache jbd2 ext4 virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk failover net_failover virtio_net"
if [ ! -f "$out/vmlinux" ] || [ "$(cat "$out/modules/order" 2>/dev/null)" != "$MODS" ]; then
    pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
    if [ -z "$pkg" ] && [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null 2>&1 || true
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
    fi
    [ -n "$pkg" ] || { echo "linux.sh: linux-image-amd64 is not known to apt (run apt-get update)" >&2; exit 1; }
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) || { echo "linux.sh: cannot download $pkg" >&2; exit 1; }
    dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*' './lib/modules/*.ko'
    rm -rf "$out/modules" && mkdir -p "$out/modules"
    for m in $MODS; do
        f=$(find "$tmp/lib/modules" -name "$m.ko" | head -1)
        [ -n "$f" ] || { echo "linux.sh: module $m is not in $pkg" >&2; exit 1; }
        for d in $(objcopy -O binary --only-section=.modinfo "$f" /dev/stdout | tr '\0' '\n' | sed -n 's/^depends=//p' | tr , ' '); do
            case " $MODS " in *" $d "*) ;; *) echo "linux.sh: $m needs $d, not in the list" >&2; exit 1;; esac
        done
        cp "$f" "$out/modules/"
    done
    echo "$MODS" > "$out/modules/order"
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
# hvctl operates other VMs from the control VM; as hvstat it shows this VM's statistics
[ -f build/guest-tools/hvctl ] && cp build/guest-tools/hvctl "$root/bin/hvctl" && ln -s hvctl "$root/bin/hvstat"
mkdir -p "$root/lib/modules"
cp "$out"/modules/*.ko "$out/modules/order" "$root/lib/modules/"
cp guest-tools/initramfs/lspci "$root/bin/lspci"
(cd "$root" && find . | sort | cpio -o -H newc --quiet -R 0:0) > "$out/initrd.img"
# disks: test data (fixed seed, so the checksum is the same every build) on ext4
disk=$(mktemp -d)
trap 'rm -rf "$root" "$disk"' EXIT
mkdir -p "$disk/data" "$disk/ro"
python3 -c "import random,sys; r=random.Random(12); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(1<<20)))" > "$disk/data/data.bin"
echo "written by scripts/linux.sh for the read-only disk" > "$disk/ro/README"
rm -f "$out/data.img" "$out/ro.img"
mkfs.ext4 -q -F -b 4096 -L data -d "$disk/data" "$out/data.img" 16M
mkfs.ext4 -q -F -L ro -d "$disk/ro" "$out/ro.img" 4M
(cd "$disk/data" && md5sum data.bin) > "$out/data.md5"
echo "linux: $(cat "$out/version"), disks data.img ro.img, vmlinux $(($(stat -c %s "$out/vmlinux") >> 20)) MiB, initrd $(($(stat -c %s "$out/initrd.img") >> 10)) KiB"
