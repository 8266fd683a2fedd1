// Peers and their network addresses, as lnd's link nodes: the addresses a
// static channel backup carries so a restoring node can reconnect.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/pubkey.hpp"
#include "core/store.hpp"
#include "core/tower_address.hpp"

namespace lnstore::peers {

inline constexpr std::uint16_t k_default_peer_port = 9735;

struct Peer {
  PubKey pubkey{};
  std::vector<std::string> addresses;  // newest first
  std::int64_t num_channels = 0;
  std::string created_at;
};

// Creates the peer if unknown (no address).
[[nodiscard]] Result<void> ensure_peer(Store& store, const PubKey& pubkey);
// Adds an address (kept once; a new one goes first). Creates the peer.
[[nodiscard]] Result<void> add_address(Store& store, const PubKey& pubkey, const std::string& address);
[[nodiscard]] Result<Peer> add_peer(Store& store, const NodeAddress& address);
// peer_not_found; address_not_found when the peer lacks that address.
[[nodiscard]] Result<Peer> remove_address(Store& store, const NodeAddress& address);
[[nodiscard]] Result<Peer> load_peer(Store& store, const PubKey& pubkey);  // peer_not_found
[[nodiscard]] Result<std::vector<Peer>> list_peers(Store& store);
[[nodiscard]] Result<std::vector<std::string>> addresses_of(Store& store, const PubKey& pubkey);

nlohmann::ordered_json to_json(const Peer& peer);

}  // namespace lnstore::peers
