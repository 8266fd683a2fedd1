#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "core/backup/backup_cipher.hpp"
#include "core/util/hex.hpp"
#include "core/backup/scb_json.hpp"
#include "core/backup/scb_packed.hpp"
#include "tests/unit/scb_reference.hpp"
#include "tests/unit/scb_samples.hpp"

using namespace lnstore;
using namespace lnstore::test;

TEST_SUITE_BEGIN("scb_packed");

namespace {

keys::ExtendedPrivateKey vector_root() {
  auto root = keys::ExtendedPrivateKey::parse(k_scb_vector_root, codec::Network::regtest);
  REQUIRE(root.has_value());
  return *root;
}

util::SecureBytes key_of(const keys::ExtendedPrivateKey& root, codec::Network network) {
  auto key = backup::backup_encryption_key(root, network);
  REQUIRE(key.has_value());
  return *key;
}

// Every version, with and without close-tx data, every address type.
backup::ScbMulti all_versions_multi() {
  backup::ScbMulti m;
  for (std::uint8_t v = 0; v < 8; ++v) {
    m.singles.push_back(make_scb_single(static_cast<backup::ScbVersion>(v), v % 2 == 0, static_cast<std::uint8_t>(v + 1)));
    m.singles.push_back(make_scb_single(static_cast<backup::ScbVersion>(v), v % 2 == 1, static_cast<std::uint8_t>(v + 2)));
  }
  return m;
}

// A root whose m/1017' key starts with 00: lnd's backup key for it differs
// from textbook BIP32 (see test_lnd_key_derivation.cpp).
constexpr const char* k_quirk_seed = "879aa25fda4e2c2c5516b254cfd15ddf";

}  // namespace

TEST_CASE("unpack the published packed Single with the published root key") {
  const util::Bytes packed = scb_hex(k_scb_vector_packed);
  REQUIRE(packed.size() == 702);
  const util::SecureBytes key = key_of(vector_root(), codec::Network::regtest);
  auto plain = backup::backup_decrypt(key.span(), packed);
  REQUIRE(plain.has_value());
  CHECK(util::to_hex(*plain) == k_scb_vector_plaintext);
  auto single = backup::unpack_scb_single(packed, key.span());
  REQUIRE(single.has_value());
  CHECK(backup::scb_chan_point(*single) == "85619671cb1987c80723ed457fd829f6444269a4d228ab580cd8f2176f1d4994:0");
  CHECK(single->version == backup::ScbVersion::tapscript_root);
}

TEST_CASE("wrong key, wrong network or tampering fail authentication") {
  const util::Bytes packed = scb_hex(k_scb_vector_packed);
  const auto expect_auth = [](const Result<backup::ScbSingle>& r) {
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "backup_auth_failed");
    CHECK(r.error().exit == ExitClass::auth);
  };
  // Mainnet coin type gives another key from the same root.
  expect_auth(backup::unpack_scb_single(packed, key_of(vector_root(), codec::Network::mainnet).span()));
  auto other_root = keys::ExtendedPrivateKey::from_seed(util::Bytes(16, 0x55));
  REQUIRE(other_root.has_value());
  expect_auth(backup::unpack_scb_single(packed, key_of(*other_root, codec::Network::regtest).span()));
  const util::SecureBytes key = key_of(vector_root(), codec::Network::regtest);
  for (std::size_t i : {0u, 23u, 24u, 300u, 685u, 701u}) {
    util::Bytes tampered = packed;
    tampered[i] ^= 0x40;
    expect_auth(backup::unpack_scb_single(tampered, key.span()));
  }
  expect_auth(backup::unpack_scb_single(std::span(packed).first(701), key.span()));
  auto too_small = backup::unpack_scb_single(std::span(packed).first(23), key.span());
  REQUIRE_FALSE(too_small.has_value());
  CHECK(too_small.error().code == "bad_backup");
}

TEST_CASE("authentic data that does not decode is malformed, not an auth failure") {
  const util::SecureBytes key = key_of(vector_root(), codec::Network::regtest);
  // The packed Single is not a Multi.
  auto as_multi = backup::unpack_scb_multi(scb_hex(k_scb_vector_packed), key.span());
  REQUIRE_FALSE(as_multi.has_value());
  CHECK(as_multi.error().code == "bad_backup");
  auto garbage = backup::backup_encrypt(key.span(), util::Bytes{0x00, 0x00, 0x00, 0x00, 0x01, 0x00});
  REQUIRE(garbage.has_value());
  auto r = backup::unpack_scb_multi(*garbage, key.span());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "bad_backup");
  CHECK(r.error().exit == ExitClass::malformed);
}

TEST_CASE("pack and unpack round trips; an empty Multi packs to 45 bytes") {
  const util::SecureBytes key = key_of(vector_root(), codec::Network::regtest);
  auto empty = backup::pack_scb_multi(backup::ScbMulti{}, key.span());
  REQUIRE(empty.has_value());
  CHECK(empty->size() == 45);  // lnd's NilMultiSizePacked
  CHECK(backup::unpack_scb_multi(*empty, key.span())->singles.empty());

  const backup::ScbMulti m = all_versions_multi();
  auto packed = backup::pack_scb_multi(m, key.span());
  REQUIRE(packed.has_value());
  CHECK(packed->size() == backup::encode_scb_multi(m)->size() + backup::k_backup_overhead);
  CHECK(*backup::unpack_scb_multi(*packed, key.span()) == m);

  auto single = backup::pack_scb_single(m.singles[5], key.span());
  REQUIRE(single.has_value());
  CHECK(*backup::unpack_scb_single(*single, key.span()) == m.singles[5]);
}

