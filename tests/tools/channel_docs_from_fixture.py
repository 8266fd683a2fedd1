#!/usr/bin/env python3
"""Channel documents (SPEC section 5) built from a fixture's
expected-open-channels.json, i.e. from real lnd channel data decoded by an
independent parser. One JSON document per line on stdout.

usage: channel_docs_from_fixture.py EXPECTED_JSON
"""
import json
import sys

# lnd channeldb ChannelType bits -> lnstore type names (lnd's backup version
# order: taproot final, tapscript root, simple taproot, lease, zero-fee HTLC,
# anchors, tweakless, legacy).
def type_name(bits):
    if bits & (1 << 12):
        return "simple_taproot_final"
    if bits & (1 << 11):
        return "tapscript_root"
    if bits & (1 << 10):
        return "simple_taproot"
    if bits & (1 << 6):
        return "script_enforced_lease"
    if bits & (1 << 5):
        return "anchors_zero_fee_htlc"
    if bits & (1 << 3):
        return "anchors"
    if bits & (1 << 1):
        return "tweakless"
    return "legacy"

PURPOSES = ["multisig", "revocation_base", "payment_base", "delay_base", "htlc_base"]

def main():
    data = json.load(open(sys.argv[1]))
    for c in data["open_channels"]:
        scid = c["short_channel_id"]
        local = c["local_chan_cfg"]
        remote = c["remote_chan_cfg"]
        cap = c["capacity_sat"]
        doc = {
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
            "local_keys": {p: {"family": local[p + "_key" if p == "multisig" else p]["family"],
                               "index": local[p + "_key" if p == "multisig" else p]["index"],
                               "pubkey": local[p + "_key" if p == "multisig" else p]["pubkey"]} for p in PURPOSES},
            "remote_keys": {p: remote[p + "_key" if p == "multisig" else p]["pubkey"] for p in PURPOSES},
            "shachain_root": c["shachain_root_desc"],
            "local_commit_tx": c["local_commit"]["commit_tx_hex"],
            "remote_commit_sig": c["local_commit"]["commit_sig_der_hex"],
        }
        print(json.dumps(doc))

main()
