// AEZ v5 (Hoang, Krovetz, Rogaway), the authenticated cipher under lnd's
// aezeed mnemonic (spec/aezeed.md section 8). aezeed only reaches AEZ-tiny;
// AEZ-core and AEZ-prf are here so the generic published vectors run.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::crypto {

inline constexpr std::size_t k_aez_block_size = 16;
inline constexpr std::size_t k_aez_extracted_key_size = 48;

using AezBlock = std::array<std::uint8_t, k_aez_block_size>;
// A list of byte strings, e.g. the associated data (or nonce and associated
// data for aez_hash).
using AezStrings = std::span<const std::span<const std::uint8_t>>;

// The subkeys (I, J, L) of AEZ's Extract, wiped on destruction.
class AezKey {
 public:
  // Extract(K): K itself when it is exactly 48 bytes, else unkeyed BLAKE2b
  // with a 48-byte digest of K. Any length (including 0) is accepted.
  explicit AezKey(std::span<const std::uint8_t> key);
  ~AezKey();
  AezKey(const AezKey&) = default;
  AezKey& operator=(const AezKey&) = default;

  std::span<const std::uint8_t, k_aez_block_size> i() const { return std::span(m_ijl).subspan<0, 16>(); }
  std::span<const std::uint8_t, k_aez_block_size> j() const { return std::span(m_ijl).subspan<16, 16>(); }
  std::span<const std::uint8_t, k_aez_block_size> l() const { return std::span(m_ijl).subspan<32, 16>(); }

 private:
  std::array<std::uint8_t, k_aez_extracted_key_size> m_ijl{};
};

// AEZ-hash: Delta for a tag length of `tau_bits` bits over the tweak strings
// (nonce first, then each associated-data string; each string is hashed,
// including empty ones). Total function.
[[nodiscard]] AezBlock aez_hash(const AezKey& key, std::uint64_t tau_bits, AezStrings nonce_and_ad);

// AEZ-prf: the first `tau` bytes of E^{-1,3}(Delta ^ [0]) || E^{-1,3}(Delta ^ [1]) ...
[[nodiscard]] util::Bytes aez_prf(const AezKey& key, std::span<const std::uint8_t, k_aez_block_size> delta,
                            std::size_t tau);

// Encrypt(K, N, A, tau, M): |M| + tau bytes of ciphertext (AEZ-prf when M is
// empty, AEZ-tiny when |M| + tau < 32, else AEZ-core). `key` is any length
// (see AezKey). Total function.
[[nodiscard]] util::Bytes aez_encrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                                AezStrings associated_data, std::size_t tau,
                                std::span<const std::uint8_t> plaintext);

// Decrypt: the |C| - tau bytes of plaintext, in a buffer wiped on
// destruction. Fails with malformed "aez_ciphertext_too_short" when |C| <
// tau, and with auth "aez_authentication_failed" when the deciphered
// redundancy (the last tau bytes) is not all zero (checked in constant time);
// nothing is returned on failure and intermediate plaintext is wiped.
[[nodiscard]] Result<util::SecureBytes> aez_decrypt(std::span<const std::uint8_t> key, std::span<const std::uint8_t> nonce,
                                              AezStrings associated_data, std::size_t tau,
                                              std::span<const std::uint8_t> ciphertext);

}  // namespace lnstore::crypto