TEST_CASE("Python reads what lnstore wrote, lnstore reads what Python wrote" * doctest::timeout(120)) {
  if (python_reference_skipped()) return;
  const backup::ScbMulti multi = all_versions_multi();
  const util::Bytes multi_plain = *backup::encode_scb_multi(multi);
  const util::Bytes single_plain = *backup::encode_scb_single(multi.singles[13]);

  struct Root {
    std::string reference;  // how the Python side names it
    keys::ExtendedPrivateKey key;
    codec::Network network;
  };
  auto quirk_root = keys::ExtendedPrivateKey::from_seed(*util::from_hex(k_quirk_seed, "seed"));
  REQUIRE(quirk_root.has_value());
  const Root roots[] = {
      {k_scb_vector_root, vector_root(), codec::Network::regtest},
      {std::string("seed:") + k_quirk_seed, *quirk_root, codec::Network::regtest},
      {std::string("seed:") + k_quirk_seed, *quirk_root, codec::Network::mainnet},
      {quirk_root->to_base58(codec::Network::mainnet), *quirk_root, codec::Network::mainnet},
  };

  nlohmann::json requests = nlohmann::json::array();
  std::vector<std::function<void(const nlohmann::json&)>> checks;
  const util::Bytes nonce = *util::from_hex("000102030405060708090a0b0c0d0e0f1011121314151617", "nonce");
  for (const Root& root : roots) {
    const util::SecureBytes key = key_of(root.key, root.network);
    const std::string network(codec::network_name(root.network));
    // 1. Python derives the same symmetric key.
    requests.push_back({{"op", "key"}, {"root", root.reference}, {"network", network}});
    checks.push_back([k = util::to_hex(key.span())](const nlohmann::json& r) { CHECK(r == k); });
    // 2. Python decrypts and parses lnstore's packed Multi and Single.
    const util::Bytes packed_multi = *backup::pack_scb_multi(multi, key.span());
    requests.push_back({{"op", "decrypt"}, {"root", root.reference}, {"network", network}, {"blob", util::to_hex(packed_multi)}});
    checks.push_back([p = util::to_hex(multi_plain)](const nlohmann::json& r) { CHECK(r == p); });
    requests.push_back({{"op", "parse-multi"}, {"plaintext", util::to_hex(multi_plain)}});
    checks.push_back([j = nlohmann::json(to_json(multi))](const nlohmann::json& r) {
      CHECK(r == j);
      if (r != j) MESSAGE(nlohmann::json::diff(j, r).dump(2));
    });
    const util::Bytes packed_single = *backup::pack_scb_single(multi.singles[13], key.span());
    requests.push_back({{"op", "decrypt"}, {"root", root.reference}, {"network", network}, {"blob", util::to_hex(packed_single)}});
    checks.push_back([p = util::to_hex(single_plain)](const nlohmann::json& r) { CHECK(r == p); });
    // 3. lnstore decrypts what Python encrypted (the Multi, and lnd's own vector plaintext).
    requests.push_back({{"op", "encrypt"}, {"root", root.reference}, {"network", network},
                        {"plaintext", util::to_hex(multi_plain)}, {"nonce", util::to_hex(nonce)}});
    checks.push_back([key, multi](const nlohmann::json& r) {
      auto back = backup::unpack_scb_multi(*util::from_hex(r.get<std::string>(), "python"), key.span());
      REQUIRE(back.has_value());
      CHECK(*back == multi);
    });
    requests.push_back({{"op", "encrypt"}, {"root", root.reference}, {"network", network},
                        {"plaintext", k_scb_vector_plaintext}, {"nonce", util::to_hex(nonce)}});
    checks.push_back([key](const nlohmann::json& r) {
      const util::Bytes blob = *util::from_hex(r.get<std::string>(), "python");
      auto back = backup::unpack_scb_single(blob, key.span());
      REQUIRE(back.has_value());
      CHECK(backup::scb_chan_point(*back) == "85619671cb1987c80723ed457fd829f6444269a4d228ab580cd8f2176f1d4994:0");
      // Same nonce and key: lnstore's own encryption is byte-identical.
      CHECK(*backup::backup_encrypt_with_nonce(key.span(), std::span(blob).first(24), scb_hex(k_scb_vector_plaintext)) == blob);
    });
  }
  // Python's independent parser agrees with to_json on the lnd vector too.
  requests.push_back({{"op", "parse-single"}, {"plaintext", k_scb_vector_plaintext}});
  checks.push_back([](const nlohmann::json& r) { CHECK(r == nlohmann::json(to_json(*backup::decode_scb_single(scb_hex(k_scb_vector_plaintext))))); });
  // And Python decrypts the published blob with its own key derivation.
  requests.push_back({{"op", "decrypt"}, {"root", k_scb_vector_root}, {"network", "regtest"}, {"blob", k_scb_vector_packed}});
  checks.push_back([](const nlohmann::json& r) { CHECK(r == k_scb_vector_plaintext); });

  const auto results = run_scb_reference(requests);
  REQUIRE(results.size() == requests.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    CAPTURE(i);
    CAPTURE(requests[i]["op"].get<std::string>());
    INFO(results[i].dump().substr(0, 500));
    REQUIRE(results[i]["ok"] == true);
    checks[i](results[i]["result"]);
  }
}

TEST_SUITE_END();
