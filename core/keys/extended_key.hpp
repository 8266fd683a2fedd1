// ExtendedPrivateKey: a BIP32 extended private key, with the textbook child
// derivation and btcutil's "non-standard" variant that lnd's wallet uses
// (spec/scb-format.md section 5.4).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/crypto/pubkey.hpp"
#include "core/util/error.hpp"
#include "core/codec/network.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::keys {

inline constexpr std::uint32_t k_hardened_key_start = 0x80000000u;

class ExtendedPrivateKey {
 public:
  // The BIP32 master key: HMAC-SHA512(key "Bitcoin seed", seed), left half
  // the private key, right half the chain code. lnd passes the 16-byte aezeed
  // entropy as the seed. Fails with malformed "bad_seed" when the seed is not
  // 16..64 bytes (btcutil's limits) or the left half is not a usable key.
  [[nodiscard]] static Result<ExtendedPrivateKey> from_seed(std::span<const std::uint8_t> seed);

  // Parses a Base58Check xprv/tprv (surrounding ASCII whitespace ignored).
  // The version must be the private version of `network` (xprv on mainnet,
  // tprv on every test network), else malformed "wrong_network" (a private
  // key of the other kind) or "bad_extended_key" (an xpub/tpub, an unknown
  // version, a length other than 78 bytes, a key byte prefix other than 00, a
  // key of 0 or >= the curve order, or depth 0 with a non-zero parent
  // fingerprint or child number). Base58 errors: "bad_base58", "bad_checksum".
  // Any depth is accepted; callers wanting a master key check depth() == 0.
  [[nodiscard]] static Result<ExtendedPrivateKey> parse(std::string_view text, codec::Network network);

  // BIP32 serialization (xprv/tprv for `network`). The text is a secret.
  std::string to_base58(codec::Network network) const;
  // The matching extended public key (xpub/tpub for `network`).
  std::string to_base58_public(codec::Network network) const;

  // Textbook BIP32 private child derivation CKDpriv; index >=
  // k_hardened_key_start is a hardened child. Fails with exit internal code
  // "invalid_child_key" in the (probability ~2^-127) case BIP32 calls invalid,
  // and with "bad_derivation_depth" below depth 255.
  [[nodiscard]] Result<ExtendedPrivateKey> derive_child(std::uint32_t index) const;

  // btcutil's DeriveNonStandard: like derive_child, except that for a
  // hardened child the parent key is used as btcutil holds it in memory,
  // without its leading zero bytes (btcutil_key_length() bytes), copied
  // left-aligned after the 0x00 prefix and followed by zero padding. Equal
  // to derive_child whenever btcutil_key_length() == 32.
  [[nodiscard]] Result<ExtendedPrivateKey> derive_child_nonstandard(std::uint32_t index) const;

  // derive_child along a whole path (indexes already carrying the hardened bit).
  [[nodiscard]] Result<ExtendedPrivateKey> derive_path(std::span<const std::uint32_t> path) const;

  // This key as btcutil holds it after a serialize/parse round trip: the key
  // is full 32 bytes again (btcutil_key_length() == 32).
  ExtendedPrivateKey reloaded() const;

  // Length of the private key in btcutil's in-memory form: 32 for a master
  // or parsed key; for a derived key, 32 minus its leading zero bytes.
  std::size_t btcutil_key_length() const { return m_btcutil_key_length; }

  std::uint8_t depth() const { return m_depth; }
  std::uint32_t child_number() const { return m_child_number; }
  const std::array<std::uint8_t, 4>& parent_fingerprint() const { return m_parent_fingerprint; }
  // The 32-byte private key and chain code; both secrets.
  std::span<const std::uint8_t> private_key() const { return m_private_key.span(); }
  std::span<const std::uint8_t> chain_code() const { return m_chain_code.span(); }
  const crypto::PubKey& public_key() const { return m_public_key; }
  // First 4 bytes of HASH160(public key): the parent fingerprint of children
  // and lnd's / BIP32's "root fingerprint" of a master key.
  std::array<std::uint8_t, 4> fingerprint() const;

 private:
  ExtendedPrivateKey() = default;
  // Fills m_public_key and m_btcutil_key_length from m_private_key.
  [[nodiscard]] static Result<ExtendedPrivateKey> finish(ExtendedPrivateKey key, std::size_t btcutil_key_length);
  [[nodiscard]] Result<ExtendedPrivateKey> derive(std::uint32_t index, bool nonstandard) const;

  util::SecureBytes m_private_key;  // 32 bytes
  util::SecureBytes m_chain_code;   // 32 bytes
  crypto::PubKey m_public_key{};
  std::array<std::uint8_t, 4> m_parent_fingerprint{};
  std::uint32_t m_child_number = 0;
  std::uint8_t m_depth = 0;
  std::size_t m_btcutil_key_length = 32;
};

}  // namespace lnstore::keys
