#!/usr/bin/python3
"""Bookkeeping for bench/run: result rows, hyperfine import, and the final table.

usage:
  report.py row --rows FILE --workload TEXT --metric M --agg A --step S --tool T
                [--anchor-step S] [--anchor-tool T] [--anchor-label L]
                --cmp ge|le|abs_le|info [--target X] [--note TEXT]
      Append a row definition. metric: ops_per_s, seconds, ms, ms_per_op,
      rss_mib, or marginal_ms_per_op: (time(TOOL) - time(BASE)) / (ops(TOOL) -
      ops(BASE)) with --base-tool (and --anchor-base-tool for the anchor),
      i.e. the cost per op with the fixed cost of a process taken out. agg: median, min or max over the runs logged for (step, tool).
      cmp ge: lnstore/anchor >= X; le: lnstore/anchor <= X; abs_le: the
      lnstore value itself <= X (the ratio is then shown for information);
      info: no target, the row is printed for information.
  report.py skip --rows FILE --workload TEXT --target TEXT --note TEXT
      Append a row that was not measured (printed as SKIP with the note).
  report.py hyperfine --log FILE --step S --json HF.json --tools T1,T2
      Append every run of a hyperfine --export-json file to the measurement
      log, one tool name per hyperfine command, in order.
  report.py render --rows FILE --log FILE [--header FILE] [--out FILE]
      Print the table (and write it to --out).
"""
import argparse
import json
import statistics
import sys


def load_jsonl(path):
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def append(path, obj):
    with open(path, "a") as f:
        f.write(json.dumps(obj) + "\n")


def per_run_value(m, metric):
    s = m["seconds"]
    if metric == "ops_per_s":
        return m["ops"] / s
    if metric == "seconds":
        return s
    if metric == "ms":
        return s * 1000
    if metric == "ms_per_op":
        return s * 1000 / m["ops"]
    if metric == "rss_mib":
        return m["maxrss_kib"] / 1024
    raise ValueError(metric)


AGG = {"median": statistics.median, "min": min, "max": max}


def aggregate(log, step, tool, metric, agg, base=None):
    if metric == "marginal_ms_per_op":
        hi, n_hi, f_hi = aggregate(log, step, tool, "seconds", agg)
        lo, n_lo, f_lo = aggregate(log, step, base, "seconds", agg)
        if hi is None or lo is None:
            return None, 0, f_hi or f_lo
        d_ops = max(m["ops"] for m in log if m["step"] == step and m["tool"] == tool) - \
            max(m["ops"] for m in log if m["step"] == step and m["tool"] == base)
        if d_ops <= 0:
            return None, 0, f_hi or f_lo
        return (hi - lo) * 1000 / d_ops, min(n_hi, n_lo), f_hi or f_lo
    runs = [m for m in log if m["step"] == step and m["tool"] == tool]
    if not runs:
        return None, 0, False
    failed = any(m["rc"] != 0 for m in runs)
    return AGG[agg]([per_run_value(m, metric) for m in runs]), len(runs), failed


def cpu_seconds(log, step, tool):
    """Median user+sys CPU seconds per run, or None when not recorded (hyperfine)."""
    runs = [m["utime"] + m["stime"] for m in log
            if m["step"] == step and m["tool"] == tool and m.get("utime") is not None]
    return statistics.median(runs) if runs else None


def fmt(value, metric):
    if value is None:
        return "n/a"
    if metric == "ops_per_s":
        return f"{value:,.0f} ops/s"
    if metric == "seconds":
        return f"{value:.2f} s"
    if metric == "ms":
        return f"{value:.1f} ms"
    if metric in ("ms_per_op", "marginal_ms_per_op"):
        return f"{value:.3f} ms/op"
    if metric == "rss_mib":
        return f"{value:.1f} MiB"
    return str(value)


def target_text(cmp, target, metric):
    if cmp == "info":
        return "-"
    if cmp == "ge":
        return f">= {target:g}x"
    if cmp == "le":
        return f"<= {target:g}x"
    return f"<= {fmt(target, metric)}"


