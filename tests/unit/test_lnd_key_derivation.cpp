#include <doctest/doctest.h>

#include <cryptopp/sha.h>

#include <string>
#include <vector>

#include "core/backup/backup_cipher.hpp"
#include "core/util/hex.hpp"
#include "core/keys/lnd_key_derivation.hpp"
#include "tests/unit/scb_reference.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("lnd_key_derivation");

namespace {

constexpr std::uint32_t H = keys::k_hardened_key_start;

// scb-format.md section 8 (chantools testdata, regtest).
constexpr const char* k_vector_root =
    "tprv8ZgxMBicQKsPf1ujkCE39iYKKmdzD4MgdpKb3EtiJrNCnE2K4GFMtL11adjRsCwA6J1jVKndF6GXpMdSpBGev9cczcjyhrSDVVeEXmwtmCt";

keys::ExtendedPrivateKey seed_root(const std::string& seed_hex) {
  auto root = keys::ExtendedPrivateKey::from_seed(*util::from_hex(seed_hex, "seed"));
  REQUIRE(root.has_value());
  return *root;
}

std::string pubkey_hex(const keys::ExtendedPrivateKey& root, codec::Network network, codec::KeyLocator locator) {
  auto pub = keys::derive_lnd_pubkey(root, network, locator);
  REQUIRE(pub.has_value());
  return util::to_hex(*pub);
}

// The textbook BIP32 result for the same path, to show where lnd differs.
std::string standard_pubkey_hex(const keys::ExtendedPrivateKey& root, codec::Network network, codec::KeyLocator locator) {
  const std::vector<std::uint32_t> path{H + 1017, H + codec::coin_type(network), H + locator.family, 0, locator.index};
  auto key = root.derive_path(path);
  REQUIRE(key.has_value());
  return util::to_hex(key->public_key());
}

std::string test_seed(std::uint32_t counter) {
  const std::string label = "lnstore c++ quirk seed " + std::to_string(counter);
  std::uint8_t digest[32];
  CryptoPP::SHA256().CalculateDigest(digest, reinterpret_cast<const std::uint8_t*>(label.data()), label.size());
  return util::to_hex(std::span<const std::uint8_t>(digest, 16));  // 16 bytes, like aezeed entropy
}

}  // namespace

TEST_CASE("the published SCB key of the chantools vector") {
  auto root = keys::ExtendedPrivateKey::parse(k_vector_root, codec::Network::regtest);
  REQUIRE(root.has_value());
  CHECK(pubkey_hex(*root, codec::Network::regtest, {7, 0}) ==
        "02749d3b53e2982d3b4465045e88f0f342886600fcb280740cf2cfaead44f445e9");
  auto key = backup::backup_encryption_key(*root, codec::Network::regtest);
  REQUIRE(key.has_value());
  CHECK(util::to_hex(key->span()) == "3170ad326b3da5c4d5d83ef85d23025de26352f110b546103fa5113657f71119");
  // Extended key and private key agree with the public key.
  auto ext = keys::derive_lnd_extended_key(*root, codec::Network::regtest, {7, 0});
  REQUIRE(ext.has_value());
  CHECK(ext->depth() == 5);
  CHECK(ext->child_number() == 0);
  auto priv = keys::derive_lnd_private_key(*root, codec::Network::regtest, {7, 0});
  REQUIRE(priv.has_value());
  CHECK(priv->size() == 32);
  CHECK(std::equal(priv->begin(), priv->end(), ext->private_key().begin()));
}

TEST_CASE("key paths") {
  CHECK(keys::lnd_key_path(codec::Network::regtest, {7, 0}) == "m/1017'/1'/7'/0/0");
  CHECK(keys::lnd_key_path(codec::Network::mainnet, {6, 12}) == "m/1017'/0'/6'/0/12");
  CHECK(keys::lnd_key_path(codec::Network::signet, {9999, 3}) == "m/1017'/1'/9999'/0/3");
}

