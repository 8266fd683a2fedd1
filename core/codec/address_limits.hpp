// Bounds on the addresses lnstore keeps for a node (a channel peer or a
// watchtower), shared by channels and wtclient.
#pragma once

#include <cstddef>

namespace lnstore::codec {

// The most addresses lnstore keeps for one peer or one tower. lnd keeps a
// link node's and a tower's addresses without a bound, but a static channel
// backup stores a peer's addresses behind a u16 byte length: unbounded, a
// few hundred long DNS names would make every backup of that peer's
// channels impossible, and every listing of a tower grow without end. 32
// addresses of the longest kind (a 255-byte DNS name: 259 bytes encoded)
// take 8,288 bytes, far inside the Single's 65,535; a node announcement
// rarely carries more than a handful.
inline constexpr std::size_t k_max_node_addresses = 32;

// The most bytes an encoded address list may take: lnd writes its length as
// a u16 (append_lnd_address_list refuses more, where lnd would wrap it).
inline constexpr std::size_t k_max_address_list_bytes = 0xffff;

}  // namespace lnstore::codec
