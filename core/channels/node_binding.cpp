#include "core/channels/node_binding.hpp"

#include <algorithm>

#include "core/util/hex.hpp"

namespace lnstore::channels {

namespace {

using Json = nlohmann::ordered_json;

// Genesis hashes are shown as block explorers show them (reversed).
std::string display_hash(const ChainHash& hash) {
  ChainHash reversed = hash;
  std::reverse(reversed.begin(), reversed.end());
  return util::to_hex(reversed);
}

std::string chain_name(const ChainHash& hash) {
  const auto network = codec::network_from_chain_hash(hash);
  const std::string name = network ? std::string(codec::network_name(*network)) : std::string("an unknown chain");
  return name + " (genesis " + display_hash(hash) + ")";
}

Result<bool> binding_table_exists(storage::Store& store) {
  auto q = store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'node_binding'");
  return q->step();
}

Result<void> store_binding(storage::Store& store, const NodeBinding& b) {
  auto q = store.query("UPDATE node_binding SET node_pubkey = ?1, chain_hash = ?2 WHERE id = 1");
  if (b.node) q->bind(1, *b.node);
  if (b.chain) q->bind(2, *b.chain);
  LNSTORE_TRY(q->run());
  if (store.changes() != 1) return fail(ExitClass::incompatible, "database_corrupt", "the node_binding row is missing");
  return {};
}

}  // namespace

Result<NodeBinding> load_node_binding(storage::Store& store) {
  NodeBinding b;
  if (!LNSTORE_TRY(binding_table_exists(store))) return b;
  auto q = store.query("SELECT node_pubkey, chain_hash FROM node_binding WHERE id = 1");
  if (!LNSTORE_TRY(q->step())) return b;
  if (!q->column_null(0)) {
    crypto::PubKey key{};
    auto blob = q->column_blob(0);
    if (blob.size() != key.size()) return fail(ExitClass::incompatible, "database_corrupt", "node_binding.node_pubkey has a bad length");
    std::copy(blob.begin(), blob.end(), key.begin());
    b.node = key;
  }
  if (!q->column_null(1)) {
    ChainHash hash{};
    auto blob = q->column_blob(1);
    if (blob.size() != hash.size()) return fail(ExitClass::incompatible, "database_corrupt", "node_binding.chain_hash has a bad length");
    std::copy(blob.begin(), blob.end(), hash.begin());
    b.chain = hash;
  }
  return b;
}

Result<void> check_node_claim(const NodeBinding& binding, const NodeClaim& claim) {
  if (binding.chain && claim.chain && *binding.chain != *claim.chain) {
    Json details = {{"recorded_chain_hash", display_hash(*binding.chain)}, {"given_chain_hash", display_hash(*claim.chain)}};
    return fail(ExitClass::rule, "chain_mismatch",
                "this database belongs to " + chain_name(*binding.chain) + ", but " + claim.chain_source + " is on " +
                    chain_name(*claim.chain) + " (db rebind changes the recorded chain)",
                std::move(details));
  }
  if (binding.node && claim.node && *binding.node != *claim.node) {
    std::string message = "this database belongs to node " + util::to_hex(*binding.node) + ", but " + claim.node_source +
                          " is node " + util::to_hex(*claim.node);
    if (claim.node_from_root_key)
      message += ": probably the wrong seed, seed passphrase or --network for this node";
    else
      message += " (db rebind changes the recorded node)";
    return fail(ExitClass::rule, "node_mismatch", message,
                Json{{"recorded_node_pubkey", util::to_hex(*binding.node)}, {"given_node_pubkey", util::to_hex(*claim.node)}});
  }
  return {};
}

Result<bool> bind_node(storage::Store& store, const NodeClaim& claim) {
  NodeBinding binding = LNSTORE_TRY(load_node_binding(store));
  LNSTORE_TRY(check_node_claim(binding, claim));
  bool recorded = false;
  if (!binding.node && claim.node) {
    binding.node = claim.node;
    recorded = true;
  }
  if (!binding.chain && claim.chain) {
    binding.chain = claim.chain;
    recorded = true;
  }
  if (recorded) LNSTORE_TRY(store_binding(store, binding));
  return recorded;
}

Result<NodeBinding> rebind_node(storage::Store& store, const std::optional<crypto::PubKey>& node,
                                const std::optional<ChainHash>& chain, bool force) {
  NodeBinding binding = LNSTORE_TRY(load_node_binding(store));
  if (!force) {
    auto q = store.query("SELECT (SELECT count(*) FROM channels) + (SELECT count(*) FROM closed_channels)");
    (void)LNSTORE_TRY(q->step());
    if (const auto n = q->column_int(0); n > 0)
      return rule_error("channels_exist", "the database holds " + std::to_string(n) +
                                              " channels and closed-channel summaries of the node recorded now;"
                                              " --force rebinds anyway");
  }
  if (node) binding.node = node;
  if (chain) binding.chain = chain;
  LNSTORE_TRY(store_binding(store, binding));
  return binding;
}

NodeClaim network_claim(codec::Network network) {
  NodeClaim claim;
  claim.chain = codec::chain_hash(network);
  claim.chain_source = "--network " + std::string(codec::network_name(network));
  return claim;
}

Json to_json(const NodeBinding& b) {
  Json network = nullptr;
  if (b.chain)
    if (auto n = codec::network_from_chain_hash(*b.chain)) network = std::string(codec::network_name(*n));
  return Json{{"node_pubkey", b.node ? Json(util::to_hex(*b.node)) : Json(nullptr)},
              {"chain_hash", b.chain ? Json(display_hash(*b.chain)) : Json(nullptr)},
              {"network", network}};
}

}  // namespace lnstore::channels
