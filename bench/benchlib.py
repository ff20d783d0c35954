#!/usr/bin/env python3
"""Helpers for bench/files-bench.sh (standard library only).

  benchlib.py warm PATH...               read every file once (page-cache warming)
  benchlib.py manifest DIR OUT           sorted listing: type, path, size, sha256 (restore check)
  benchlib.py find-dataset DIR           print where the data set lies under a restore target
  benchlib.py record OUT TIMEFILE k=v... append one measurement (parsed from GNU time -v) as JSON
  benchlib.py json OUT k=v...            append one free-form JSON line
  benchlib.py report RESULTS.json...     median table, ratios and targets
"""
import hashlib
import json
import os
import re
import statistics
import sys

CHUNK = 1 << 20
TOOLS = ["arca", "restic", "borg"]
PHASES = [("first", "first backup"), ("incremental", "incremental backup"), ("restore", "full restore")]
# The targets of the issue: Arca's figure divided by restic's must not exceed the limit.
TARGETS = [
    ("first backup time", "first", "wall_s", 0.5),
    ("incremental backup time", "incremental", "wall_s", 0.5),
    ("restore time", "restore", "wall_s", 0.67),
    ("repository size (after incremental)", "incremental", "repo_mib", 1.0),
    ("peak RSS, first backup", "first", "max_rss_mib", 1.0),
    ("peak RSS, incremental backup", "incremental", "max_rss_mib", 1.0),
    ("peak RSS, restore", "restore", "max_rss_mib", 1.0),
]


def walk_files(paths):
    for top in paths:
        if os.path.isfile(top):
            yield top
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for name in sorted(filenames):
                p = os.path.join(dirpath, name)
                if os.path.isfile(p) and not os.path.islink(p):
                    yield p


def cmd_warm(paths):
    buf = bytearray(CHUNK)
    files = total = 0
    for p in walk_files(paths):
        with open(p, "rb", buffering=0) as f:
            while True:
                n = f.readinto(buf)
                if not n:
                    break
                total += n
        files += 1
    print(f"{files} files, {total / 2**20:.1f} MiB read")


def cmd_manifest(root, out):
    if not os.path.isdir(root):
        sys.exit(f"manifest: {root} is not a directory")
    lines = []
    files = total = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, root)
        for name in dirnames:
            p = os.path.join(dirpath, name)
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if os.path.islink(p):
                lines.append(f"l {rel} -> {os.readlink(p)}")
            else:
                lines.append(f"d {rel}")
        for name in sorted(filenames):
            p = os.path.join(dirpath, name)
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if os.path.islink(p):
                lines.append(f"l {rel} -> {os.readlink(p)}")
                continue
            if not os.path.isfile(p):
                lines.append(f"? {rel}")
                continue
            h = hashlib.sha256()
            size = 0
            with open(p, "rb") as f:
                while True:
                    b = f.read(CHUNK)
                    if not b:
                        break
                    h.update(b)
                    size += len(b)
            lines.append(f"f {rel} {size} {h.hexdigest()}")
            files += 1
            total += size
    lines.sort()
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{files} {total}")


def cmd_find_dataset(target, source):
    """Where the backed-up directory `source` ended up under restore `target`.

    restic and borg (and, by assumption, Arca) keep the absolute path: TARGET/abs/path.
    Fall back to TARGET/basename and TARGET itself so a different Arca layout is found and reported."""
    markers = {"uploads", "logs", "config", "db_dump.sql"}
    candidates = [target + source, os.path.join(target, os.path.basename(source)), target]
    for c in candidates:
        if os.path.isdir(c) and markers <= set(os.listdir(c)):
            print(c)
            return
    sys.exit(f"find-dataset: no restored data set under {target} (looked at: {', '.join(candidates)})")


