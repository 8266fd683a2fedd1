// Network: the bitcoin network lnstore works on, and what follows from it
// for lnd's state: the genesis hash stored in backups, the BIP44-style coin
// type of lnd's key paths and the BIP32 extended-key version bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/util/error.hpp"

namespace lnstore::codec {

enum class Network { mainnet, testnet, testnet4, signet, regtest, simnet };

// Every network, in declaration order (for iteration in tests and help texts).
inline constexpr std::array<Network, 6> k_all_networks{Network::mainnet, Network::testnet, Network::testnet4,
                                                        Network::signet,  Network::regtest, Network::simnet};

// Parses lnd's network name: mainnet, testnet (alias testnet3), testnet4,
// signet, regtest, simnet; exact lowercase match. Fails with exit usage,
// code "bad_network" naming the accepted names.
[[nodiscard]] Result<Network> parse_network(std::string_view name);

// The canonical name ("testnet" for testnet3), the inverse of parse_network.
std::string_view network_name(Network network);

// lnd's coin type (chainreg/chainparams.go): 0 on mainnet, 1 on every test network.
std::uint32_t coin_type(Network network);

// The genesis block hash in internal byte order (the raw chainhash.Hash bytes
// lnd writes in a backup), i.e. the reverse of the usual display hex.
std::array<std::uint8_t, 32> chain_hash(Network network);

// The network whose genesis hash (internal byte order) this is, if any.
std::optional<Network> network_from_chain_hash(std::span<const std::uint8_t> hash);

// BIP32 serialization versions: xprv/xpub on mainnet, tprv/tpub on every test
// network (lnd and chantools use tprv for regtest, signet and simnet too).
std::uint32_t extended_private_version(Network network);
std::uint32_t extended_public_version(Network network);

}  // namespace lnstore::codec
