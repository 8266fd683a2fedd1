#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "core/backup_cipher.hpp"
#include "core/hex.hpp"
#include "core/scb_json.hpp"
#include "core/scb_packed.hpp"
#include "tests/unit/scb_reference.hpp"
#include "tests/unit/scb_samples.hpp"

using namespace lnstore;
using namespace lnstore::test;

TEST_SUITE_BEGIN("scb_packed");

namespace {

ExtendedPrivateKey vector_root() {
  auto root = ExtendedPrivateKey::parse(k_scb_vector_root, Network::regtest);
  REQUIRE(root.has_value());
  return *root;
}

SecureBytes key_of(const ExtendedPrivateKey& root, Network network) {
  auto key = backup_encryption_key(root, network);
  REQUIRE(key.has_value());
  return *key;
}

// Every version, with and without close-tx data, every address type.
ScbMulti all_versions_multi() {
  ScbMulti m;
  for (std::uint8_t v = 0; v < 8; ++v) {
    m.singles.push_back(make_scb_single(static_cast<ScbVersion>(v), v % 2 == 0, static_cast<std::uint8_t>(v + 1)));
    m.singles.push_back(make_scb_single(static_cast<ScbVersion>(v), v % 2 == 1, static_cast<std::uint8_t>(v + 2)));
  }
  return m;
}

// A root whose m/1017' key starts with 00: lnd's backup key for it differs
// from textbook BIP32 (see test_lnd_key_derivation.cpp).
constexpr const char* k_quirk_seed = "879aa25fda4e2c2c5516b254cfd15ddf";

}  // namespace

TEST_CASE("unpack the published packed Single with the published root key") {
  const Bytes packed = scb_hex(k_scb_vector_packed);
  REQUIRE(packed.size() == 702);
  const SecureBytes key = key_of(vector_root(), Network::regtest);
  auto plain = backup_decrypt(key.span(), packed);
  REQUIRE(plain.has_value());
  CHECK(to_hex(*plain) == k_scb_vector_plaintext);
  auto single = unpack_scb_single(packed, key.span());
  REQUIRE(single.has_value());
  CHECK(scb_chan_point(*single) == "85619671cb1987c80723ed457fd829f6444269a4d228ab580cd8f2176f1d4994:0");
  CHECK(single->version == ScbVersion::tapscript_root);
}

TEST_CASE("wrong key, wrong network or tampering fail authentication") {
  const Bytes packed = scb_hex(k_scb_vector_packed);
  const auto expect_auth = [](const Result<ScbSingle>& r) {
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "backup_auth_failed");
    CHECK(r.error().exit == ExitClass::auth);
  };
  // Mainnet coin type gives another key from the same root.
  expect_auth(unpack_scb_single(packed, key_of(vector_root(), Network::mainnet).span()));
  auto other_root = ExtendedPrivateKey::from_seed(Bytes(16, 0x55));
  REQUIRE(other_root.has_value());
  expect_auth(unpack_scb_single(packed, key_of(*other_root, Network::regtest).span()));
  const SecureBytes key = key_of(vector_root(), Network::regtest);
  for (std::size_t i : {0u, 23u, 24u, 300u, 685u, 701u}) {
    Bytes tampered = packed;
    tampered[i] ^= 0x40;
    expect_auth(unpack_scb_single(tampered, key.span()));
  }
  expect_auth(unpack_scb_single(std::span(packed).first(701), key.span()));
  auto too_small = unpack_scb_single(std::span(packed).first(23), key.span());
  REQUIRE_FALSE(too_small.has_value());
  CHECK(too_small.error().code == "bad_backup");
}

TEST_CASE("authentic data that does not decode is malformed, not an auth failure") {
  const SecureBytes key = key_of(vector_root(), Network::regtest);
  // The packed Single is not a Multi.
  auto as_multi = unpack_scb_multi(scb_hex(k_scb_vector_packed), key.span());
  REQUIRE_FALSE(as_multi.has_value());
  CHECK(as_multi.error().code == "bad_backup");
  auto garbage = backup_encrypt(key.span(), Bytes{0x00, 0x00, 0x00, 0x00, 0x01, 0x00});
  REQUIRE(garbage.has_value());
  auto r = unpack_scb_multi(*garbage, key.span());
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "bad_backup");
  CHECK(r.error().exit == ExitClass::malformed);
}

TEST_CASE("pack and unpack round trips; an empty Multi packs to 45 bytes") {
  const SecureBytes key = key_of(vector_root(), Network::regtest);
  auto empty = pack_scb_multi(ScbMulti{}, key.span());
  REQUIRE(empty.has_value());
  CHECK(empty->size() == 45);  // lnd's NilMultiSizePacked
  CHECK(unpack_scb_multi(*empty, key.span())->singles.empty());

  const ScbMulti m = all_versions_multi();
  auto packed = pack_scb_multi(m, key.span());
  REQUIRE(packed.has_value());
  CHECK(packed->size() == encode_scb_multi(m)->size() + k_backup_overhead);
  CHECK(*unpack_scb_multi(*packed, key.span()) == m);

  auto single = pack_scb_single(m.singles[5], key.span());
  REQUIRE(single.has_value());
  CHECK(*unpack_scb_single(*single, key.span()) == m.singles[5]);
}

