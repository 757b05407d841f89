#!/usr/bin/env python3
"""Turn exitbench's CSV into the bench report, and guard the exit path.

  benchreport.py report CSV OUTDIR [--machine M] [--date D] [--docs FILE]...
      writes OUTDIR/exitbench.json (json module), exitbench.md (the summary
      table) and exitbench.svg (gnuplot); with --docs, rewrites the block
      between "<!-- bench:begin -->" and "<!-- bench:end -->" in each FILE.
  benchreport.py check CSV BASELINE [--tolerance 2]
      one PASS/FAIL line per exit type: its ASI-on mean may exceed the
      baseline's by at most the tolerance (percent). Bochs counts
      instructions, so the means are path lengths and do not drift.
  benchreport.py baseline CSV BASELINE [--machine M]
      writes the baseline from a run (make bench-baseline).
  benchreport.py compare VMX_CSV SVM_CSV [--machine M] [--docs FILE]...
      the VMX backend (Bochs) beside the SVM backend (QEMU -icount), both in
      instructions; with --docs, rewrites "<!-- bench-svm:begin -->" ...
      "<!-- bench-svm:end -->" in each FILE.
"""
import argparse
import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import sys

# CPUID exit round trips in the same Bochs (ticks), for the chart and docs.
REFERENCES = [("minimal handler", 92), ("Xen 4.17", 816), ("KVM", 958)]
FIELDS = ["samples", "mean", "min", "median", "p99", "max", "asi_exits_per_1000"]


def read_rows(path):
    """{exit: {variant: {field: int}}}, in the CSV's order of exits."""
    rows = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rows.setdefault(r["exit"], {})[r["variant"]] = {k: int(float(r[k])) for k in FIELDS}
    if not rows:
        sys.exit(f"benchreport: no rows in {path}")
    return rows


def delta(off, on):
    return (on - off) * 100.0 / off if off else 0.0


def summary_md(rows, machine, date, samples):
    lines = [f"Exit round trips in TSC ticks (in Bochs one tick is one instruction), {samples}; machine: {machine}; "
             f"measured {date} by `make bench`.", "",
             "| exit | asi-off mean | asi-on mean | delta | min/max on | asi_exits/1000 on |",
             "|---|---|---|---|---|---|"]
    for name, v in rows.items():
        off, on = v.get("asi-off"), v.get("asi-on")
        if not off or not on:
            continue
        lines.append(f"| {name} | {off['mean']} | {on['mean']} | {delta(off['mean'], on['mean']):+.1f}% | "
                     f"{on['min']}/{on['max']} | {on['asi_exits_per_1000']} |")
    lines.append("")
    lines.append("CPUID round trip in the same Bochs for comparison: " +
                 ", ".join(f"{n} {t}" for n, t in REFERENCES) + ".")
    return "\n".join(lines) + "\n"


def write_json(rows, machine, date, path):
    doc = {"machine": machine, "date": date, "clock": "tsc (Bochs: one tick per instruction)",
           "references_cpuid": {n: t for n, t in REFERENCES},
           "results": [dict(exit=name, variant=var, **vals) for name, v in rows.items() for var, vals in v.items()]}
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


def write_svg(rows, machine, path):
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        sys.exit("benchreport: gnuplot is missing (scripts/deps.sh installs gnuplot-nox)")
    names = [n for n, v in rows.items() if "asi-off" in v and "asi-on" in v]
    data = path + ".dat"
    with open(data, "w") as f:
        for n in names:
            f.write(f"{n} {rows[n]['asi-off']['mean']} {rows[n]['asi-on']['mean']}\n")
    top = max(max(rows[n]["asi-off"]["mean"], rows[n]["asi-on"]["mean"]) for n in names)
    top = max(top, max(t for _, t in REFERENCES)) * 1.15
    refs = "\n".join(
        f"set arrow from graph 0, first {t} to graph 1, first {t} nohead dt 2 lc rgb '#777777'\n"
        f"set label 'CPUID, {n}: {t}' at graph 1.01, first {t} left font ',9' tc rgb '#555555'"
        for n, t in REFERENCES)
    script = f"""
set terminal svg size 980,480 font 'sans,11' background rgb 'white'
set output '{path}'
set title "VM-exit round trip, mean Bochs ticks (instructions): ASI off vs on\\n{machine}"
set ylabel 'ticks per round trip (lower is better)'
set xlabel 'exit type (guest-tools/exitbench)'
set yrange [0:{top:.0f}]
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set xtics rotate by -30 nomirror
set grid ytics lc rgb '#dddddd'
set key top left
set rmargin 22
{refs}
plot '{data}' using 2:xtic(1) title 'ASI off' lc rgb '#7a9cc6', \\
     '' using 3 title 'ASI on' lc rgb '#d9813b', \\
     '' using 0:3:3 with labels offset 1.3,0.6 font ',8' notitle
"""
    subprocess.run([gnuplot], input=script, text=True, check=True)
    os.remove(data)


def rewrite_docs(files, block, tag="bench"):
    for p in files:
        text = open(p).read()
        new, n = re.subn(r"(<!-- " + tag + r":begin -->\n).*?(<!-- " + tag + r":end -->)",
                         lambda m: m.group(1) + block + m.group(2), text, flags=re.S)
        if not n:
            sys.exit(f"benchreport: {p} has no <!-- {tag}:begin --> ... <!-- {tag}:end --> block")
        with open(p, "w") as f:
            f.write(new)


