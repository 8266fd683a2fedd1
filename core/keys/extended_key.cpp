#include "core/keys/extended_key.hpp"

#include <algorithm>
#include <cctype>

#include "core/crypto/hash.hpp"
#include "core/crypto/secret_key.hpp"

#include "core/codec/base58.hpp"

namespace lnstore::keys {

namespace {

constexpr std::size_t k_serialized_size = 78;

void put_u32_be(std::uint8_t* out, std::uint32_t value) {
  out[0] = static_cast<std::uint8_t>(value >> 24);
  out[1] = static_cast<std::uint8_t>(value >> 16);
  out[2] = static_cast<std::uint8_t>(value >> 8);
  out[3] = static_cast<std::uint8_t>(value);
}

std::uint32_t get_u32_be(const std::uint8_t* in) {
  return std::uint32_t{in[0]} << 24 | std::uint32_t{in[1]} << 16 | std::uint32_t{in[2]} << 8 | in[3];
}

void hmac_sha512(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data, util::SecureBytes& out) {
  crypto::hmac_sha512(key, data, std::span<std::uint8_t, 64>(out.data(), 64));
}

std::size_t significant_length(std::span<const std::uint8_t> key) {
  std::size_t zeros = 0;
  while (zeros < key.size() && key[zeros] == 0) ++zeros;
  return key.size() - zeros;
}

}  // namespace

Result<ExtendedPrivateKey> ExtendedPrivateKey::finish(ExtendedPrivateKey key, std::size_t btcutil_key_length) {
  auto pub = crypto::pubkey_from_secret(std::span<const std::uint8_t, 32>(key.m_private_key.data(), 32));
  if (!pub && pub.error().code == "invalid_secret_key")
    return fail(ExitClass::internal, "invalid_child_key", "private key is not usable");
  if (!pub) return std::unexpected(pub.error());
  std::copy(pub->begin(), pub->end(), key.m_public_key.begin());
  key.m_btcutil_key_length = btcutil_key_length;
  return key;
}

Result<ExtendedPrivateKey> ExtendedPrivateKey::from_seed(std::span<const std::uint8_t> seed) {
  if (seed.size() < 16 || seed.size() > 64)
    return malformed("bad_seed", "a BIP32 seed must be 16 to 64 bytes, got " + std::to_string(seed.size()));
  static constexpr std::uint8_t k_bitcoin_seed[] = {'B', 'i', 't', 'c', 'o', 'i', 'n', ' ', 's', 'e', 'e', 'd'};
  util::SecureBytes digest(64);
  hmac_sha512(k_bitcoin_seed, seed, digest);
  if (!crypto::is_valid_secret_key(digest.span().first(32)))
    return malformed("bad_seed", "the seed gives an unusable master key");
  ExtendedPrivateKey key;
  key.m_private_key = util::SecureBytes(digest.span().first(32));
  key.m_chain_code = util::SecureBytes(digest.span().subspan(32));
  return finish(std::move(key), 32);
}

Result<ExtendedPrivateKey> ExtendedPrivateKey::parse(std::string_view text, codec::Network network) {
  const auto is_space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  const util::SecureBytes raw = LNSTORE_TRY(codec::base58check_decode(text));
  if (raw.size() != k_serialized_size)
    return malformed("bad_extended_key", "an extended key is 78 bytes, got " + std::to_string(raw.size()));

  const std::uint32_t version = get_u32_be(raw.data());
  if (version != codec::extended_private_version(network)) {
    for (codec::Network other : codec::k_all_networks) {
      if (version == codec::extended_public_version(other))
        return malformed("bad_extended_key", "this is an extended public key; the private root key is needed");
    }
    for (codec::Network other : codec::k_all_networks) {
      if (version == codec::extended_private_version(other))
        return fail(ExitClass::malformed, "wrong_network",
                    std::string("the key is a ") + (other == codec::Network::mainnet ? "mainnet (xprv)" : "test network (tprv)") +
                        " key but the network is " + std::string(codec::network_name(network)),
                    {{"network", codec::network_name(network)}});
    }
    return malformed("bad_extended_key", "unknown extended key version");
  }

  ExtendedPrivateKey key;
  key.m_depth = raw[4];
  std::copy(raw.begin() + 5, raw.begin() + 9, key.m_parent_fingerprint.begin());
  key.m_child_number = get_u32_be(raw.data() + 9);
  key.m_chain_code = util::SecureBytes(raw.span().subspan(13, 32));
  if (raw[45] != 0x00) return malformed("bad_extended_key", "private key data must start with 00");
  key.m_private_key = util::SecureBytes(raw.span().subspan(46, 32));
  if (!crypto::is_valid_secret_key(key.m_private_key.span()))
    return malformed("bad_extended_key", "private key is zero or not below the curve order");
  if (key.m_depth == 0 &&
      (key.m_child_number != 0 || std::ranges::any_of(key.m_parent_fingerprint, [](auto b) { return b != 0; })))
    return malformed("bad_extended_key", "a depth-0 key must have zero parent fingerprint and child number");
  return finish(std::move(key), 32);
}

std::string ExtendedPrivateKey::to_base58(codec::Network network) const {
  util::SecureBytes raw(k_serialized_size);
  put_u32_be(raw.data(), codec::extended_private_version(network));
  raw[4] = m_depth;
  std::copy(m_parent_fingerprint.begin(), m_parent_fingerprint.end(), raw.begin() + 5);
  put_u32_be(raw.data() + 9, m_child_number);
  std::copy(m_chain_code.begin(), m_chain_code.end(), raw.begin() + 13);
  raw[45] = 0x00;
  std::copy(m_private_key.begin(), m_private_key.end(), raw.begin() + 46);
  return codec::base58check_encode(raw.span());
}

std::string ExtendedPrivateKey::to_base58_public(codec::Network network) const {
  std::array<std::uint8_t, k_serialized_size> raw{};
  put_u32_be(raw.data(), codec::extended_public_version(network));
  raw[4] = m_depth;
  std::copy(m_parent_fingerprint.begin(), m_parent_fingerprint.end(), raw.begin() + 5);
  put_u32_be(raw.data() + 9, m_child_number);
  std::copy(m_chain_code.begin(), m_chain_code.end(), raw.begin() + 13);
  std::copy(m_public_key.begin(), m_public_key.end(), raw.begin() + 45);
  std::string out = codec::base58check_encode(raw);
  util::secure_wipe(raw.data(), raw.size());  // holds the chain code
  return out;
}

std::array<std::uint8_t, 4> ExtendedPrivateKey::fingerprint() const {
  const auto id = crypto::hash160(m_public_key);
  return {id[0], id[1], id[2], id[3]};
}

Result<ExtendedPrivateKey> ExtendedPrivateKey::derive(std::uint32_t index, bool nonstandard) const {
  if (m_depth == 255) return fail(ExitClass::internal, "bad_derivation_depth", "cannot derive below depth 255");
  util::SecureBytes data(37);
  if (index >= k_hardened_key_start) {
    // data[0] stays 0x00. btcutil's non-standard step copies the short
    // in-memory key to data[1:], leaving zeros after it instead of before.
    const std::size_t skip = nonstandard ? 32 - m_btcutil_key_length : 0;
    std::copy(m_private_key.begin() + skip, m_private_key.end(), data.begin() + 1);
  } else {
    std::copy(m_public_key.begin(), m_public_key.end(), data.begin());
  }
  put_u32_be(data.data() + 33, index);

  util::SecureBytes digest(64);
  hmac_sha512(m_chain_code.span(), data.span(), digest);

  ExtendedPrivateKey child;
  child.m_private_key = m_private_key;
  // child = parent + IL mod n; fails if IL >= n or the sum is zero.
  if (!crypto::secret_key_tweak_add(std::span<std::uint8_t, 32>(child.m_private_key.data(), 32),
                                    std::span<const std::uint8_t, 32>(digest.data(), 32)))
    return fail(ExitClass::internal, "invalid_child_key",
                "BIP32 child " + std::to_string(index) + " is invalid; use the next index");
  child.m_chain_code = util::SecureBytes(digest.span().subspan(32));
  child.m_depth = static_cast<std::uint8_t>(m_depth + 1);
  child.m_parent_fingerprint = fingerprint();
  child.m_child_number = index;
  const std::size_t length = significant_length(child.m_private_key.span());
  return finish(std::move(child), length);
}

Result<ExtendedPrivateKey> ExtendedPrivateKey::derive_child(std::uint32_t index) const { return derive(index, false); }

Result<ExtendedPrivateKey> ExtendedPrivateKey::derive_child_nonstandard(std::uint32_t index) const {
  return derive(index, true);
}

Result<ExtendedPrivateKey> ExtendedPrivateKey::derive_path(std::span<const std::uint32_t> path) const {
  ExtendedPrivateKey key = *this;
  for (std::uint32_t index : path) key = LNSTORE_TRY(key.derive_child(index));
  return key;
}

ExtendedPrivateKey ExtendedPrivateKey::reloaded() const {
  ExtendedPrivateKey copy = *this;
  copy.m_btcutil_key_length = 32;
  return copy;
}

}  // namespace lnstore::keys
