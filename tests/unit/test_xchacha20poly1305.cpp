#include <doctest/doctest.h>

#include <string>

#include "core/util/hex.hpp"
#include "core/crypto/xchacha20poly1305.hpp"
#include "tests/unit/scb_reference.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("xchacha20poly1305");

namespace {

util::Bytes hex(const char* text) { return *util::from_hex(text, "test"); }

// draft-irtf-cfrg-xchacha-03, appendix A.3.1.
const std::string k_plaintext =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
constexpr const char* k_aad = "50515253c0c1c2c3c4c5c6c7";
constexpr const char* k_key = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
constexpr const char* k_nonce = "404142434445464748494a4b4c4d4e4f5051525354555657";
constexpr const char* k_ciphertext =
    "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216"
    "cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13"
    "b52e";
constexpr const char* k_tag = "c0875924c1c7987947deafd8780acf49";

util::Bytes plaintext_bytes() { return util::Bytes(k_plaintext.begin(), k_plaintext.end()); }

}  // namespace

TEST_CASE("draft-irtf-cfrg-xchacha A.3.1 seal") {
  auto sealed = crypto::xchacha20poly1305_seal(hex(k_key), hex(k_nonce), hex(k_aad), plaintext_bytes());
  REQUIRE(sealed.has_value());
  CHECK(util::to_hex(*sealed) == std::string(k_ciphertext) + k_tag);
}

TEST_CASE("draft-irtf-cfrg-xchacha A.3.1 open") {
  auto opened = crypto::xchacha20poly1305_open(hex(k_key), hex(k_nonce), hex(k_aad), hex((std::string(k_ciphertext) + k_tag).c_str()));
  REQUIRE(opened.has_value());
  CHECK(*opened == plaintext_bytes());
}

TEST_CASE("any change fails authentication") {
  const util::Bytes sealed = hex((std::string(k_ciphertext) + k_tag).c_str());
  const auto expect_auth_failure = [](const Result<util::Bytes>& r) {
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "backup_auth_failed");
    CHECK(r.error().exit == ExitClass::auth);
  };
  for (std::size_t i = 0; i < sealed.size(); i += 7) {
    util::Bytes tampered = sealed;
    tampered[i] ^= 0x01;
    expect_auth_failure(crypto::xchacha20poly1305_open(hex(k_key), hex(k_nonce), hex(k_aad), tampered));
  }
  util::Bytes key = hex(k_key);
  key[31] ^= 0x80;
  expect_auth_failure(crypto::xchacha20poly1305_open(key, hex(k_nonce), hex(k_aad), sealed));
  util::Bytes nonce = hex(k_nonce);
  nonce[0] ^= 0x01;  // HChaCha20 part of the nonce
  expect_auth_failure(crypto::xchacha20poly1305_open(hex(k_key), nonce, hex(k_aad), sealed));
  nonce = hex(k_nonce);
  nonce[23] ^= 0x01;  // ChaCha20 part of the nonce
  expect_auth_failure(crypto::xchacha20poly1305_open(hex(k_key), nonce, hex(k_aad), sealed));
  expect_auth_failure(crypto::xchacha20poly1305_open(hex(k_key), hex(k_nonce), util::Bytes{}, sealed));
  expect_auth_failure(crypto::xchacha20poly1305_open(hex(k_key), hex(k_nonce), hex(k_aad), util::Bytes(sealed.begin(), sealed.end() - 1)));
  expect_auth_failure(crypto::xchacha20poly1305_open(hex(k_key), hex(k_nonce), hex(k_aad), util::Bytes(15, 0)));
  expect_auth_failure(crypto::xchacha20poly1305_open(hex(k_key), hex(k_nonce), hex(k_aad), util::Bytes{}));
}

TEST_CASE("empty plaintext and empty aad") {
  auto sealed = crypto::xchacha20poly1305_seal(hex(k_key), hex(k_nonce), util::Bytes{}, util::Bytes{});
  REQUIRE(sealed.has_value());
  CHECK(sealed->size() == crypto::k_xchacha_tag_size);
  auto opened = crypto::xchacha20poly1305_open(hex(k_key), hex(k_nonce), util::Bytes{}, *sealed);
  REQUIRE(opened.has_value());
  CHECK(opened->empty());
}

TEST_CASE("bad key or nonce sizes are internal errors") {
  for (auto [key_size, nonce_size] : {std::pair{31u, 24u}, std::pair{33u, 24u}, std::pair{32u, 12u}, std::pair{32u, 25u}}) {
    auto sealed = crypto::xchacha20poly1305_seal(util::Bytes(key_size, 1), util::Bytes(nonce_size, 2), util::Bytes{}, util::Bytes{1, 2, 3});
    REQUIRE_FALSE(sealed.has_value());
    CHECK(sealed.error().code == "bad_cipher_parameters");
    CHECK(sealed.error().exit == ExitClass::internal);
    auto opened = crypto::xchacha20poly1305_open(util::Bytes(key_size, 1), util::Bytes(nonce_size, 2), util::Bytes{}, util::Bytes(20, 0));
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().code == "bad_cipher_parameters");
  }
}

TEST_CASE("agrees with libsodium (python3-nacl) both ways") {
  if (test::python_reference_skipped()) return;
  nlohmann::json requests = nlohmann::json::array();
  std::vector<util::Bytes> ours;
  for (std::size_t len : {0u, 1u, 15u, 16u, 63u, 64u, 65u, 1000u}) {
    util::Bytes key(32), nonce(24), aad(len % 13), plain(len);
    for (std::size_t i = 0; i < 32; ++i) key[i] = static_cast<std::uint8_t>(i * 7 + len);
    for (std::size_t i = 0; i < 24; ++i) nonce[i] = static_cast<std::uint8_t>(i * 13 + 1 + len);
    for (std::size_t i = 0; i < aad.size(); ++i) aad[i] = static_cast<std::uint8_t>(i + 100);
    for (std::size_t i = 0; i < len; ++i) plain[i] = static_cast<std::uint8_t>(i * 31 + 5);
    auto sealed = crypto::xchacha20poly1305_seal(key, nonce, aad, plain);
    REQUIRE(sealed.has_value());
    ours.push_back(*sealed);
    requests.push_back({{"op", "xchacha-seal"}, {"key", util::to_hex(key)}, {"nonce", util::to_hex(nonce)}, {"aad", util::to_hex(aad)},
                        {"plaintext", util::to_hex(plain)}});
    requests.push_back({{"op", "xchacha-open"}, {"key", util::to_hex(key)}, {"nonce", util::to_hex(nonce)}, {"aad", util::to_hex(aad)},
                        {"sealed", util::to_hex(*sealed)}, {"expect", util::to_hex(plain)}});
  }
  const auto results = test::run_scb_reference(requests);
  REQUIRE(results.size() == requests.size());
  for (std::size_t i = 0; i < results.size(); i += 2) {
    REQUIRE(results[i]["ok"] == true);
    CHECK(results[i]["result"] == util::to_hex(ours[i / 2]));
    REQUIRE(results[i + 1]["ok"] == true);
    CHECK(results[i + 1]["result"] == requests[i + 1]["expect"]);
  }
}

TEST_SUITE_END();
