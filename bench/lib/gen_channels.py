#!/usr/bin/python3
"""Write an `apply` workload of N open channels, and the root key they go with.

usage: gen_channels.py N ROOT_KEY_FILE [SHARED_DIR]

The channels are copies of the four real lnd channels of the chantools
fixture (shared/fixtures/lnd/chantools/expected-open-channels.json, decoded
by an independent parser), each given its own funding txid
(sha256("bench-channel/i")) and short channel id. The local commitment tx is
patched to spend the new channel point, so the document stays consistent;
its signature then no longer verifies, which `channel open` does not check
(it only parses DER). The root key is the public regtest vector of
shared/spec/scb-format.md: run lnstore with --network regtest.
"""
import hashlib
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "tools"))
from channel_docs_from_fixture import documents  # noqa: E402  (one converter for tests and bench)


def main():
    n = int(sys.argv[1])
    key_file = sys.argv[2]
    shared = sys.argv[3] if len(sys.argv) > 3 else os.environ.get(
        "LNSTORE_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
    templates = documents(os.path.join(shared, "fixtures/lnd/chantools/expected-open-channels.json"))
    with open(os.path.join(shared, "spec/scb-format.md")) as f:
        root = re.search(r"tprv[1-9A-HJ-NP-Za-km-z]{100,}", f.read()).group(0)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(root + "\n")
    for i in range(n):
        doc = templates[i % len(templates)]
        old_txid, vout = doc["chan_point"].split(":")
        txid = hashlib.sha256(f"bench-channel/{i}".encode()).hexdigest()
        old_wire, new_wire = bytes.fromhex(old_txid)[::-1].hex(), bytes.fromhex(txid)[::-1].hex()
        if doc["local_commit_tx"].count(old_wire) != 1:
            sys.exit("gen_channels.py: the fixture's commitment tx does not spend its funding txid once")
        d = dict(doc)
        d["chan_point"] = f"{txid}:{vout}"
        d["short_channel_id"] = f"{200000 + i // 1000}x{i % 1000 + 1}x{vout}"
        d["local_commit_tx"] = doc["local_commit_tx"].replace(old_wire, new_wire)
        sys.stdout.write(json.dumps({"op": "channel.open", "channel": d}) + "\n")


if __name__ == "__main__":
    main()
