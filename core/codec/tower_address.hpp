// Network addresses of towers and peers as operators write them:
// IPv4, [IPv6], Tor v2/v3 onion and DNS names, each with a port.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/error.hpp"
#include "core/crypto/pubkey.hpp"

namespace lnstore::codec {

enum class AddressKind { ipv4, ipv6, tor_v2, tor_v3, dns };

struct NetAddress {
  AddressKind kind;
  std::string host;  // canonical: dotted IPv4, compressed IPv6 (no brackets), lowercase onion/DNS
  std::uint16_t port;
  // lnd's string form: "host:port", IPv6 as "[host]:port".
  std::string to_string() const;
};

// Parses "host[:port]". Without a port, `default_port` is used (0 means the
// port is required). Fails with malformed "bad_address" explaining why.
[[nodiscard]] Result<NetAddress> parse_net_address(std::string_view text, std::uint16_t default_port);

struct NodeAddress {
  crypto::PubKey pubkey;
  NetAddress address;
};

// Parses "PUBKEY@HOST[:PORT]" (the pubkey validated on the curve).
[[nodiscard]] Result<NodeAddress> parse_node_address(std::string_view text, std::uint16_t default_port);

inline constexpr std::uint16_t k_default_tower_port = 9911;

}  // namespace lnstore::codec
