// Base58 and Base58Check (Bitcoin alphabet), as used by BIP32 extended keys.
// Decoded bytes come back in a SecureBytes because the main payload here is
// an extended private key; intermediate buffers are wiped too.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::codec {

// Base58 text of `bytes` (each leading zero byte becomes a '1').
std::string base58_encode(std::span<const std::uint8_t> bytes);

// Decodes Base58 text. Fails with malformed "bad_base58" (naming the first
// offending position) on any character outside the alphabet, including
// whitespace. Empty text decodes to no bytes.
[[nodiscard]] Result<util::SecureBytes> base58_decode(std::string_view text);

// Base58 of payload || first 4 bytes of SHA256(SHA256(payload)).
std::string base58check_encode(std::span<const std::uint8_t> payload);

// Decodes Base58Check and returns the payload without its checksum. Fails
// with "bad_base58" on bad characters or text shorter than a checksum, and
// with malformed "bad_checksum" when the checksum does not match.
[[nodiscard]] Result<util::SecureBytes> base58check_decode(std::string_view text);

}  // namespace lnstore::codec
