// Network addresses of towers and peers as operators write them: IPv4,
// [IPv6], Tor v2/v3 onion and DNS names, each with a port, read into the one
// address type (codec::NetAddress, core/codec/lnd_net_address.hpp).
#pragma once

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

inline constexpr std::uint16_t k_default_tower_port = 9911;
// lnd's peer port, for a peer address given without one.
inline constexpr std::uint16_t k_default_peer_port = 9735;

}  // namespace lnstore::codec
