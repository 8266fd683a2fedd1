#include "core/crypto/secret_key.hpp"

#include <secp256k1.h>

#include <array>

#include "core/crypto/secp_context.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::crypto {

bool is_valid_secret_key(std::span<const std::uint8_t> key) {
  return key.size() == 32 && secp256k1_ec_seckey_verify(secp256k1_context_static, key.data()) == 1;
}

Result<PubKey> pubkey_from_secret(std::span<const std::uint8_t, 32> key) {
  const secp256k1_context* ctx = LNSTORE_TRY(secp_context());
  secp256k1_pubkey point;
  if (secp256k1_ec_pubkey_create(ctx, &point, key.data()) != 1)
    return fail(ExitClass::internal, "invalid_secret_key", "the private key is zero or not below the curve order");
  PubKey out{};
  std::size_t length = out.size();
  if (secp256k1_ec_pubkey_serialize(secp256k1_context_static, out.data(), &length, &point, SECP256K1_EC_COMPRESSED) !=
          1 ||
      length != out.size())
    return fail(ExitClass::internal, "secp256k1_context", "cannot serialize a public key");
  return out;
}

bool secret_key_tweak_add(std::span<std::uint8_t, 32> key, std::span<const std::uint8_t, 32> tweak) {
  return secp256k1_ec_seckey_tweak_add(secp256k1_context_static, key.data(), tweak.data()) == 1;
}

namespace {
// The order of the secp256k1 group, big-endian.
constexpr std::array<std::uint8_t, 32> k_curve_order = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
    0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41};
}  // namespace

Result<std::optional<PubKey>> pubkey_of_scalar_mod_n(std::span<const std::uint8_t, 32> scalar) {
  util::SecureBytes key(32);
  util::SecureBytes reduced(32);
  int borrow = 0;
  for (std::size_t i = 32; i-- > 0;) {
    const int d = static_cast<int>(scalar[i]) - static_cast<int>(k_curve_order[i]) - borrow;
    borrow = (d >> 8) & 1;
    reduced[i] = static_cast<std::uint8_t>(d);
  }
  const auto keep_reduced = static_cast<std::uint8_t>(0 - static_cast<unsigned>(1 - borrow));
  for (std::size_t i = 0; i < 32; ++i)
    key[i] = static_cast<std::uint8_t>((reduced[i] & keep_reduced) |
                                       (scalar[i] & static_cast<std::uint8_t>(~keep_reduced)));
  if (!is_valid_secret_key(key.span())) return std::optional<PubKey>{};
  return std::optional<PubKey>(LNSTORE_TRY(pubkey_from_secret(std::span<const std::uint8_t, 32>(key.data(), 32))));
}

}  // namespace lnstore::crypto
