#include "core/backup_cipher.hpp"

#include <cryptopp/osrng.h>
#include <cryptopp/sha.h>

#include "core/key_locator.hpp"
#include "core/lnd_key_derivation.hpp"
#include "core/xchacha20poly1305.hpp"

namespace lnstore {

Result<SecureBytes> backup_encryption_key(const ExtendedPrivateKey& root, Network network) {
  const PubKey base =
      LNSTORE_TRY(derive_lnd_pubkey(root, network, KeyLocator{k_family_base_encryption, 0}));
  return backup_encryption_key_from_pubkey(base);
}

SecureBytes backup_encryption_key_from_pubkey(const PubKey& base_pubkey) {
  SecureBytes key(CryptoPP::SHA256::DIGESTSIZE);
  CryptoPP::SHA256().CalculateDigest(key.data(), base_pubkey.data(), base_pubkey.size());
  return key;
}

Result<Bytes> backup_encrypt_with_nonce(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                                        std::span<const std::uint8_t> plaintext) {
  // lnd authenticates the nonce as associated data.
  const Bytes sealed = LNSTORE_TRY(xchacha20poly1305_seal(key, nonce, nonce, plaintext));
  Bytes out;
  out.reserve(nonce.size() + sealed.size());
  out.insert(out.end(), nonce.begin(), nonce.end());
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

Result<Bytes> backup_encrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> plaintext) {
  std::uint8_t nonce[k_backup_nonce_size];
  try {
    CryptoPP::OS_GenerateRandomBlock(false, nonce, sizeof nonce);
  } catch (const CryptoPP::Exception& e) {
    return fail(ExitClass::internal, "rng_failure", std::string("cannot read the OS random generator: ") + e.what());
  }
  return backup_encrypt_with_nonce(key, nonce, plaintext);
}

Result<Bytes> backup_decrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> packed) {
  if (packed.size() < k_backup_nonce_size)
    return malformed("bad_backup", "payload size too small, must be at least 24 bytes");
  const auto nonce = packed.first(k_backup_nonce_size);
  auto plain = xchacha20poly1305_open(key, nonce, nonce, packed.subspan(k_backup_nonce_size));
  if (!plain && plain.error().code == "backup_auth_failed")
    return fail(ExitClass::auth, "backup_auth_failed",
                "backup does not decrypt with the key from this root key (wrong seed or network, or the "
                "data was modified): message authentication failed");
  return plain;
}

}  // namespace lnstore
