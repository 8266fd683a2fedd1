// KeyLocator: lnd's keychain.KeyLocator, naming a key by (family, index)
// under the wallet's m/1017'/coin' scope without holding the key.
#pragma once

#include <cstdint>

namespace lnstore::codec {

struct KeyLocator {
  std::uint32_t family = 0;
  std::uint32_t index = 0;
  bool operator==(const KeyLocator&) const = default;
};

// lnd's key families (keychain/derivation.go) that lnstore uses by number.
inline constexpr std::uint32_t k_family_multisig = 0;
inline constexpr std::uint32_t k_family_revocation_root = 5;
inline constexpr std::uint32_t k_family_node_key = 6;
inline constexpr std::uint32_t k_family_base_encryption = 7;  // the SCB key

}  // namespace lnstore::codec
