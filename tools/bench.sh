#!/bin/bash
# make bench: run guest-tools/exitbench under the hypervisor (QEMU+KVM with
# nested VT-x where /dev/kvm has VMX, else Bochs) and write
# build/bench/exitbench.{txt,csv,json,svg}.
# Env: SAMPLES (per round and exit type, default 200), ROUNDS (even, default 4),
#      EMULATOR (bochs|qemu-kvm), TIMEOUT (s, default 900), HV_OPTS (hypervisor options, e.g. rsb_fill=none).
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/bench
mkdir -p "$out"
samples=${SAMPLES:-200} rounds=${ROUNDS:-4}
log=$out/serial.log
emu_args=()
[ -n "${EMULATOR:-}" ] && emu_args=(--emulator "$EMULATOR")
echo "bench: exitbench, $samples samples x $rounds rounds per exit type (ASI off/on interleaved)"
set +e
tools/hvrun --kernel build/guest-tools/exitbench.elf --memory 16 --timeout "${TIMEOUT:-900}" --set asi_guest_control=1 --hv "${HV_OPTS:-}" \
    --append "samples=$samples rounds=$rounds" --log "$log" "${emu_args[@]}" |
    tee "$out/guest.out" | grep --line-buffered '^exitbench: \(machine\|round\)' | sed 's/^/bench: /'
rc=${PIPESTATUS[0]}
set -e
[ $rc = 1 ] || { echo "bench: exitbench did not finish cleanly (hvrun status $rc); log: $log" >&2; exit 1; }
grep -q '^exitbench: done' "$out/guest.out" || { echo "bench: no results in $out/guest.out" >&2; exit 1; }
# the human tables: everything between the header line and the CSV
sed -n '/^exitbench: machine/,/^CSVHEAD/p' "$out/guest.out" | grep -v '^CSVHEAD\|^exitbench: round' > "$out/exitbench.txt"
machine=$(sed -n 's/^MACHINE,//p' "$out/guest.out")
{
    echo "exit,variant,samples,mean,min,median,p99,max,asi_exits_per_1000"
    sed -n 's/^CSV,//p' "$out/guest.out"
} > "$out/exitbench.csv"
awk -F, -v machine="$machine" 'NR > 1 {
        rows[n++] = sprintf("{\"exit\": \"%s\", \"variant\": \"%s\", \"samples\": %s, \"mean\": %s, \"min\": %s, \"median\": %s, \"p99\": %s, \"max\": %s, \"asi_exits_per_1000\": %s}", $1, $2, $3, $4, $5, $6, $7, $8, $9)
    }
    END {
        gsub(/"/, "\\\"", machine)
        printf "{\"machine\": \"%s\", \"clock\": \"tsc\", \"results\": [", machine
        for (i = 0; i < n; i++) printf "%s%s", (i ? ", " : ""), rows[i]
        print "]}"
    }' "$out/exitbench.csv" > "$out/exitbench.json"
# chart: mean cycles per exit type, asi-off vs asi-on (plain SVG, no extra tools)
awk -F, -v machine="$machine" 'NR > 1 { if ($2 == "asi-off") off[$1] = $4; else on[$1] = $4; if (!($1 in seen)) { seen[$1] = 1; names[n++] = $1 }; if ($4 > max) max = $4 }
    END {
        bw = 16; gap = 22; left = 60; top = 40; h = 300; w = left + n * (2 * bw + gap) + 20
        printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n", w, h + top + 90
        printf "<text x=\"%d\" y=\"20\" font-size=\"14\">VM-exit round trip, mean TSC cycles: asi-off vs asi-on (%s)</text>\n", left, machine
        printf "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n", left, top + h, w - 10, top + h
        for (t = 0; t <= 4; t++) { y = top + h - h * t / 4; printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>\n", left - 4, y + 4, max * t / 4, left, y, w - 10, y }
        for (i = 0; i < n; i++) {
            x = left + 10 + i * (2 * bw + gap); k = names[i]
            ho = h * off[k] / max; hn = h * on[k] / max
            printf "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#7a9cc6\"><title>%s asi-off %d</title></rect>\n", x, top + h - ho, bw, ho, k, off[k]
            printf "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#d9813b\"><title>%s asi-on %d</title></rect>\n", x + bw, top + h - hn, bw, hn, k, on[k]
            printf "<text transform=\"translate(%d,%d) rotate(45)\">%s</text>\n", x + 4, top + h + 12, k
        }
        printf "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#7a9cc6\"/><text x=\"%d\" y=\"%d\">asi-off</text>\n", w - 150, top - 12, w - 136, top - 3
        printf "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#d9813b\"/><text x=\"%d\" y=\"%d\">asi-on</text>\n", w - 80, top - 12, w - 66, top - 3
        print "</svg>"
    }' "$out/exitbench.csv" > "$out/exitbench.svg"
sed -n '/^### summary/,$p' "$out/exitbench.txt"
echo "bench: wrote $out/exitbench.txt, .csv, .json, .svg (machine: $machine)"
