// XChaCha20-Poly1305 AEAD (draft-irtf-cfrg-xchacha, as Go's
// chacha20poly1305.NewX and libsodium's crypto_aead_xchacha20poly1305_ietf):
// 32-byte key, 24-byte nonce, 16-byte tag appended to the ciphertext.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::crypto {

inline constexpr std::size_t k_xchacha_key_size = 32;
inline constexpr std::size_t k_xchacha_nonce_size = 24;
inline constexpr std::size_t k_xchacha_tag_size = 16;

// Encrypts `plaintext` and authenticates it together with `aad`. Returns
// ciphertext || tag (plaintext size + 16 bytes). Fails with exit internal
// "bad_cipher_parameters" if the key is not 32 or the nonce not 24 bytes, or
// "cipher_failure" if Crypto++ reports an error; nothing is returned then.
[[nodiscard]] Result<util::Bytes> xchacha20poly1305_seal(std::span<const std::uint8_t> key,
                                                   std::span<const std::uint8_t> nonce,
                                                   std::span<const std::uint8_t> aad,
                                                   std::span<const std::uint8_t> plaintext);

// Verifies and decrypts `sealed` = ciphertext || tag. Fails with exit auth,
// code "backup_auth_failed" ("message authentication failed"), when the tag
// does not match (wrong key, wrong nonce or aad, any modified byte) or
// `sealed` is shorter than a tag; no plaintext is released then (the
// partial output is wiped). Key/nonce sizes fail as for seal.
[[nodiscard]] Result<util::Bytes> xchacha20poly1305_open(std::span<const std::uint8_t> key,
                                                   std::span<const std::uint8_t> nonce,
                                                   std::span<const std::uint8_t> aad,
                                                   std::span<const std::uint8_t> sealed);

}  // namespace lnstore::crypto
