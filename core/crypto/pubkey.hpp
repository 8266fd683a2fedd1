// Public keys: 33-byte compressed secp256k1 points, validated on the curve.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::crypto {

using PubKey = std::array<std::uint8_t, 33>;

// True when `bytes` is a 33-byte compressed encoding of a point on secp256k1.
bool is_valid_pubkey(std::span<const std::uint8_t> bytes);

// Parses hex into a compressed public key. Fails with malformed "bad_hex" or
// "bad_length" for bad hex, and "invalid_pubkey" (naming `what`) when the
// bytes are not a compressed point on the curve.
[[nodiscard]] Result<PubKey> parse_pubkey(std::string_view hex, std::string_view what);

}  // namespace lnstore::crypto
