// Public keys of secret scalars.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "core/crypto/pubkey.hpp"
#include "core/util/error.hpp"

namespace lnstore::crypto {

// The compressed public key of a 32-byte big-endian scalar taken modulo the
// curve order, as btcec.PrivKeyFromBytes does (lnd's legacy shachain root).
// The reduction is branch-free and its copies are wiped, so the secret's
// size does not show in timing. std::nullopt when the scalar is zero mod n.
// Fails with exit internal ("secp256k1_context", "secp256k1_failure") when
// libsecp256k1 fails.
[[nodiscard]] Result<std::optional<PubKey>> pubkey_of_scalar_mod_n(std::span<const std::uint8_t, 32> scalar);

}  // namespace lnstore::crypto
