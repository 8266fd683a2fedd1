#!/usr/bin/env python3
"""Channel documents (SPEC section 5) built from a fixture's
expected-open-channels.json, i.e. from real lnd channel data decoded by an
independent parser. One JSON document per line on stdout.

usage: channel_docs_from_fixture.py EXPECTED_JSON

Also imported by bench/lib/gen_channels.py (documents()).
"""
import json
import sys

PURPOSES = ["multisig", "revocation_base", "payment_base", "delay_base", "htlc_base"]


# lnd channeldb ChannelType bits -> lnstore type names (lnd's backup version
# order: taproot final, tapscript root, simple taproot, lease, zero-fee HTLC,
# anchors, tweakless, legacy).
def type_name(bits):
    for bit, name in ((12, "simple_taproot_final"), (11, "tapscript_root"), (10, "simple_taproot"),
                      (6, "script_enforced_lease"), (5, "anchors_zero_fee_htlc"), (3, "anchors"),
                      (1, "tweakless")):
        if bits & (1 << bit):
            return name
    return "legacy"


def key_cfg(cfg, purpose):
    return cfg[purpose + "_key" if purpose == "multisig" else purpose]


def document(c):
    """The channel document of one entry of open_channels."""
    scid = c["short_channel_id"]
    local, remote, cap = c["local_chan_cfg"], c["remote_chan_cfg"], c["capacity_sat"]
    return {
        "chan_point": c["funding_outpoint"],
        "short_channel_id": "%dx%dx%d" % (scid["block"], scid["tx"], scid["pos"]),
        "peer": c["remote_node_pub"],
        "peer_addresses": c["link_node_addresses"],
        "is_initiator": c["is_initiator"],
        "type": type_name(c["chan_type"]),
        "capacity_sat": cap,
        # Balances are not in the fixture summary; any split within capacity will do.
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
    }


def documents(expected_json_path):
    with open(expected_json_path) as f:
        return [document(c) for c in json.load(f)["open_channels"]]


if __name__ == "__main__":
    for doc in documents(sys.argv[1]):
        print(json.dumps(doc))