# KVM's CPUID round trip on QEMU's SVM (kvm_amd, Debian 6.1, the same -icount clock):
# ../shared/qemu-svm.md, default mitigations; it emulates the instruction to skip it.
SVM_REFERENCE = ("KVM (kvm_amd)", "2325-2417")


def compare_md(vmx, svm, machine, date):
    lines = [f"Exit round trips in instructions: the VMX backend in Bochs, the SVM backend in QEMU ({machine}) "
             f"with `-icount shift=0` (its TSC counts instructions, 1 per instruction); measured {date} "
             "by `make bench`.", "",
             "| exit | VMX asi-off | VMX asi-on | SVM asi-off | SVM asi-on | SVM asi_exits/1000 on |",
             "|---|---|---|---|---|---|"]
    for name, v in vmx.items():
        w = svm.get(name, {})
        if not all(k in d for d in (v, w) for k in ("asi-off", "asi-on")):
            continue
        lines.append(f"| {name} | {v['asi-off']['mean']} | {v['asi-on']['mean']} | {w['asi-off']['mean']} | "
                     f"{w['asi-on']['mean']} | {w['asi-on']['asi_exits_per_1000']} |")
    lines += ["", f"CPUID round trip of {SVM_REFERENCE[0]} in the same QEMU: {SVM_REFERENCE[1]} instructions."]
    return "\n".join(lines) + "\n"


def baseline_of(rows, machine, note=None, targets=()):
    b = {"machine": machine, "note": note or "ASI-on mean Bochs ticks per exit type; make test fails on more than "
         "2% above these (tools/benchreport.py check). Rewrite with make bench-baseline.",
         "asi_on_mean": {n: v["asi-on"]["mean"] for n, v in rows.items() if "asi-on" in v}}
    if targets:         # NAME=MAX: an absolute bar besides the baseline
        b["target"] = {t.split("=")[0]: int(t.split("=")[1]) for t in targets}
    return b


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("report")
    r.add_argument("csv")
    r.add_argument("outdir")
    r.add_argument("--machine", default="unknown")
    r.add_argument("--date", default=datetime.date.today().isoformat())
    r.add_argument("--samples", default="")
    r.add_argument("--docs", action="append", default=[])
    c = sub.add_parser("check")
    c.add_argument("csv")
    c.add_argument("baseline")
    c.add_argument("--tolerance", type=float, default=2.0)
    c.add_argument("--label", default="bench", help="check-name prefix (bench-svm for the SVM baseline)")
    b = sub.add_parser("baseline")
    b.add_argument("csv")
    b.add_argument("baseline")
    b.add_argument("--machine", default="unknown")
    b.add_argument("--note")
    b.add_argument("--target", action="append", default=[], help="NAME=MAX, e.g. cpuid=200")
    m = sub.add_parser("compare")
    m.add_argument("csv")
    m.add_argument("svm_csv")
    m.add_argument("--machine", default="unknown")
    m.add_argument("--date", default=datetime.date.today().isoformat())
    m.add_argument("--docs", action="append", default=[])
    a = ap.parse_args()
    rows = read_rows(a.csv)
    if a.cmd == "compare":
        md = compare_md(rows, read_rows(a.svm_csv), a.machine, a.date)
        rewrite_docs(a.docs, md, tag="bench-svm")
        print(md, end="")
        return 0
    if a.cmd == "report":
        md = summary_md(rows, a.machine, a.date, a.samples or "samples as configured")
        with open(os.path.join(a.outdir, "exitbench.md"), "w") as f:
            f.write(md)
        write_json(rows, a.machine, a.date, os.path.join(a.outdir, "exitbench.json"))
        write_svg(rows, a.machine, os.path.join(a.outdir, "exitbench.svg"))
        rewrite_docs(a.docs, md)
        print(md, end="")
        return 0
    if a.cmd == "baseline":
        with open(a.baseline, "w") as f:
            json.dump(baseline_of(rows, a.machine, a.note, a.target), f, indent=2)
            f.write("\n")
        print(f"benchreport: wrote {a.baseline}")
        return 0
    spec = json.load(open(a.baseline))
    passed = failed = 0
    for name, ref in spec["asi_on_mean"].items():
        got = rows.get(name, {}).get("asi-on")
        if got is None:
            print(f"FAIL {a.label}-{name}: not measured")
            failed += 1
            continue
        limit = ref * (1 + a.tolerance / 100.0)
        ok = got["mean"] <= limit
        print(f"{'PASS' if ok else 'FAIL'} {a.label}-{name}: ASI-on mean {got['mean']} ticks, baseline {ref} "
              f"({delta(ref, got['mean']):+.1f}%, limit +{a.tolerance:g}%)")
        passed += ok
        failed += not ok
    for name, most in spec.get("target", {}).items():    # the absolute bar, besides the baseline
        got = rows.get(name, {}).get("asi-on", {}).get("mean")
        ok = got is not None and got <= most
        print(f"{'PASS' if ok else 'FAIL'} {a.label}-{name}-target: ASI-on mean {got} ticks, at most {most}")
        passed += ok
        failed += not ok
    print(f"bench guard: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
