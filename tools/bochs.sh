#!/bin/bash
# Run an ISO in Bochs headless. Usage: bochs.sh ISO SERIAL_OUT TIMEOUT_S [BOCHS_LOG]
# Env: CPUMODEL (default corei7_skylake_x), MEGS (default 256), SERIALMODE (file),
#      HOSTCPUS (CPUs of the emulated machine, default 1).
# The run ends when the hypervisor powers off (Bochs then exits 1, always)
# or at the timeout; judge it by the serial output, never the exit status.
set -u
iso=$1 serial=$2 tmo=$3 bxlog=${4:-/dev/null}
dir=$(mktemp -d "${TMPDIR:-/tmp}/hvbochs.XXXXXX")
trap 'rm -rf "$dir"' EXIT
printf 'c\nq\n' > "$dir/cmds"
export ISO=$iso SERIAL=$serial BXLOG=$bxlog
export CPUMODEL=${CPUMODEL:-corei7_skylake_x} MEGS=${MEGS:-256} SERIALMODE=${SERIALMODE:-file}
export HOSTCPUS=${HOSTCPUS:-1}
here=$(cd "$(dirname "$0")" && pwd)
timeout -s TERM "$tmo" bochs -q -f "$here/bochsrc" -rc "$dir/cmds" </dev/null >"$dir/out" 2>&1
rc=$?
[ $rc -eq 124 ] && { echo "bochs: timed out after ${tmo}s" >&2; exit 124; }
exit 0
