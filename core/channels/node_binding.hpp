// The one node and chain a database belongs to (table node_binding): the
// node's identity public key and the chain's genesis hash, each unknown
// until a command first learns it. Commands that bring in or write node
// data state what they know as a NodeClaim; bind_node refuses a claim of
// another node or chain before anything is written, and records what was
// not yet known. Functions run inside the caller's transaction.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/codec/network.hpp"
#include "core/crypto/pubkey.hpp"
#include "core/storage/store.hpp"
#include "core/util/error.hpp"

namespace lnstore::channels {

using ChainHash = std::array<std::uint8_t, 32>;  // genesis hash, internal byte order

struct NodeBinding {
  std::optional<crypto::PubKey> node;
  std::optional<ChainHash> chain;
};

// What a command knows about the node and chain of what it brings in or
// writes, and where that knowledge comes from (named in refusals).
struct NodeClaim {
  std::optional<crypto::PubKey> node;
  std::optional<ChainHash> chain;
  std::string node_source;   // e.g. "channel.db's graph source node", "the root key"
  std::string chain_source;  // e.g. "channel.db's channels", "--network"
  // The node key was derived from a root key: a mismatch is most likely a
  // wrong seed, passphrase or network, and the message says so.
  bool node_from_root_key = false;
};

// The recorded binding; both unknown on a database whose schema predates
// it (read without migrating).
[[nodiscard]] Result<NodeBinding> load_node_binding(storage::Store& store);

// Checks `claim` against `binding` and changes nothing. Fails (exit rule)
// with "chain_mismatch" when both chains are known and differ, else
// "node_mismatch" when both node keys are known and differ; the message
// names both values (chains by network name and genesis hash).
[[nodiscard]] Result<void> check_node_claim(const NodeBinding& binding, const NodeClaim& claim);

// check_node_claim against the stored binding, then records the claim's
// node and chain where the database had none. Returns whether it recorded
// anything. On failure nothing was written.
[[nodiscard]] Result<bool> bind_node(storage::Store& store, const NodeClaim& claim);

// `db rebind`: replaces the recorded node key and/or chain (an unset
// argument keeps its value). Refuses (rule "channels_exist") while the
// database holds channels or closed-channel summaries unless `force`, since
// they belong to the node recorded now. Returns the new binding.
[[nodiscard]] Result<NodeBinding> rebind_node(storage::Store& store, const std::optional<crypto::PubKey>& node,
                                              const std::optional<ChainHash>& chain, bool force);

// The claim of a network given with --network: its genesis hash.
NodeClaim network_claim(codec::Network network);

// {"node_pubkey": hex | null, "chain_hash": display hex | null, "network": name | null}
nlohmann::ordered_json to_json(const NodeBinding& binding);

}  // namespace lnstore::channels
