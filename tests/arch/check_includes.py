#!/usr/bin/env python3
"""Reads every #include of core/ and app/ and fails on an edge against the
direction of core/README.md:

    util <- crypto, storage <- codec <- keys, lnd, channels, wtclient
         <- lndsql <- import, backup, ops <- health <- app

Parts on one level do not include each other. The decoders (util, crypto,
codec, keys, lnd and backup's SCB codec) never include storage or a domain
part, so they link without SQLite. Third-party headers have one home each:
sqlite3.h in storage, libpq-fe.h in lndsql, libsecp256k1 and Crypto++ in
crypto, CLI11 in app.

Usage: check_includes.py [ROOT]   (prints each offending file:line; exit 1)
"""
import os
import re
import sys

ALLOWED = {
    "util": set(),
    "crypto": {"util"},
    "storage": {"util"},
    "codec": {"util", "crypto"},
    "keys": {"util", "crypto", "codec"},
    "lnd": {"util", "crypto", "codec"},
    "channels": {"util", "crypto", "storage", "codec"},
    "wtclient": {"util", "crypto", "storage", "codec"},
    # lnd's kv tables in SQLite (through storage's read-only connection) and
    # PostgreSQL, seen as lnd's bucket interface.
    "lndsql": {"util", "crypto", "storage", "codec", "lnd"},
    "import": {"util", "crypto", "storage", "codec", "keys", "lnd", "channels", "wtclient", "lndsql"},
    "backup": {"util", "crypto", "storage", "codec", "keys", "lnd", "channels", "wtclient"},
    "ops": {"util", "crypto", "storage", "codec", "keys", "lnd", "channels", "wtclient"},
    "health": {"util", "crypto", "storage", "codec", "keys", "lnd", "channels", "wtclient", "import", "backup", "ops"},
}
# backup's codec decodes untrusted files: it is built into the decoders
# library (core/backup/CMakeLists.txt) and may reach only what that holds.
BACKUP_CODEC = {"backup_cipher", "scb_single", "scb_multi", "scb_packed", "scb_json"}
DECODER_PARTS = {"util", "crypto", "codec", "keys", "lnd"}

# Third-party headers and the one part each may appear in.
THIRD_PARTY = [
    (re.compile(r"^sqlite3\.h$"), {"storage"}),
    (re.compile(r"^libpq-fe\.h$"), {"lndsql"}),
    (re.compile(r"^secp256k1(_\w+)?\.h$"), {"crypto"}),
    (re.compile(r"^cryptopp/"), {"crypto"}),
    (re.compile(r"^CLI/"), {"app"}),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def allowed_parts(part, stem):
    if part == "app":
        return set(ALLOWED) | {"app"}
    if part == "backup" and stem in BACKUP_CODEC:
        return {"util", "crypto", "codec", "keys", "backup_codec"}
    return ALLOWED[part] | {part}


def check(root):
    problems = []
    for top in ("core", "app"):
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                parts = rel.split(os.sep)
                if top == "app":
                    part = "app"
                elif len(parts) == 3 and parts[1] in ALLOWED:
                    part = parts[1]
                else:
                    problems.append(f"{rel}:1: a source file outside core's parts")
                    continue
                stem = os.path.splitext(name)[0]
                may = allowed_parts(part, stem)
                with open(path, encoding="utf-8") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(2)
                        if m.group(1) == '"':
                            t = target.split("/")
                            if t[0] == "app" and part != "app":
                                problems.append(f"{rel}:{lineno}: core includes the CLI ({target})")
                            elif t[0] == "core":
                                if len(t) != 3 or t[1] not in ALLOWED:
                                    problems.append(f"{rel}:{lineno}: {target} is not in a part of core")
                                    continue
                                tpart = t[1]
                                tstem = os.path.splitext(t[2])[0]
                                if tpart == "backup" and tstem in BACKUP_CODEC and "backup_codec" in may:
                                    continue
                                if tpart not in may:
                                    problems.append(
                                        f"{rel}:{lineno}: {part} may not include {tpart} ({target}); "
                                        f"{part} may include: {', '.join(sorted(may - {'backup_codec'})) or 'nothing of core'}")
                        else:
                            for pattern, homes in THIRD_PARTY:
                                if pattern.search(target) and part not in homes:
                                    problems.append(
                                        f"{rel}:{lineno}: <{target}> belongs to {', '.join(sorted(homes))}, not {part}")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    problems = check(os.path.abspath(root))
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) against the direction of core/README.md", file=sys.stderr)
        return 1
    print("includes follow the direction of core/README.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