def parse_time(path):
    """Parse the output of GNU `time -v -o FILE`."""
    r = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            key, _, val = line.rpartition(": ")
            if key.startswith("Elapsed (wall clock) time"):
                parts = [float(x) for x in val.split(":")]
                secs = 0.0
                for x in parts:
                    secs = secs * 60 + x
                r["wall_s"] = round(secs, 2)
            elif key == "User time (seconds)":
                r["user_s"] = float(val)
            elif key == "System time (seconds)":
                r["sys_s"] = float(val)
            elif key == "Maximum resident set size (kbytes)":
                r["max_rss_kib"] = int(val)
            elif key == "Exit status":
                r["exit_status"] = int(val)
            elif key == "Percent of CPU this job got":
                r["cpu_pct"] = int(val.rstrip("%")) if val.rstrip("%").isdigit() else val
            elif key == "Minor (reclaiming a frame) page faults":
                r["minor_faults"] = int(val)
            elif key == "Involuntary context switches":
                r["invol_ctx_switches"] = int(val)
            elif key == "File system inputs":
                r["fs_inputs"] = int(val)
            elif key == "File system outputs":
                r["fs_outputs"] = int(val)
    missing = {"wall_s", "user_s", "sys_s", "max_rss_kib"} - r.keys()
    if missing:
        sys.exit(f"record: {path} is not GNU time -v output (missing {sorted(missing)})")
    r["cpu_s"] = round(r["user_s"] + r["sys_s"], 2)
    r["max_rss_mib"] = round(r["max_rss_kib"] / 1024, 1)
    return r


def kv(args):
    """k=v arguments to a dict; numbers become numbers, dotted keys (a.b=v) nest."""
    d = {}
    for a in args:
        k, _, v = a.partition("=")
        try:
            val = int(v)
        except ValueError:
            try:
                val = float(v)
            except ValueError:
                val = v
        *parents, leaf = k.split(".")
        node = d
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = val
    return d


def append(out, rec):
    with open(out, "a") as f:
        f.write(json.dumps(rec, sort_keys=False) + "\n")


def cmd_record(out, timefile, args):
    rec = {"type": "measurement"}
    rec.update(kv(args))
    rec.update(parse_time(timefile))
    if "repo_bytes" in rec:
        rec["repo_mib"] = round(rec["repo_bytes"] / 2**20, 1)
    append(out, rec)
    line = (f"{rec['tool']:<6} {rec['phase']:<11} wall {rec['wall_s']:8.2f} s   cpu {rec['cpu_s']:8.2f} s"
            f"   peak RSS {rec['max_rss_mib']:8.1f} MiB")
    if "repo_mib" in rec:
        line += f"   repo {rec['repo_mib']:8.1f} MiB"
    print(line)


def fmt(v, unit=""):
    if v is None:
        return "-"
    return f"{v:.2f}" if unit == "s" else f"{v:.1f}"


