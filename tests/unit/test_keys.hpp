// Deterministic valid public keys for tests: k*G for small k.
#pragma once

#include <secp256k1.h>

#include <array>
#include <cstdint>
#include <stdexcept>

#include "core/util/hex.hpp"
#include "core/crypto/pubkey.hpp"

namespace lnstore::test {

inline crypto::PubKey point(std::uint32_t k) {
  static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  std::array<std::uint8_t, 32> sk{};
  sk[28] = static_cast<std::uint8_t>(k >> 24);
  sk[29] = static_cast<std::uint8_t>(k >> 16);
  sk[30] = static_cast<std::uint8_t>(k >> 8);
  sk[31] = static_cast<std::uint8_t>(k);
  secp256k1_pubkey pk;
  if (!secp256k1_ec_pubkey_create(ctx, &pk, sk.data())) throw std::runtime_error("bad test key");
  crypto::PubKey out{};
  std::size_t len = out.size();
  secp256k1_ec_pubkey_serialize(ctx, out.data(), &len, &pk, SECP256K1_EC_COMPRESSED);
  return out;
}

inline util::Bytes point_bytes(std::uint32_t k) {
  auto p = point(k);
  return util::Bytes(p.begin(), p.end());
}

}  // namespace lnstore::test
