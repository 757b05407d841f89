#!/bin/bash
# The I/O benchmark's disk (make bench): build/linux/bench.img, ext4 holding
# Debian's fio with every library it links (as ldd resolves them here) and a
# 16 MiB data file fio reads and writes. fio runs in the guest as
#   /mnt/fio/ld.so --library-path /mnt/fio/lib /mnt/fio/fio ...
# Needs fio installed (scripts/deps.sh bench), e2fsprogs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/linux
mkdir -p "$out"
command -v fio >/dev/null || { echo "benchdisk: fio is not installed (apt-get install fio)" >&2; exit 1; }
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/fio/lib"
cp "$(command -v fio)" "$stage/fio/fio"
ldd "$(command -v fio)" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | while read -r lib; do
    cp -L "$lib" "$stage/fio/lib/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$stage/fio/ld.so"
head -c $((16 << 20)) /dev/urandom > "$stage/fio.dat"
mb=$(( $(du -sm "$stage" | cut -f1) + 24 ))
rm -f "$out/bench.img"
mkfs.ext4 -q -F -b 4096 -L bench -d "$stage" "$out/bench.img" "${mb}M"   # 4 KiB blocks: a page of data is a page of the image
echo "benchdisk: $out/bench.img, ${mb} MiB (fio $(fio --version), $(ls "$stage/fio/lib" | wc -l) libraries)"