TEST_CASE("key locators must be below 2^31") {
  auto root = keys::ExtendedPrivateKey::parse(k_vector_root, codec::Network::regtest);
  REQUIRE(root.has_value());
  for (codec::KeyLocator bad : {codec::KeyLocator{H, 0}, codec::KeyLocator{0, H}, codec::KeyLocator{0xffffffff, 0xffffffff}}) {
    auto r = keys::derive_lnd_pubkey(*root, codec::Network::regtest, bad);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "bad_key_locator");
    CHECK(r.error().exit == ExitClass::usage);
  }
  CHECK(keys::derive_lnd_pubkey(*root, codec::Network::regtest, {H - 1, H - 1}).has_value());
}

TEST_CASE("without a leading zero the path is textbook BIP32") {
  auto root = keys::ExtendedPrivateKey::parse(k_vector_root, codec::Network::regtest);
  REQUIRE(root.has_value());
  REQUIRE(root->derive_child(H + 1017)->private_key()[0] != 0);
  for (codec::KeyLocator loc : {codec::KeyLocator{0, 0}, codec::KeyLocator{7, 0}, codec::KeyLocator{6, 0}, codec::KeyLocator{9999, 42}})
    CHECK(pubkey_hex(*root, codec::Network::regtest, loc) == standard_pubkey_hex(*root, codec::Network::regtest, loc));
}

// Seeds found by tests/tools/scb_reference.py find-quirk-seeds; expected keys
// computed by its independent model (bip32utils plus the rule of
// scb-format.md section 5.4). The first two have an m/1017' key starting with
// 00 (every family differs from BIP32), the last two an m/1017'/1' key
// starting with 00 (only family 0 differs, on test networks).
TEST_CASE("lnd's non-standard step on seeds that hit it") {
  struct Case {
    const char* seed;
    codec::Network network;
    std::uint32_t family, index;
    const char* pubkey;
    bool differs_from_bip32;
  };
  const Case cases[] = {
      {"879aa25fda4e2c2c5516b254cfd15ddf", codec::Network::regtest, 7, 0, "0277ea88aabd744a06317056394cd6369a13c588d9185b41283a048ddb5ecdd4d0", true},
      {"879aa25fda4e2c2c5516b254cfd15ddf", codec::Network::regtest, 0, 5, "026def99a45851eefe5fd7475a33998a66d54a5008375d95ab4ce098d08157f185", true},
      {"879aa25fda4e2c2c5516b254cfd15ddf", codec::Network::mainnet, 6, 0, "03abb67498ecea1e25ea1f1a4af5a03687cbba82bb563f66480f384e258b4ee133", true},
      {"2eba200195fbfd2e7e3f3c3ad7f5b45d", codec::Network::regtest, 7, 0, "02236d81725437319aa0c078cfe854e90fa57d68bee6c92ca1003c4982f9d83420", true},
      {"2eba200195fbfd2e7e3f3c3ad7f5b45d", codec::Network::regtest, 0, 5, "0308a998196caf68a2661adf3c40271452a2405d32c0df361f53b9e20670397bae", true},
      {"2eba200195fbfd2e7e3f3c3ad7f5b45d", codec::Network::mainnet, 6, 0, "0284bdb58179a7a2ddfe3f84d218c335e512e2eccec762cd32660771d6b072ac54", true},
      {"d7f458eeb1460cd3a91fc794f70dded3", codec::Network::regtest, 7, 0, "03c6760c6a57c66dd874a138f2310bcf9a33af78f589a3f5f483e79ad262939837", false},
      {"d7f458eeb1460cd3a91fc794f70dded3", codec::Network::regtest, 0, 5, "03c2595efa742e41b8ea4e054e8d08fff9ea2701e3642dce575861107b62089765", true},
      {"d7f458eeb1460cd3a91fc794f70dded3", codec::Network::mainnet, 6, 0, "030984bf55b34fc70422d3be1cc95c1509cb5707f71c80dc9682d928ea312bbe94", false},
      {"5d9b2a32d9cb40610de4401292a26e46", codec::Network::regtest, 7, 0, "029108de60542dace3181a9367007e8aa18de37eb146c289c97cfe067a284490f3", false},
      {"5d9b2a32d9cb40610de4401292a26e46", codec::Network::regtest, 0, 5, "0368fe00100207e3f115e55aa93f0fc1eb99fbdb1c16a8ebc11a7e258cc7310c34", true},
      {"5d9b2a32d9cb40610de4401292a26e46", codec::Network::mainnet, 6, 0, "0326aced9785c5aa32122e197b031d33628252f3cb61c2a214d56b522ddb388d60", false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.seed);
    CAPTURE(c.family);
    const keys::ExtendedPrivateKey root = seed_root(c.seed);
    const codec::KeyLocator loc{c.family, c.index};
    CHECK(pubkey_hex(root, c.network, loc) == c.pubkey);
    CHECK((standard_pubkey_hex(root, c.network, loc) != c.pubkey) == c.differs_from_bip32);
  }
  // The seeds do hit the quirk where claimed.
  CHECK(seed_root("879aa25fda4e2c2c5516b254cfd15ddf").derive_child(H + 1017)->private_key()[0] == 0);
  CHECK(seed_root("d7f458eeb1460cd3a91fc794f70dded3").derive_path(std::vector{H + 1017, H + 1})->private_key()[0] == 0);
}

