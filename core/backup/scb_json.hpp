// JSON views of decoded backups for `backup dump` (SPEC section 7).
#pragma once

#include <nlohmann/json.hpp>

#include "core/backup/scb_multi.hpp"
#include "core/backup/scb_single.hpp"

namespace lnstore::backup {

// The `backup dump` object of one Single; every key always present:
// {"version": 0..7, "type": channel type name, "chan_point": "txid:index"
//  (display order), "short_channel_id": "HxTxO", "chain_hash": display-order
//  hex, "is_initiator", "peer": pubkey hex, "addresses": ["host:port"...],
//  "capacity_sat", "local_csv_delay", "remote_csv_delay",
//  "local_keys": {NAME: {"family", "index", "pubkey": null}} (pubkeys are not
//  in a backup), "remote_keys": {NAME: pubkey hex}, "shachain_root":
//  {"family", "index", "pubkey": hex|null}, "lease_expiry": number|null
//  (version 4 only), "close_tx": {"commit_tx", "commit_sig",
//  "commit_height": number|null (taproot only), "tapscript_root": raw hex|null
//  (version 6 only)}|null}, NAME in k_scb_key_names order.
nlohmann::ordered_json to_json(const ScbSingle& single);

// {"version": multi version, "singles": [to_json(single)...]}.
nlohmann::ordered_json to_json(const ScbMulti& multi);

}  // namespace lnstore::backup