TEST_CASE("Python reads what lnstore wrote, lnstore reads what Python wrote" * doctest::timeout(120)) {
  if (python_reference_skipped()) return;
  const ScbMulti multi = all_versions_multi();
  const Bytes multi_plain = *encode_scb_multi(multi);
  const Bytes single_plain = *encode_scb_single(multi.singles[13]);

  struct Root {
    std::string reference;  // how the Python side names it
    ExtendedPrivateKey key;
    Network network;
  };
  auto quirk_root = ExtendedPrivateKey::from_seed(*from_hex(k_quirk_seed, "seed"));
  REQUIRE(quirk_root.has_value());
  const Root roots[] = {
      {k_scb_vector_root, vector_root(), Network::regtest},
      {std::string("seed:") + k_quirk_seed, *quirk_root, Network::regtest},
      {std::string("seed:") + k_quirk_seed, *quirk_root, Network::mainnet},
      {quirk_root->to_base58(Network::mainnet), *quirk_root, Network::mainnet},
  };

  nlohmann::json requests = nlohmann::json::array();
  std::vector<std::function<void(const nlohmann::json&)>> checks;
  const Bytes nonce = *from_hex("000102030405060708090a0b0c0d0e0f1011121314151617", "nonce");
  for (const Root& root : roots) {
    const SecureBytes key = key_of(root.key, root.network);
    const std::string network(network_name(root.network));
    // 1. Python derives the same symmetric key.
    requests.push_back({{"op", "key"}, {"root", root.reference}, {"network", network}});
    checks.push_back([k = to_hex(key.span())](const nlohmann::json& r) { CHECK(r == k); });
    // 2. Python decrypts and parses lnstore's packed Multi and Single.
    const Bytes packed_multi = *pack_scb_multi(multi, key.span());
    requests.push_back({{"op", "decrypt"}, {"root", root.reference}, {"network", network}, {"blob", to_hex(packed_multi)}});
    checks.push_back([p = to_hex(multi_plain)](const nlohmann::json& r) { CHECK(r == p); });
    requests.push_back({{"op", "parse-multi"}, {"plaintext", to_hex(multi_plain)}});
    checks.push_back([j = nlohmann::json(to_json(multi))](const nlohmann::json& r) {
      CHECK(r == j);
      if (r != j) MESSAGE(nlohmann::json::diff(j, r).dump(2));
    });
    const Bytes packed_single = *pack_scb_single(multi.singles[13], key.span());
    requests.push_back({{"op", "decrypt"}, {"root", root.reference}, {"network", network}, {"blob", to_hex(packed_single)}});
    checks.push_back([p = to_hex(single_plain)](const nlohmann::json& r) { CHECK(r == p); });
    // 3. lnstore decrypts what Python encrypted (the Multi, and lnd's own vector plaintext).
    requests.push_back({{"op", "encrypt"}, {"root", root.reference}, {"network", network},
                        {"plaintext", to_hex(multi_plain)}, {"nonce", to_hex(nonce)}});
    checks.push_back([key, multi](const nlohmann::json& r) {
      auto back = unpack_scb_multi(*from_hex(r.get<std::string>(), "python"), key.span());
      REQUIRE(back.has_value());
      CHECK(*back == multi);
    });
    requests.push_back({{"op", "encrypt"}, {"root", root.reference}, {"network", network},
                        {"plaintext", k_scb_vector_plaintext}, {"nonce", to_hex(nonce)}});
    checks.push_back([key](const nlohmann::json& r) {
      const Bytes blob = *from_hex(r.get<std::string>(), "python");
      auto back = unpack_scb_single(blob, key.span());
      REQUIRE(back.has_value());
      CHECK(scb_chan_point(*back) == "85619671cb1987c80723ed457fd829f6444269a4d228ab580cd8f2176f1d4994:0");
      // Same nonce and key: lnstore's own encryption is byte-identical.
      CHECK(*backup_encrypt_with_nonce(key.span(), std::span(blob).first(24), scb_hex(k_scb_vector_plaintext)) == blob);
    });
  }
  // Python's independent parser agrees with to_json on the lnd vector too.
  requests.push_back({{"op", "parse-single"}, {"plaintext", k_scb_vector_plaintext}});
  checks.push_back([](const nlohmann::json& r) { CHECK(r == nlohmann::json(to_json(*decode_scb_single(scb_hex(k_scb_vector_plaintext))))); });
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
