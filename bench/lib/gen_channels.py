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

PURPOSES = ["multisig", "revocation_base", "payment_base", "delay_base", "htlc_base"]


def type_name(bits):
    # lnd channeldb ChannelType bits
    for bit, name in ((9, "simple_taproot"), (6, "script_enforced_lease"), (5, "anchors_zero_fee_htlc"),
                      (3, "anchors"), (1, "tweakless")):
        if bits & (1 << bit):
            return name
    return "legacy"


def key_cfg(cfg, purpose):
    return cfg[purpose + "_key" if purpose == "multisig" else purpose]


def template(c):
    local, remote, cap = c["local_chan_cfg"], c["remote_chan_cfg"], c["capacity_sat"]
    return {
        "peer": c["remote_node_pub"],
        "peer_addresses": c["link_node_addresses"],
        "is_initiator": c["is_initiator"],
        "type": type_name(c["chan_type"]),
        "capacity_sat": cap,
        "local_balance_msat": cap * 1000 // 2,
        "remote_balance_msat": cap * 1000 // 4,
        "fee_per_kw": 2500,
        "num_updates": c["local_commit"]["height"],
        "total_sent_msat": c["total_msat_sent"],
        "total_received_msat": c["total_msat_received"],
        "local_csv_delay": local["csv_delay"],
        "remote_csv_delay": remote["csv_delay"],
        "local_keys": {p: {k: key_cfg(local, p)[k] for k in ("family", "index", "pubkey")} for p in PURPOSES},
        "remote_keys": {p: key_cfg(remote, p)["pubkey"] for p in PURPOSES},
        "shachain_root": c["shachain_root_desc"],
        "local_commit_tx": c["local_commit"]["commit_tx_hex"],
        "remote_commit_sig": c["local_commit"]["commit_sig_der_hex"],
    }, c["funding_outpoint"]


def main():
    n = int(sys.argv[1])
    key_file = sys.argv[2]
    shared = sys.argv[3] if len(sys.argv) > 3 else os.environ.get(
        "LNSTORE_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
    with open(os.path.join(shared, "fixtures/lnd/chantools/expected-open-channels.json")) as f:
        templates = [template(c) for c in json.load(f)["open_channels"]]
    with open(os.path.join(shared, "spec/scb-format.md")) as f:
        root = re.search(r"tprv[1-9A-HJ-NP-Za-km-z]{100,}", f.read()).group(0)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(root + "\n")
    for i in range(n):
        doc, outpoint = templates[i % len(templates)]
        old_txid, vout = outpoint.split(":")
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
