#include "core/channels/peer_store.hpp"

#include <algorithm>

#include "core/util/rfc3339.hpp"
#include "core/codec/address_limits.hpp"

namespace lnstore::channels {

Result<void> ensure_peer(storage::Store& store, const crypto::PubKey& pubkey) {
  auto q = store.query("INSERT OR IGNORE INTO peers (pubkey, created_at) VALUES (?1, ?2)");
  q->bind(1, pubkey).bind_text(2, util::now_rfc3339());
  return q->run();
}

Result<void> add_address(storage::Store& store, const crypto::PubKey& pubkey, const std::string& address, AtCap at_cap) {
  LNSTORE_TRY(ensure_peer(store, pubkey));
  auto exists = store.query("SELECT 1 FROM peer_addresses WHERE peer_pubkey = ?1 AND address = ?2");
  exists->bind(1, pubkey).bind_text(2, address);
  if (LNSTORE_TRY(exists->step())) return {};
  auto count = store.query("SELECT count(*) FROM peer_addresses WHERE peer_pubkey = ?1");
  count->bind(1, pubkey);
  (void)LNSTORE_TRY(count->step());
  const auto held = static_cast<std::size_t>(count->column_int(0));
  if (held >= codec::k_max_node_addresses) {
    if (at_cap == AtCap::refuse)
      return fail(ExitClass::rule, "too_many_addresses",
                  "peer " + util::to_hex(pubkey) + " already has " + std::to_string(held) + " addresses, the most lnstore keeps (" +
                      std::to_string(codec::k_max_node_addresses) + "); remove one first",
                  {{"peer", util::to_hex(pubkey)}, {"limit", codec::k_max_node_addresses}});
    auto drop = store.query(
        "DELETE FROM peer_addresses WHERE peer_pubkey = ?1 AND seq IN"
        " (SELECT seq FROM peer_addresses WHERE peer_pubkey = ?1 ORDER BY seq LIMIT ?2)");
    drop->bind(1, pubkey).bind(2, static_cast<std::int64_t>(held - codec::k_max_node_addresses + 1));
    LNSTORE_TRY(drop->run());
  }
  auto ins = store.query(
      "INSERT INTO peer_addresses (peer_pubkey, address, seq) VALUES (?1, ?2,"
      " (SELECT coalesce(max(seq), 0) + 1 FROM peer_addresses WHERE peer_pubkey = ?1))");
  ins->bind(1, pubkey).bind_text(2, address);
  return ins->run();
}

Result<Peer> add_peer(storage::Store& store, const codec::NodeAddress& address) {
  LNSTORE_TRY(add_address(store, address.pubkey, address.address.to_string()));
  return load_peer(store, address.pubkey);
}

Result<Peer> remove_address(storage::Store& store, const codec::NodeAddress& address) {
  LNSTORE_TRY(load_peer(store, address.pubkey));
  auto del = store.query("DELETE FROM peer_addresses WHERE peer_pubkey = ?1 AND address = ?2");
  del->bind(1, address.pubkey).bind_text(2, address.address.to_string());
  LNSTORE_TRY(del->run());
  if (store.changes() == 0)
    return rule_error("address_not_found", "peer " + util::to_hex(address.pubkey) + " has no address " + address.address.to_string());
  return load_peer(store, address.pubkey);
}

Result<std::vector<std::string>> addresses_of(storage::Store& store, const crypto::PubKey& pubkey) {
  auto q = store.query("SELECT address FROM peer_addresses WHERE peer_pubkey = ?1 ORDER BY seq DESC");
  q->bind(1, pubkey);
  std::vector<std::string> out;
  while (LNSTORE_TRY(q->step())) out.push_back(q->column_text(0));
  return out;
}

namespace {
Result<std::vector<Peer>> query_peers(storage::Store& store, const std::optional<crypto::PubKey>& only) {
  auto q = store.query(
      "SELECT p.pubkey, p.created_at, (SELECT count(*) FROM channels c WHERE c.peer_pubkey = p.pubkey)"
      " FROM peers p WHERE ?1 IS NULL OR p.pubkey = ?1 ORDER BY p.pubkey");
  if (only) q->bind(1, *only);
  std::vector<Peer> out;
  while (LNSTORE_TRY(q->step())) {
    Peer p;
    auto key = q->column_blob(0);
    std::copy_n(key.begin(), std::min<std::size_t>(key.size(), 33), p.pubkey.begin());
    p.created_at = q->column_text(1);
    p.num_channels = q->column_int(2);
    out.push_back(std::move(p));
  }
  q->reset();
  for (auto& p : out) p.addresses = LNSTORE_TRY(addresses_of(store, p.pubkey));
  return out;
}
}  // namespace

Result<Peer> load_peer(storage::Store& store, const crypto::PubKey& pubkey) {
  auto all = LNSTORE_TRY(query_peers(store, pubkey));
  if (all.empty()) return rule_error("peer_not_found", "peer not found: " + util::to_hex(pubkey));
  return all.front();
}

Result<std::vector<Peer>> list_peers(storage::Store& store) { return query_peers(store, std::nullopt); }

nlohmann::ordered_json to_json(const Peer& p) {
  return {{"pubkey", util::to_hex(p.pubkey)},
          {"addresses", p.addresses},
          {"num_channels", p.num_channels},
          {"created_at", p.created_at}};
}

}  // namespace lnstore::channels
