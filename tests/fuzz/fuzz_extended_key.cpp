// libFuzzer target: root key text (`--root-key-file` with an xprv/tprv).
// The input is parsed by ExtendedPrivateKey::parse for every network, and by
// base58_decode / base58check_decode directly. Checked:
//  - errors are malformed "bad_base58", "bad_checksum", "bad_extended_key"
//    or "wrong_network", and print as JSON;
//  - Base58 and Base58Check are bijective on what they accept (decoding then
//    encoding gives the text back);
//  - a key parses on mainnet exactly when it is refused with wrong_network
//    on testnet (xprv versus tprv), and is the same key on every test network;
//  - an accepted key serializes back to the input (whitespace trimmed) and
//    re-parses to the same key; its xpub/tpub and one child derivation work.
// Seeds: tests/fuzz/corpus/extended_key/ (BIP 32 test vectors 1-3, the
// spec/scb-format.md vector tprv, an xpub, a tprv with trailing newline).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/codec/base58.hpp"
#include "core/keys/extended_key.hpp"
#include "core/codec/network.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lnstore;

bool same_key(const keys::ExtendedPrivateKey& a, const keys::ExtendedPrivateKey& b) {
  return a.depth() == b.depth() && a.child_number() == b.child_number() &&
         a.parent_fingerprint() == b.parent_fingerprint() && a.public_key() == b.public_key() &&
         std::equal(a.private_key().begin(), a.private_key().end(), b.private_key().begin(), b.private_key().end()) &&
         std::equal(a.chain_code().begin(), a.chain_code().end(), b.chain_code().begin(), b.chain_code().end());
}

void check_base58(std::string_view text) {
  auto raw = codec::base58_decode(text);
  if (raw) {
    LNSTORE_FUZZ_CHECK(codec::base58_encode(raw->span()) == text);
  } else {
    LNSTORE_FUZZ_CHECK_ERROR(raw.error(), ExitClass::malformed, "bad_base58");
  }
  auto payload = codec::base58check_decode(text);
  if (payload) {
    LNSTORE_FUZZ_CHECK(raw.has_value() && raw->size() == payload->size() + 4);
    LNSTORE_FUZZ_CHECK(codec::base58check_encode(payload->span()) == text);
  } else {
    LNSTORE_FUZZ_CHECK_ERROR(payload.error(), ExitClass::malformed, "bad_base58", "bad_checksum");
  }
}

void check_derivation(const keys::ExtendedPrivateKey& key) {
  auto child = key.derive_child(keys::k_hardened_key_start);
  auto nonstandard = key.derive_child_nonstandard(keys::k_hardened_key_start);
  if (key.depth() == 255) {
    LNSTORE_FUZZ_CHECK(!child && child.error().code == "bad_derivation_depth");
    LNSTORE_FUZZ_CHECK(!nonstandard && nonstandard.error().code == "bad_derivation_depth");
    return;
  }
  // A parsed key is 32 bytes in btcutil's form, so both derivations agree.
  LNSTORE_FUZZ_CHECK(key.btcutil_key_length() == 32);
  LNSTORE_FUZZ_CHECK(child.has_value() && nonstandard.has_value() && same_key(*child, *nonstandard));
  LNSTORE_FUZZ_CHECK(child->depth() == key.depth() + 1 && child->parent_fingerprint() == key.fingerprint());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_base58(text);

  std::optional<keys::ExtendedPrivateKey> test_key;
  for (codec::Network network : codec::k_all_networks) {
    auto key = keys::ExtendedPrivateKey::parse(text, network);
    if (!key) {
      LNSTORE_FUZZ_CHECK_ERROR(key.error(), ExitClass::malformed, "bad_base58", "bad_checksum", "bad_extended_key",
                               "wrong_network");
      continue;
    }
    const std::string serialized = key->to_base58(network);
    LNSTORE_FUZZ_CHECK_MSG(text.find(serialized) != std::string_view::npos, serialized);
    auto again = keys::ExtendedPrivateKey::parse(serialized, network);
    LNSTORE_FUZZ_CHECK(again.has_value() && same_key(*again, *key));
    const std::string pub = key->to_base58_public(network);
    LNSTORE_FUZZ_CHECK(pub.starts_with(network == codec::Network::mainnet ? "xpub" : "tpub"));
    auto as_private = keys::ExtendedPrivateKey::parse(pub, network);
    LNSTORE_FUZZ_CHECK(!as_private && as_private.error().code == "bad_extended_key");
    if (network != codec::Network::mainnet) {
      if (test_key) LNSTORE_FUZZ_CHECK(same_key(*test_key, *key));
      if (!test_key) test_key.emplace(*key);
    }
    if (network == codec::Network::mainnet || network == codec::Network::testnet) check_derivation(*key);
  }
  auto on_mainnet = keys::ExtendedPrivateKey::parse(text, codec::Network::mainnet);
  auto on_testnet = keys::ExtendedPrivateKey::parse(text, codec::Network::testnet);
  if (on_mainnet) LNSTORE_FUZZ_CHECK(!on_testnet && on_testnet.error().code == "wrong_network");
  if (on_testnet) LNSTORE_FUZZ_CHECK(!on_mainnet && on_mainnet.error().code == "wrong_network");
  return 0;
}
