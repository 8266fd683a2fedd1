#include "core/crypto/xchacha20poly1305.hpp"

#include <cryptopp/chachapoly.h>

#include "core/util/secure_bytes.hpp"

namespace lnstore::crypto {

namespace {

Result<void> check_sizes(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce) {
  if (key.size() != k_xchacha_key_size || nonce.size() != k_xchacha_nonce_size)
    return fail(ExitClass::internal, "bad_cipher_parameters",
                "XChaCha20-Poly1305 needs a 32-byte key and a 24-byte nonce");
  return {};
}

// Crypto++ rejects null pointers for empty buffers in some paths.
const std::uint8_t* ptr(std::span<const std::uint8_t> s) {
  static constexpr std::uint8_t k_empty = 0;
  return s.empty() ? &k_empty : s.data();
}

}  // namespace

Result<util::Bytes> xchacha20poly1305_seal(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                                     std::span<const std::uint8_t> aad, std::span<const std::uint8_t> plaintext) {
  LNSTORE_TRY(check_sizes(key, nonce));
  util::Bytes out(plaintext.size() + k_xchacha_tag_size);
  try {
    CryptoPP::XChaCha20Poly1305::Encryption cipher;
    cipher.SetKeyWithIV(key.data(), key.size(), nonce.data(), nonce.size());
    cipher.EncryptAndAuthenticate(out.data(), out.data() + plaintext.size(), k_xchacha_tag_size, nonce.data(),
                                  static_cast<int>(nonce.size()), ptr(aad), aad.size(), ptr(plaintext),
                                  plaintext.size());
  } catch (const CryptoPP::Exception& e) {
    return fail(ExitClass::internal, "cipher_failure", std::string("XChaCha20-Poly1305: ") + e.what());
  }
  return out;
}

Result<util::Bytes> xchacha20poly1305_open(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                                     std::span<const std::uint8_t> aad, std::span<const std::uint8_t> sealed) {
  LNSTORE_TRY(check_sizes(key, nonce));
  if (sealed.size() < k_xchacha_tag_size)
    return fail(ExitClass::auth, "backup_auth_failed", "message authentication failed");
  const std::size_t n = sealed.size() - k_xchacha_tag_size;
  util::Bytes out(n);
  bool verified = false;
  try {
    CryptoPP::XChaCha20Poly1305::Decryption cipher;
    cipher.SetKeyWithIV(key.data(), key.size(), nonce.data(), nonce.size());
    verified = cipher.DecryptAndVerify(out.data(), sealed.data() + n, k_xchacha_tag_size, nonce.data(),
                                       static_cast<int>(nonce.size()), ptr(aad), aad.size(), ptr(sealed), n);
  } catch (const CryptoPP::Exception& e) {
    util::secure_wipe(out.data(), out.size());
    return fail(ExitClass::internal, "cipher_failure", std::string("XChaCha20-Poly1305: ") + e.what());
  }
  if (!verified) {
    util::secure_wipe(out.data(), out.size());
    return fail(ExitClass::auth, "backup_auth_failed", "message authentication failed");
  }
  return out;
}

}  // namespace lnstore::crypto

