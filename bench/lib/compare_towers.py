#!/usr/bin/python3
"""Check that `lnstore tower list` and the sqlite3 -json anchor query return the same rows.

usage: compare_towers.py LNSTORE_JSON SQLITE_JSON

Compares id, pubkey, addresses (in order), status and session count of every
tower. Prints "same N rows" and exits 0, or names the first difference and
exits 1, so the timing comparison is known to be like for like.
"""
import json
import sys


def main():
    with open(sys.argv[1]) as f:
        ours = json.load(f)["towers"]
    with open(sys.argv[2]) as f:
        theirs = json.load(f)
    if len(ours) != len(theirs):
        print(f"row count differs: lnstore {len(ours)}, sqlite3 {len(theirs)}")
        sys.exit(1)
    for a, b in zip(ours, theirs):
        want = {"id": b["id"], "pubkey": b["pubkey"], "addresses": json.loads(b["addresses"]),
                "status": b["status"], "num_sessions": b["num_sessions"]}
        got = {k: a.get(k) for k in want}
        if got != want:
            print(f"tower differs: lnstore {got} vs sqlite3 {want}")
            sys.exit(1)
    print(f"same {len(ours)} rows")


if __name__ == "__main__":
    main()
