// Network addresses of towers and peers as operators write them: IPv4,
// [IPv6], Tor v2/v3 onion and DNS names, each with a port, read into the one
// address type (codec::NetAddress, core/codec/lnd_net_address.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/codec/lnd_net_address.hpp"
#include "core/crypto/pubkey.hpp"
#include "core/util/error.hpp"

namespace lnstore::codec {

// Parses "host[:port]". Without a port, `default_port` is used (0 means the
// port is required). The result is never opaque; a DNS name is lowercased
// (one spelling is stored); to_string() is lnd's "host:port", IPv6 as
// "[host]:port". Fails with malformed "bad_address" explaining why.
[[nodiscard]] Result<NetAddress> parse_net_address(std::string_view text, std::uint16_t default_port);

struct NodeAddress {
  crypto::PubKey pubkey;
  NetAddress address;
};

// Parses "PUBKEY@HOST[:PORT]" (the pubkey validated on the curve).
[[nodiscard]] Result<NodeAddress> parse_node_address(std::string_view text, std::uint16_t default_port);

// The most addresses lnstore keeps for one peer or one tower. lnd keeps a
// link node's and a tower's addresses without a bound, but a static channel
// backup stores a peer's addresses behind a u16 byte length: unbounded, a
// few hundred long DNS names would make every backup of that peer's
// channels impossible, and every listing of a tower grow without end. 32
// addresses of the longest kind (a 255-byte DNS name: 259 bytes encoded)
// take 8,288 bytes, far inside the Single's 65,535; a node announcement
// rarely carries more than a handful.
inline constexpr std::size_t k_max_node_addresses = 32;

inline constexpr std::uint16_t k_default_tower_port = 9911;
// lnd's peer port, for a peer address given without one.
inline constexpr std::uint16_t k_default_peer_port = 9735;

}  // namespace lnstore::codec
