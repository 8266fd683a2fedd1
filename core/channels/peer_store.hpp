// Peers and their network addresses, as lnd's link nodes: the addresses a
// static channel backup carries so a restoring node can reconnect.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/crypto/pubkey.hpp"
#include "core/storage/store.hpp"
#include "core/codec/tower_address.hpp"

namespace lnstore::channels {


struct Peer {
  crypto::PubKey pubkey{};
  std::vector<std::string> addresses;  // newest first
  std::int64_t num_channels = 0;
  std::string created_at;
};

// Creates the peer if unknown (no address).
[[nodiscard]] Result<void> ensure_peer(storage::Store& store, const crypto::PubKey& pubkey);
// What adding an address does when the peer already has
// codec::k_max_node_addresses: a command refuses (exit 1
// "too_many_addresses", nothing changed); an import of lnd's state drops the
// oldest, so that the newest addresses lnd knew are the ones kept.
enum class AtCap { refuse, drop_oldest };
// Adds an address (kept once; a new one goes first). Creates the peer.
[[nodiscard]] Result<void> add_address(storage::Store& store, const crypto::PubKey& pubkey, const std::string& address,
                                       AtCap at_cap = AtCap::refuse);
[[nodiscard]] Result<Peer> add_peer(storage::Store& store, const codec::NodeAddress& address);
// peer_not_found; address_not_found when the peer lacks that address.
[[nodiscard]] Result<Peer> remove_address(storage::Store& store, const codec::NodeAddress& address);
[[nodiscard]] Result<Peer> load_peer(storage::Store& store, const crypto::PubKey& pubkey);  // peer_not_found
[[nodiscard]] Result<std::vector<Peer>> list_peers(storage::Store& store);
[[nodiscard]] Result<std::vector<std::string>> addresses_of(storage::Store& store, const crypto::PubKey& pubkey);

nlohmann::ordered_json to_json(const Peer& peer);

}  // namespace lnstore::channels
