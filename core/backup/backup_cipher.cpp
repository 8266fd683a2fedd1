#include "core/backup/backup_cipher.hpp"

#include "core/crypto/hash.hpp"

#include "core/codec/key_locator.hpp"
#include "core/keys/lnd_key_derivation.hpp"
#include "core/crypto/xchacha20poly1305.hpp"

namespace lnstore::backup {

Result<util::SecureBytes> backup_encryption_key(const keys::ExtendedPrivateKey& root, codec::Network network) {
  const crypto::PubKey base =
      LNSTORE_TRY(keys::derive_lnd_pubkey(root, network, codec::KeyLocator{codec::k_family_base_encryption, 0}));
  return backup_encryption_key_from_pubkey(base);
}

util::SecureBytes backup_encryption_key_from_pubkey(const crypto::PubKey& base_pubkey) {
  util::SecureBytes key(32);
  crypto::sha256({base_pubkey}, std::span<std::uint8_t, 32>(key.data(), 32));
  return key;
}

Result<util::Bytes> backup_encrypt_with_nonce(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                                        std::span<const std::uint8_t> plaintext) {
  // lnd authenticates the nonce as associated data.
  const util::Bytes sealed = LNSTORE_TRY(crypto::xchacha20poly1305_seal(key, nonce, nonce, plaintext));
  util::Bytes out;
  out.reserve(nonce.size() + sealed.size());
  out.insert(out.end(), nonce.begin(), nonce.end());
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

Result<util::Bytes> backup_encrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> plaintext) {
  std::uint8_t nonce[k_backup_nonce_size];
  LNSTORE_TRY(crypto::random_bytes(nonce));
  return backup_encrypt_with_nonce(key, nonce, plaintext);
}

Result<util::Bytes> backup_decrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> packed) {
  if (packed.size() < k_backup_nonce_size)
    return malformed("bad_backup", "payload size too small, must be at least 24 bytes");
  const auto nonce = packed.first(k_backup_nonce_size);
  auto plain = crypto::xchacha20poly1305_open(key, nonce, nonce, packed.subspan(k_backup_nonce_size));
  if (!plain && plain.error().code == "backup_auth_failed")
    return fail(ExitClass::auth, "backup_auth_failed",
                "backup does not decrypt with the key from this root key (wrong seed or network, or the "
                "data was modified): message authentication failed");
  return plain;
}

}  // namespace lnstore::backup
