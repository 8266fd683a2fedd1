#include "core/crypto/signature.hpp"

#include <secp256k1.h>

namespace lnstore::crypto {

bool is_valid_der_signature(std::span<const std::uint8_t> der) {
  // libsecp256k1 aborts on a null input pointer, which an empty span may have.
  if (der.empty()) return false;
  secp256k1_ecdsa_signature parsed;
  // Parsing needs no precomputed tables, so the static context suffices.
  return secp256k1_ecdsa_signature_parse_der(secp256k1_context_static, &parsed, der.data(), der.size()) == 1;
}

}  // namespace lnstore::crypto
