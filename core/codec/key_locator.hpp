// KeyLocator: lnd's keychain.KeyLocator, naming a key by (family, index)
// under the wallet's m/1017'/coin' scope without holding the key.
#pragma once

#include <cstdint>
#include <optional>

#include "core/crypto/pubkey.hpp"

namespace lnstore::codec {

struct KeyLocator {
  std::uint32_t family = 0;
  std::uint32_t index = 0;
  bool operator==(const KeyLocator&) const = default;
};

// A key as a channel names it: by locator, by public key, or both. A local
// basepoint has a locator; a legacy shachain root may have only its pubkey.
struct KeyDescriptor {
  std::optional<KeyLocator> locator;
  std::optional<crypto::PubKey> pubkey;
  bool operator==(const KeyDescriptor&) const = default;
};

// lnd's key families (keychain/derivation.go) that lnstore uses by number.
inline constexpr std::uint32_t k_family_multisig = 0;
inline constexpr std::uint32_t k_family_revocation_root = 5;
inline constexpr std::uint32_t k_family_node_key = 6;
inline constexpr std::uint32_t k_family_base_encryption = 7;  // the SCB key

}  // namespace lnstore::codec
