// secp256k1 secret-key operations for key derivation (BIP32, lnd's channel
// roots): the callers never see libsecp256k1's types.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "core/crypto/pubkey.hpp"
#include "core/util/error.hpp"

namespace lnstore::crypto {

// True iff `key` is 32 bytes in [1, n-1] (n the curve order).
[[nodiscard]] bool is_valid_secret_key(std::span<const std::uint8_t> key);

// The compressed public key of a valid secret key. Fails with exit
// internal: "secp256k1_context" if the signing context is unusable,
// "invalid_secret_key" if `key` is not a valid secret key.
[[nodiscard]] Result<PubKey> pubkey_from_secret(std::span<const std::uint8_t, 32> key);

// key = key + tweak (mod n), in place. False (key unchanged or zeroed, as
// libsecp256k1 leaves it) if the tweak is >= n or the sum is zero: BIP32 then
// says to use the next index.
[[nodiscard]] bool secret_key_tweak_add(std::span<std::uint8_t, 32> key, std::span<const std::uint8_t, 32> tweak);

// The compressed public key of a 32-byte big-endian scalar taken modulo the
// curve order, as btcec.PrivKeyFromBytes does (lnd's legacy shachain root).
// The reduction is branch-free and its copies are wiped, so the secret's
// size does not show in timing. std::nullopt when the scalar is zero mod n.
// Fails with exit internal ("secp256k1_context", "secp256k1_failure") when
// libsecp256k1 fails.
[[nodiscard]] Result<std::optional<PubKey>> pubkey_of_scalar_mod_n(std::span<const std::uint8_t, 32> scalar);

}  // namespace lnstore::crypto
