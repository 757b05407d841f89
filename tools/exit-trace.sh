#!/bin/bash
# exit-trace: the exact instruction path of one exitbench exit round trip,
# from Bochs' debugger (its TSC counts instructions, so this is where the
# bench's ticks go). Usage: tools/exit-trace.sh OP [on|off]
#   OP: an exitbench op (cpuid, vmcall, pio-in, pio-out, rdmsr, wrmsr,
#       mmio-read, mmio-write); on (default) traces a round trip of the
#       ASI-on round, off one of the ASI-off round (exitbench alternates).
# Prints the trace (guest op to the next guest instruction) and a count per
# hypervisor function (after LTO many are inlined into run_on_exit_stack).
set -euo pipefail
cd "$(dirname "$0")/.."
op=${1:?usage: tools/exit-trace.sh OP [on|off]} asi=${2:-on}
samples=20
# round 1 is ASI off, round 2 on; each op warms up with 16 exits first
skip=$([ "$asi" = off ] && echo 20 || echo $((16 + samples + 16 + 4)))
make -s build/hv.elf build/guest-tools/exitbench.elf
w=$(mktemp -d "${TMPDIR:-/tmp}/exittrace.XXXXXX")
trap 'rm -rf "$w"' EXIT
fn="op_${op//-/_}"
case $op in mmio-read) fn=op_mmio_rd ;; mmio-write) fn=op_mmio_wr ;; esac
# the op's exiting instruction: its first one that cannot run in the guest
addr=$(objdump -d build/guest-tools/exitbench.elf 2>/dev/null | { awk -v f="<$fn>:" '$2 == f {on = 1; next} on && /^$/ {exit}
    on && /(cpuid|vmcall|\tin |\tout |rdmsr|wrmsr|mov .*,0xfec00000|mov +0xfec00000)/ {sub(":", "", $1); print $1; exit}'; cat >/dev/null; })
[ -n "$addr" ] || { echo "exit-trace: no exiting instruction found in $fn" >&2; exit 2; }
cp build/guest-tools/exitbench.elf "$w/"
printf 'name = "exitbench"\nmemory = 16\nkernel = "exitbench.elf"\nextra = "samples=%d rounds=2"\nasi_guest_control = 1\n' \
    "$samples" > "$w/hv.cfg"
tools/mkiso.sh "$w/hv.iso" "" "$w/hv.cfg" "$w/exitbench.elf" >/dev/null
{ echo "lb 0x$addr"; for _ in $(seq "$skip"); do echo c; done; echo "trace on"; echo "s 700"; echo q; } > "$w/cmds"
ISO=$w/hv.iso SERIAL=$w/serial.log BXLOG=/dev/null CPUMODEL=corei7_skylake_x MEGS=256 SERIALMODE=file HOSTCPUS=1 \
    timeout 300 bochs -q -f tools/bochsrc -rc "$w/cmds" </dev/null > "$w/out" 2>&1 || true
# from the guest's exiting instruction to the guest's next instruction after it
sed -n 's/^(0)\.\[[0-9]*\] \[0x[0-9a-f]*\] [0-9a-f]*:\([0-9a-f]*\) ([^)]*): \([^;]*\).*/\1 \2/p' "$w/out" > "$w/all"
awk 'NR == 1 {print; next} {print} $1 !~ /^ffffffff/ {exit}' "$w/all" > "$w/trace"
nm -n build/hv.elf | awk '$2 ~ /^[tTwW]$/ {print $1, $3}' > "$w/syms"
python3 - "$w/trace" "$w/syms" <<'PY'
import sys, bisect
trace = [l.split(None, 1) for l in open(sys.argv[1]) if l.strip()]
syms = sorted((int(a, 16), n) for a, n in (l.split() for l in open(sys.argv[2])))
addrs = [a for a, _ in syms]
counts, order = {}, []
for a, ins in trace:
    va = int(a, 16)
    name = "(guest)" if va < 0xffffffff00000000 else syms[bisect.bisect_right(addrs, va) - 1][1]
    print(f"{a[-6:]:>6} {name[:24]:24} {ins.strip()}")
    if name not in counts:
        order.append(name)
    counts[name] = counts.get(name, 0) + 1
hv = sum(c for n, c in counts.items() if n != "(guest)")
print(f"\n{hv} hypervisor instructions from the guest's exit to its next instruction:")
for n in order:
    print(f"  {counts[n]:5d}  {n}")
PY
