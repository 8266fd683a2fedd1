#!/usr/bin/env python3
"""The include-direction check must fail on each kind of wrong edge: copies
core/ and app/ into a scratch tree, plants one wrong include at a time and
asserts that check_includes.py exits 1 naming that file and line (and that
the untouched copy passes, so a planted line is the only cause)."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
CHECK = os.path.join(HERE, "check_includes.py")

# (file to plant in, the include line, why it is wrong)
PLANTS = [
    ("core/codec/chan_point.cpp", '#include "core/storage/store.hpp"', "a decoder reaching for storage"),
    ("core/util/hex.cpp", '#include "core/crypto/pubkey.hpp"', "util including a part above it"),
    ("core/channels/peer_store.cpp", '#include "core/wtclient/wtclient.hpp"', "two parts of one level"),
    ("core/lnd/bbolt_file.cpp", '#include "core/channels/channel_state.hpp"', "lnd decoding into domain types"),
    ("core/backup/scb_single.cpp", '#include "core/storage/store.hpp"', "the SCB codec reaching for storage"),
    ("core/wtclient/wtclient.cpp", '#include "core/ops/operations.hpp"', "a domain part including ops"),
    ("core/keys/root_key.cpp", "#include <cryptopp/sha.h>", "Crypto++ outside crypto"),
    ("app/main.cpp", "#include <sqlite3.h>", "SQLite outside storage"),
    ("core/ops/operations.cpp", '#include "app/cli.hpp"', "core including the CLI"),
]


def run(root):
    return subprocess.run([sys.executable, CHECK, root], capture_output=True, text=True)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        for top in ("core", "app"):
            shutil.copytree(os.path.join(ROOT, top), os.path.join(scratch, top))
        clean = run(scratch)
        if clean.returncode != 0:
            print("the unmodified tree does not pass; fix that first:\n" + clean.stdout)
            return 1
        for rel, line, why in PLANTS:
            path = os.path.join(scratch, rel)
            with open(path, encoding="utf-8") as f:
                original = f.read()
            # Plant after the first line, so the reported line number is 2.
            first, rest = original.split("\n", 1)
            with open(path, "w", encoding="utf-8") as f:
                f.write(first + "\n" + line + "\n" + rest)
            r = run(scratch)
            expected = f"{rel}:2:"
            if r.returncode != 1 or expected not in r.stdout:
                failures.append(f"{why}: {rel} with {line!r} -> exit {r.returncode}, output:\n{r.stdout}{r.stderr}")
            else:
                print(f"refused ({why}): " + next(l for l in r.stdout.splitlines() if l.startswith(expected)))
            with open(path, "w", encoding="utf-8") as f:
                f.write(original)
    for f in failures:
        print("NOT REFUSED: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
