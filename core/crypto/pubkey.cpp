#include "core/crypto/pubkey.hpp"

#include <secp256k1.h>

#include <algorithm>

namespace lnstore::crypto {

bool is_valid_pubkey(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != 33 || (bytes[0] != 0x02 && bytes[0] != 0x03)) return false;
  secp256k1_pubkey key;
  // Parsing needs no precomputed tables, so the static context suffices.
  return secp256k1_ec_pubkey_parse(secp256k1_context_static, &key, bytes.data(), bytes.size()) == 1;
}

Result<PubKey> parse_pubkey(std::string_view hex, std::string_view what) {
  auto bytes = LNSTORE_TRY(util::from_hex(hex, what, 33));
  if (!is_valid_pubkey(bytes))
    return malformed("invalid_pubkey", std::string(what) + ": not a compressed secp256k1 public key on the curve");
  PubKey key;
  std::copy(bytes.begin(), bytes.end(), key.begin());
  return key;
}

}  // namespace lnstore::crypto
