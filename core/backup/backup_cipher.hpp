// lnd's backup encryption (lnencrypt): the symmetric key derived from the
// wallet root key, and the nonce || ciphertext || tag framing
// (spec/scb-format.md section 4).
#pragma once

#include <cstdint>
#include <span>

#include "core/crypto/pubkey.hpp"
#include "core/util/error.hpp"
#include "core/keys/extended_key.hpp"
#include "core/util/hex.hpp"
#include "core/codec/network.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::backup {

inline constexpr std::size_t k_backup_nonce_size = 24;
inline constexpr std::size_t k_backup_overhead = 40;  // nonce 24 + tag 16

// SHA-256 of the compressed public key at m/1017'/coin'/7'/0/0 (family 7,
// index 0) below `root`: lnd's backup (and TLS/onion key) encryption key.
// 32 bytes. Propagates key-derivation failures; nothing is returned then.
[[nodiscard]] Result<util::SecureBytes> backup_encryption_key(const keys::ExtendedPrivateKey& root, codec::Network network);

// Same from the already derived base public key (a watch-only setup has only that).
[[nodiscard]] util::SecureBytes backup_encryption_key_from_pubkey(const crypto::PubKey& base_pubkey);

// nonce || XChaCha20-Poly1305(key, nonce, aad = nonce, plaintext) with 24
// fresh random bytes from the OS CSPRNG as nonce; plaintext + 40 bytes.
// Fails with exit internal on a bad key size or an RNG/cipher failure.
[[nodiscard]] Result<util::Bytes> backup_encrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> plaintext);

// Same with a caller-chosen nonce (tests and reproducible fixtures only:
// reusing a nonce with the same key breaks the encryption).
[[nodiscard]] Result<util::Bytes> backup_encrypt_with_nonce(std::span<const std::uint8_t> key,
                                                      std::span<const std::uint8_t> nonce,
                                                      std::span<const std::uint8_t> plaintext);

// Inverse of backup_encrypt. Fails with malformed "bad_backup" ("payload
// size too small, must be at least 24 bytes") for input shorter than a
// nonce, and with exit auth "backup_auth_failed" when authentication fails
// (wrong root key, tampered bytes, or no room for a tag).
[[nodiscard]] Result<util::Bytes> backup_decrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> packed);

}  // namespace lnstore::backup
