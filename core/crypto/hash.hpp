// The hash functions, MACs, KDF and random source the other parts use, over
// Crypto++: the one place outside crypto/ that would otherwise see Crypto++.
// Digests of secrets are written into caller-owned buffers (e.g. a
// util::SecureBytes) so no copy outlives the caller's wipe.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

#include "core/util/error.hpp"

namespace lnstore::crypto {

using Digest32 = std::array<std::uint8_t, 32>;
using ByteParts = std::initializer_list<std::span<const std::uint8_t>>;

// SHA-256 of the concatenation of `parts`, into `out`.
void sha256(ByteParts parts, std::span<std::uint8_t, 32> out);
[[nodiscard]] Digest32 sha256(std::span<const std::uint8_t> data);

// SHA-256(SHA-256(parts)): Bitcoin's txid and base58check checksum. The
// intermediate digest is wiped.
[[nodiscard]] Digest32 sha256d(ByteParts parts);

// SHA3-256 (FIPS 202) of the concatenation of `parts` (Tor v3 checksums).
[[nodiscard]] Digest32 sha3_256(ByteParts parts);

// RIPEMD-160(SHA-256(data)): BIP32 key fingerprints.
[[nodiscard]] std::array<std::uint8_t, 20> hash160(std::span<const std::uint8_t> data);

// HMAC-SHA512(key, data) into `out` (BIP32 master and child derivation).
void hmac_sha512(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data,
                 std::span<std::uint8_t, 64> out);

// scrypt (RFC 7914) into `out`. Bad parameters or an allocation failure
// inside Crypto++ are exit internal, code "scrypt_failed"; `out` is then
// zeroed.
[[nodiscard]] Result<void> scrypt(std::span<const std::uint8_t> passphrase, std::span<const std::uint8_t> salt,
                                  std::uint64_t n, std::uint32_t r, std::uint32_t p, std::span<std::uint8_t> out);

// Bytes from the OS CSPRNG. Failure (no entropy source) is exit internal,
// code "rng_failure"; `out` is then zeroed.
[[nodiscard]] Result<void> random_bytes(std::span<std::uint8_t> out);

}  // namespace lnstore::crypto