def cmd_report(paths):
    recs = []
    for p in paths:
        with open(p) as f:
            recs += [json.loads(l) for l in f if l.strip()]
    meta = next((r for r in recs if r.get("type") == "meta"), {})
    meas = [r for r in recs if r.get("type") == "measurement"]
    tools = [t for t in TOOLS if any(m["tool"] == t for m in meas)]
    runs = sorted({m["run"] for m in meas})

    def med(tool, phase, metric):
        vals = [m[metric] for m in meas if m["tool"] == tool and m["phase"] == phase and metric in m]
        return statistics.median(vals) if vals else None

    out = []
    out.append(f"Arca files benchmark — {meta.get('date', '?')}, host {meta.get('host', '?')} "
               f"({meta.get('nproc', '?')} cores, {meta.get('mem_gib', '?')} GiB RAM"
               + (f", {meta['fault_us']} us per page fault" if "fault_us" in meta else "") + ")")
    ds = meta.get("dataset", {})
    if ds:
        out.append(f"data set: {ds.get('files')} files, {ds.get('bytes', 0) / 2**20:.1f} MiB; "
                   f"runs: {len(runs)}" + (" (each figure is the median over the runs)" if len(runs) > 1 else ""))
    for t in tools:
        v = meta.get("versions", {}).get(t)
        if v:
            out.append(f"  {t}: {v}")
    out.append("")
    spread = len(runs) > 1
    hdr = (f"| {'phase':<18} | {'tool':<6} | {'wall s':>8} | " + (f"{'wall min-max':>13} | " if spread else "")
           + f"{'CPU s (user+sys)':>16} | {'peak RSS MiB':>12} | {'page faults':>11} | {'repo MiB':>8} |")
    out.append(hdr)
    out.append("|" + "|".join("-" * (len(c)) for c in hdr.split("|")[1:-1]) + "|")
    for phase, label in PHASES:
        for t in tools:
            w = med(t, phase, "wall_s")
            if w is None:
                continue
            repo = med(t, phase, "repo_mib")
            rng = ""
            if spread:
                ws = [m["wall_s"] for m in meas if m["tool"] == t and m["phase"] == phase]
                rng = f"{min(ws):6.2f}-{max(ws):<6.2f} | "
            faults = med(t, phase, "minor_faults")
            out.append(f"| {label:<18} | {t:<6} | {fmt(w, 's'):>8} | {rng}{fmt(med(t, phase, 'cpu_s'), 's'):>16} | "
                       f"{fmt(med(t, phase, 'max_rss_mib')):>12} | {round(faults) if faults is not None else '-':>11} | "
                       f"{fmt(repo) if repo is not None else '':>8} |")
    out.append("")

    metrics = [("wall_s", "wall"), ("cpu_s", "CPU"), ("max_rss_mib", "peak RSS"), ("repo_mib", "repo size")]
    if "arca" in tools and len(tools) > 1:
        others = [t for t in tools if t != "arca"]
        out.append("Ratios (arca / other; below 1.00 means Arca is faster / smaller):")
        hdr = f"| {'phase':<18} | {'metric':<9} | " + " | ".join(f"{'arca/' + t:>11}" for t in others) + " |"
        out.append(hdr)
        out.append("|" + "|".join("-" * len(c) for c in hdr.split("|")[1:-1]) + "|")
        for phase, label in PHASES:
            for key, mlabel in metrics:
                a = med("arca", phase, key)
                if a is None:
                    continue
                cells = []
                for t in others:
                    b = med(t, phase, key)
                    cells.append(f"{a / b:11.2f}" if b else f"{'-':>11}")
                out.append(f"| {label:<18} | {mlabel:<9} | " + " | ".join(cells) + " |")
        out.append("")
    else:
        out.append("Ratios: not computed (Arca not measured).")
        out.append("")

    out.append("Targets (Arca against restic):")
    hdr = f"| {'target':<36} | {'arca':>8} | {'restic':>8} | {'ratio':>6} | {'limit':>6} | {'result':<6} |"
    out.append(hdr)
    out.append("|" + "|".join("-" * len(c) for c in hdr.split("|")[1:-1]) + "|")
    fails = 0
    for name, phase, key, limit in TARGETS:
        a, r = med("arca", phase, key), med("restic", phase, key)
        if a is None or r is None:
            res, ratio = "n/a", "-"
        else:
            ratio_v = a / r
            ok = ratio_v <= limit
            res, ratio = ("PASS" if ok else "FAIL"), f"{ratio_v:.2f}"
            fails += not ok
        out.append(f"| {name:<36} | {fmt(a, 's' if key == 'wall_s' else ''):>8} | "
                   f"{fmt(r, 's' if key == 'wall_s' else ''):>8} | {ratio:>6} | {'≤' + format(limit, '.2f'):>6} | {res:<6} |")
    if "arca" not in tools or "restic" not in tools:
        out.append("(n/a: Arca and restic must both be measured to judge the targets)")
    print("\n".join(out))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "warm":
        cmd_warm(args)
    elif cmd == "manifest":
        cmd_manifest(args[0], args[1])
    elif cmd == "find-dataset":
        cmd_find_dataset(args[0], args[1])
    elif cmd == "record":
        cmd_record(args[0], args[1], args[2:])
    elif cmd == "json":
        append(args[0], kv(args[1:]))
    elif cmd == "report":
        cmd_report(args)
    else:
        sys.exit(f"benchlib: unknown command {cmd}\n{__doc__}")


if __name__ == "__main__":
    main()