def render(args):
    rows = load_jsonl(args.rows)
    log = load_jsonl(args.log)
    table = [("workload", "lnstore", "anchor", "ratio", "target", "result", "how")]
    notes = []
    for r in rows:
        if r.get("skip"):
            table.append((r["workload"], "-", "-", "-", r["target"], "SKIP", ""))
            notes.append(f"{r['workload']}: {r['note']}")
            continue
        metric, agg = r["metric"], r["agg"]
        lv, ln, lfail = aggregate(log, r["step"], r["tool"], metric, agg, r.get("base_tool"))
        av, an, afail = (None, 0, False)
        if r.get("anchor_tool"):
            av, an, afail = aggregate(log, r.get("anchor_step") or r["step"], r["anchor_tool"], metric, agg,
                                      r.get("anchor_base_tool"))
        ratio = lv / av if lv is not None and av else None
        if lfail or afail:
            result = "FAIL"
            notes.append(f"{r['workload']}: a measured command exited non-zero (see bench/out/logs)")
        elif r["cmp"] == "info":
            result = "info"
        elif r["cmp"] == "abs_le":
            result = "n/a" if lv is None else ("PASS" if lv <= r["target"] else "MISS")
        elif ratio is None:
            result = "SKIP"
        elif r["cmp"] == "ge":
            result = "PASS" if ratio >= r["target"] else "MISS"
        else:
            result = "PASS" if ratio <= r["target"] else "MISS"
        anchor = f"{r.get('anchor_label') or r.get('anchor_tool')} {fmt(av, metric)}" if r.get("anchor_tool") else "-"
        best = (agg == "max") == (metric == "ops_per_s") and metric != "rss_mib"
        how = ("best" if best else agg) + f" of {ln}" + (f"/{an}" if an and an != ln else "")
        if r.get("anchor_tool") and metric not in ("rss_mib", "marginal_ms_per_op"):
            extra = []
            if agg != "median":
                lm, _, _ = aggregate(log, r["step"], r["tool"], metric, "median")
                am, _, _ = aggregate(log, r.get("anchor_step") or r["step"], r["anchor_tool"], metric, "median")
                if lm is not None and am:
                    extra.append(f"median ratio {lm / am:.2f}x")
            lc = cpu_seconds(log, r["step"], r["tool"])
            ac = cpu_seconds(log, r.get("anchor_step") or r["step"], r["anchor_tool"])
            if lc and ac:
                extra.append(f"cpu time {lc / ac:.2f}x")
            if extra:
                how += "; " + ", ".join(extra)
        table.append((r["workload"], fmt(lv, metric), anchor, "-" if ratio is None else f"{ratio:.2f}x",
                      target_text(r["cmp"], r["target"], metric), result, how))
        if r.get("note"):
            notes.append(f"{r['workload']}: {r['note']}")
        disk = [m["disk_fsync_per_s"] for m in log if m["step"] == r["step"] and "disk_fsync_per_s" in m]
        if disk and r.get("anchor_tool"):
            notes.append(f"{r['workload']} vs {r.get('anchor_label') or r['anchor_tool']}: disk probed before each run "
                         f"at {min(disk)}..{max(disk)} fdatasync/s (median {statistics.median(disk):.0f})")
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    lines = []
    for n, row in enumerate(table):
        lines.append(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("-+-".join("-" * w for w in widths))
    header = []
    if args.header:
        with open(args.header) as f:
            header = [line.rstrip("\n") for line in f]
    text = "\n".join(header + [""] + lines + [""] + [f"note: {n}" for n in notes]) + "\n"
    sys.stdout.write(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("row")
    p.add_argument("--rows", required=True)
    p.add_argument("--workload", required=True)
    p.add_argument("--metric", required=True,
                   choices=["ops_per_s", "seconds", "ms", "ms_per_op", "rss_mib", "marginal_ms_per_op"])
    p.add_argument("--agg", required=True, choices=list(AGG))
    p.add_argument("--step", required=True)
    p.add_argument("--tool", required=True)
    p.add_argument("--base-tool")
    p.add_argument("--anchor-base-tool")
    p.add_argument("--anchor-step")
    p.add_argument("--anchor-tool")
    p.add_argument("--anchor-label")
    p.add_argument("--cmp", required=True, choices=["ge", "le", "abs_le", "info"])
    p.add_argument("--target", type=float, default=0.0)
    p.add_argument("--note")
    p = sub.add_parser("skip")
    p.add_argument("--rows", required=True)
    p.add_argument("--workload", required=True)
    p.add_argument("--target", required=True)
    p.add_argument("--note", required=True)
    p = sub.add_parser("hyperfine")
    p.add_argument("--log", required=True)
    p.add_argument("--step", required=True)
    p.add_argument("--json", required=True)
    p.add_argument("--tools", required=True)
    p = sub.add_parser("render")
    p.add_argument("--rows", required=True)
    p.add_argument("--log", required=True)
    p.add_argument("--header")
    p.add_argument("--out")
    a = ap.parse_args()
    if a.cmd == "row":
        d = {k: v for k, v in vars(a).items() if k not in ("cmd", "rows") and v is not None}
        append(a.rows, d)
    elif a.cmd == "skip":
        append(a.rows, {"skip": True, "workload": a.workload, "target": a.target, "note": a.note})
    elif a.cmd == "hyperfine":
        with open(a.json) as f:
            results = json.load(f)["results"]
        tools = a.tools.split(",")
        if len(tools) != len(results):
            sys.exit("report.py: --tools does not match the hyperfine commands")
        for tool, res in zip(tools, results):
            codes = res.get("exit_codes") or [0] * len(res["times"])
            for i, (t, rc) in enumerate(zip(res["times"], codes), 1):
                append(a.log, {"step": a.step, "tool": tool, "rep": i, "ops": 0, "seconds": t,
                               "maxrss_kib": 0, "utime": None, "stime": None, "rc": rc})
    else:
        render(a)


if __name__ == "__main__":
    main()
