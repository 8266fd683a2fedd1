#!/usr/bin/python3
"""Print how many 4 KiB append+fdatasync rounds per second the disk under DIR sustains.

usage: fsync_probe.py DIR [SECONDS]

A one-commit-per-line design cannot beat this rate (a WAL commit is at least
one append and one fdatasync), so bench/run prints it next to the per-line
durable results and sizes its repetitions by it.
"""
import os
import sys
import time


def main():
    d = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    path = os.path.join(d, f".fsync_probe.{os.getpid()}")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        buf = b"\0" * 4096
        n = 0
        t0 = time.monotonic()
        while time.monotonic() - t0 < seconds:
            os.write(fd, buf)
            os.fdatasync(fd)
            n += 1
        print(round(n / (time.monotonic() - t0)))
    finally:
        os.close(fd)
        os.unlink(path)


if __name__ == "__main__":
    main()
