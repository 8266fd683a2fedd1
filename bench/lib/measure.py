#!/usr/bin/python3
"""Run one command and record its whole-process cost as a JSON line.

usage: measure.py --log FILE --step STEP --tool TOOL [--ops N] [--rep R]
                  [--stdin PATH] [--stdout PATH] [--stderr PATH] [--rss-file PATH] [--disk-rate N]
                  -- CMD [ARG...]

Wall time is taken with the monotonic clock from just before the fork to the
reaping of the child, so it covers process start, database open and close.
CPU times come from the child's rusage (wait4). Peak RSS is only
meaningful with --rss-file (run the command under /usr/bin/time -f %M -o
FILE): the rusage figure of a child forked from Python keeps Python's own
high-water mark. A line {"step", "tool", "rep", "ops", "seconds",
"maxrss_kib", "utime", "stime", "rc"} is appended to the log; a short
progress line goes to stderr. Exits with the command's exit code.
"""
import argparse
import json
import os
import subprocess
import sys
import time


def main():
    if "--" not in sys.argv:
        sys.exit("measure.py: missing -- before the command")
    split = sys.argv.index("--")
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--step", required=True)
    ap.add_argument("--tool", required=True)
    ap.add_argument("--ops", type=int, default=0)
    ap.add_argument("--rep", type=int, default=1)
    ap.add_argument("--stdin", default="/dev/null")
    ap.add_argument("--stdout", default="/dev/null")
    ap.add_argument("--stderr", default=None)
    ap.add_argument("--disk-rate", type=int, help="fdatasync/s probed just before the run (recorded as is)")
    ap.add_argument("--rss-file", help="take peak RSS (KiB) from this file, as written by /usr/bin/time -f %%M -o")
    a = ap.parse_args(sys.argv[1:split])
    cmd = sys.argv[split + 1:]
    if not cmd:
        sys.exit("measure.py: no command")

    with open(a.stdin, "rb") as fin, open(a.stdout, "wb") as fout:
        ferr = open(a.stderr, "wb") if a.stderr else None
        try:
            t0 = time.monotonic()
            p = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=ferr)
            _, status, ru = os.wait4(p.pid, 0)
            t1 = time.monotonic()
        finally:
            if ferr:
                ferr.close()
    rc = os.waitstatus_to_exitcode(status)
    p.returncode = rc  # already reaped; keeps Popen from waiting again
    maxrss = ru.ru_maxrss
    if a.rss_file:
        try:
            with open(a.rss_file) as f:
                maxrss = int(f.read().split()[-1])
        except (OSError, ValueError, IndexError):
            print(f"measure.py: no RSS in {a.rss_file}; using rusage", file=sys.stderr)
    rec = {"step": a.step, "tool": a.tool, "rep": a.rep, "ops": a.ops, "seconds": round(t1 - t0, 6),
           "maxrss_kib": maxrss, "utime": round(ru.ru_utime, 4), "stime": round(ru.ru_stime, 4), "rc": rc}
    if a.disk_rate is not None:
        rec["disk_fsync_per_s"] = a.disk_rate
    with open(a.log, "a") as log:
        log.write(json.dumps(rec) + "\n")
    rate = f"  {a.ops / (t1 - t0):10.0f} ops/s" if a.ops else ""
    # Without --rss-file the figure is not the command's own: on Linux a
    # child's maxrss keeps the high-water mark of this Python process from
    # before exec, so it is only shown when /usr/bin/time measured it.
    rss = f"  rss {maxrss / 1024:7.1f} MiB" if a.rss_file else ""
    if a.disk_rate is not None:
        rss += f"  (disk {a.disk_rate} fdatasync/s)"
    print(f"    {a.step:<10} {a.tool:<9} rep {a.rep}  {t1 - t0:9.3f} s{rate}  "
          f"user {ru.ru_utime:7.2f} s  sys {ru.ru_stime:6.2f} s{rss}"
          + (f"  EXIT {rc}" if rc else ""), file=sys.stderr)
    sys.exit(rc)


if __name__ == "__main__":
    main()
