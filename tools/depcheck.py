#!/usr/bin/env python3
"""File dependency circles in the hypervisor, computed from its objects.

Each object file defines some symbols and uses others (`nm`). File A depends
on file B when A uses a symbol that B defines, functions and data alike.
A strongly connected component of more than one file is a dependency circle.

usage: tools/depcheck.py [--dot FILE] [--verbose] OBJ...
Prints the layers (files in dependency order) with --verbose; exits 1 and
names every circle with the edges that close it when there is one.
"""
import argparse
import subprocess
import sys


def symbols(obj):
    out = subprocess.run(["nm", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("U", "w", "v"):
            used.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBRCVWGS":
            # upper-case types only: lower-case symbols are file-local
            defined.add(parts[2])
    return defined, used


def source_name(obj):
    name = obj
    if name.startswith("build/"):
        name = name[len("build/"):]
    if name.endswith(".o"):
        name = name[:-2]
    return name


def graph(objs):
    owner, uses = {}, {}
    for obj in objs:
        name = source_name(obj)
        defined, used = symbols(obj)
        uses[name] = used
        for sym in defined:
            owner.setdefault(sym, name)
    edges = {name: {} for name in uses}
    for name, used in uses.items():
        for sym in used:
            dst = owner.get(sym)
            if dst and dst != name:
                edges[name].setdefault(dst, []).append(sym)
    return edges


def components(edges):
    """Tarjan's strongly connected components, iterative."""
    index, low, onstack, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        onstack.add(root)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    onstack.add(nxt)
                    work.append((nxt, iter(sorted(edges[nxt]))))
                elif nxt in onstack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    n = stack.pop()
                    onstack.discard(n)
                    comp.append(n)
                    if n == node:
                        break
                out.append(sorted(comp))
    return out   # reverse topological order: leaves first


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--dot")
    ap.add_argument("objs", nargs="+")
    args = ap.parse_args()
    edges = graph(args.objs)
    comps = components(edges)
    circles = [c for c in comps if len(c) > 1]
    if args.dot:
        with open(args.dot, "w") as f:
            f.write("digraph deps {\n  rankdir=BT;\n")
            for src in sorted(edges):
                for dst in sorted(edges[src]):
                    f.write(f'  "{src}" -> "{dst}";\n')
            f.write("}\n")
    if args.verbose:
        for i, c in enumerate(comps):
            print(f"  {i:3d} {' '.join(c)}")
    for c in circles:
        print(f"circle of {len(c)} files:")
        members = set(c)
        for src in c:
            for dst, syms in sorted(edges[src].items()):
                if dst in members:
                    print(f"  {src} -> {dst} ({', '.join(sorted(syms)[:4])})")
    nedges = sum(len(e) for e in edges.values())
    print(f"depcheck: {len(edges)} files, {nedges} edges, "
          f"{len(circles)} circles, largest component "
          f"{max(len(c) for c in comps)} file(s)")
    return 1 if circles else 0


if __name__ == "__main__":
    sys.exit(main())
