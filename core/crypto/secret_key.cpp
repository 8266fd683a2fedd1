#include "core/crypto/secret_key.hpp"

#include <secp256k1.h>

#include "core/crypto/secp_context.hpp"

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

}  // namespace lnstore::crypto
