#!/bin/bash
# make fuzz-guest: the exit-fuzzing guest (tests/guests/fuzz.c) beside a
# healthy heartbeat VM, in Bochs, with the ASI audit before and after.
# Env: SEED (first seed, default 1), SEEDS (default 4), EXITS (exiting
# instructions per seed, default 40000), MIN_EXITS (VM exits the run must
# reach, default 0), TIMEOUT (s, default 600), LOG (serial log path).
# Prints the figures and exits 0 when: the hypervisor never stopped, every
# seed's VM ended with a one-line reason and came back, the fuzzer saw no
# anomaly, the heartbeat VM passed, and the audit passed afterwards.
set -u
cd "$(dirname "$0")/.."
seed=${SEED:-1} seeds=${SEEDS:-4} exits=${EXITS:-40000} tmo=${TIMEOUT:-600} min=${MIN_EXITS:-0}
for v in "$seed" "$seeds" "$exits" "$tmo" "$min"; do
    [[ $v =~ ^[0-9]+$ ]] || { echo "fuzz-guest: SEED, SEEDS, EXITS and TIMEOUT must be numbers" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzzguest.XXXXXX")
trap 'rm -rf "$work"' EXIT
log=${LOG:-build/fuzz-guest/serial.log}
mkdir -p "$(dirname "$log")"
cat > "$work/fuzz.cfg" <<CFG
name = "fuzz"
memory = 16
kernel = "fuzz.elf"
extra = "seed=$seed seeds=$seeds exits=$exits"
on_crash = "restart"
on_reboot = "restart"
on_poweroff = "destroy"
unassigned_access = "destroy"
CFG
cat > "$work/heartbeat.cfg" <<CFG
name = "heartbeat"
memory = 8
kernel = "heartbeat.elf"
extra = "beats=200"
CFG
HV_NO_MODULES=1 tools/mkiso.sh "$work/hv.iso" "test=asi-audit watchdog=500" "$work/fuzz.cfg" \
    build/guests/fuzz.elf "$work/heartbeat.cfg" build/guests/heartbeat.elf >/dev/null || exit 1
: > "$log"
start=$SECONDS
CPUMODEL=corei7_skylake_x tools/bochs.sh "$work/hv.iso" "$log" "$tmo" "$work/bochs.log"
l=$(tr -d '\r' < "$log")
summary=$(grep -a '^\[fuzz\] fuzz: seeds ' <<<"$l" | tail -1)
hv_exits=$(grep -a '^hv: vm fuzz exit statistics: ' <<<"$l" | tail -1 | sed -E 's/.*: ([0-9]+) exits.*/\1/')
ended=$(grep -ac '^hv: vm fuzz restarting' <<<"$l")
stops=$(grep -ac 'FATAL\|stopping the machine' <<<"$l")
audits=$(grep -ac 'asi-audit: .*PASS: no restricted space maps anything sensitive' <<<"$l")
echo "fuzz-guest: seeds $seeds from $seed, $exits exiting instructions each, $((SECONDS - start)) s in Bochs"
echo "fuzz-guest: guest: ${summary#\[fuzz\] fuzz: }"
echo "fuzz-guest: hypervisor: ${hv_exits:-?} exits handled for the fuzzer, VMs ended and restarted $ended, hypervisor stops $stops"
grep -a '^hv: vm fuzz restarting' <<<"$l" | sed -E 's/.*\): //' | sort | uniq -c | sed 's/^ */fuzz-guest:   ended: x/'
grep -a '^\[fuzz\] ANOMALY' <<<"$l" | head -10 | sed 's/^/fuzz-guest: /'
why=
[ -n "$summary" ] || why="$why; no fuzz summary (the run did not finish)"
grep -q 'anomalies 0$' <<<"$summary" || why="$why; anomalies"
[ "$stops" = 0 ] || why="$why; the hypervisor stopped"
[ "${hv_exits:-0}" -ge "$min" ] || why="$why; ${hv_exits:-0} VM exits, fewer than $min"
[ "$ended" -ge "$seeds" ] || why="$why; only $ended of $seeds seeds ended in a contained VM end"
grep -aq '^\[heartbeat\] RESULT PASS' <<<"$l" || why="$why; the heartbeat VM did not pass"
[ "$audits" -ge 2 ] || why="$why; the ASI audit did not pass before and after"
grep -aq 'hv: powering off' <<<"$l" || why="$why; no clean stop"
if [ -n "$why" ]; then
    echo "fuzz-guest: FAIL${why#;} (log: $log)"
    exit 1
fi
echo "fuzz-guest: PASS: the hypervisor never stopped; the ASI audit passed before and after (log: $log)"