TEST_CASE("seeds searched here agree with the Python model" * doctest::timeout(120)) {
  if (test::python_reference_skipped()) return;
  // Search seeds whose m/1017' key (4 seeds) or regtest m/1017'/1' key (2
  // seeds) starts with 00, plus 3 ordinary seeds.
  std::vector<std::string> purpose_hits, coin_hits, ordinary;
  for (std::uint32_t counter = 0; purpose_hits.size() < 4 || coin_hits.size() < 2 || ordinary.size() < 3; ++counter) {
    REQUIRE(counter < 100000);
    const std::string seed = test_seed(counter);
    const keys::ExtendedPrivateKey root = seed_root(seed);
    const auto purpose = root.derive_child(H + 1017);
    REQUIRE(purpose.has_value());
    const auto coin = purpose->derive_child_nonstandard(H + 1);
    REQUIRE(coin.has_value());
    if (purpose->private_key()[0] == 0) {
      if (purpose_hits.size() < 4) purpose_hits.push_back(seed);
    } else if (coin->private_key()[0] == 0) {
      if (coin_hits.size() < 2) coin_hits.push_back(seed);
    } else if (ordinary.size() < 3) {
      ordinary.push_back(seed);
    }
  }
  nlohmann::json requests = nlohmann::json::array();
  std::vector<std::string> expected_cpp;
  for (const auto* group : {&purpose_hits, &coin_hits, &ordinary}) {
    for (const std::string& seed : *group) {
      const keys::ExtendedPrivateKey root = seed_root(seed);
      for (auto [network, family, index] : {std::tuple{codec::Network::regtest, 0u, 0u}, std::tuple{codec::Network::regtest, 7u, 0u},
                                            std::tuple{codec::Network::regtest, 1u, 9u}, std::tuple{codec::Network::mainnet, 0u, 3u},
                                            std::tuple{codec::Network::mainnet, 7u, 0u}}) {
        requests.push_back({{"op", "derive"},
                            {"root", "seed:" + seed},
                            {"network", std::string(codec::network_name(network))},
                            {"family", family},
                            {"index", index}});
        expected_cpp.push_back(pubkey_hex(root, network, {family, index}));
      }
    }
  }
  // The xprv form of a quirk seed's root must give the same keys.
  const keys::ExtendedPrivateKey quirk_root = seed_root(purpose_hits[0]);
  requests.push_back({{"op", "derive"}, {"root", quirk_root.to_base58(codec::Network::regtest)}, {"network", "regtest"},
                      {"family", 7}, {"index", 0}});
  expected_cpp.push_back(pubkey_hex(quirk_root, codec::Network::regtest, {7, 0}));

  const auto results = test::run_scb_reference(requests);
  REQUIRE(results.size() == requests.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    CAPTURE(requests[i].dump());
    REQUIRE(results[i]["ok"] == true);
    CHECK(results[i]["result"] == expected_cpp[i]);
  }
}

TEST_SUITE_END();
