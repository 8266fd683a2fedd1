#include <doctest/doctest.h>

#include "core/backup/backup_cipher.hpp"
#include "core/util/hex.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("backup_cipher");

namespace {
util::SecureBytes test_key() {
  const util::Bytes k = *util::from_hex("3170ad326b3da5c4d5d83ef85d23025de26352f110b546103fa5113657f71119", "key");
  return util::SecureBytes(k);
}
}  // namespace

TEST_CASE("key from the base public key is SHA-256 of it (scb-format.md section 8)") {
  const auto pub = crypto::parse_pubkey("02749d3b53e2982d3b4465045e88f0f342886600fcb280740cf2cfaead44f445e9", "pub");
  REQUIRE(pub.has_value());
  CHECK(backup::backup_encryption_key_from_pubkey(*pub) == test_key());
}

TEST_CASE("layout: nonce || ciphertext || tag, nonce authenticated") {
  const util::Bytes plain{1, 2, 3, 4, 5};
  const util::Bytes nonce(24, 0x42);
  auto packed = backup::backup_encrypt_with_nonce(test_key().span(), nonce, plain);
  REQUIRE(packed.has_value());
  REQUIRE(packed->size() == plain.size() + backup::k_backup_overhead);
  CHECK(util::Bytes(packed->begin(), packed->begin() + 24) == nonce);
  auto back = backup::backup_decrypt(test_key().span(), *packed);
  REQUIRE(back.has_value());
  CHECK(*back == plain);
  // Changing the nonce breaks authentication: lnd uses it as associated data.
  util::Bytes tampered = *packed;
  tampered[3] ^= 1;
  auto r = backup::backup_decrypt(test_key().span(), tampered);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "backup_auth_failed");
  CHECK(r.error().exit == ExitClass::auth);
}

TEST_CASE("random nonces differ, both decrypt") {
  const util::Bytes plain(100, 7);
  auto a = backup::backup_encrypt(test_key().span(), plain);
  auto b = backup::backup_encrypt(test_key().span(), plain);
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(*a != *b);
  CHECK(util::Bytes(a->begin(), a->begin() + 24) != util::Bytes(b->begin(), b->begin() + 24));
  CHECK(*backup::backup_decrypt(test_key().span(), *a) == plain);
  CHECK(*backup::backup_decrypt(test_key().span(), *b) == plain);
}

TEST_CASE("short or foreign input") {
  for (std::size_t n : {0u, 1u, 23u}) {
    auto r = backup::backup_decrypt(test_key().span(), util::Bytes(n, 0));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "bad_backup");
    CHECK(r.error().exit == ExitClass::malformed);
    CHECK(r.error().message.find("payload size too small") != std::string::npos);
  }
  for (std::size_t n : {24u, 39u, 40u, 100u}) {
    auto r = backup::backup_decrypt(test_key().span(), util::Bytes(n, 0));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "backup_auth_failed");
    CHECK(r.error().exit == ExitClass::auth);
  }
}

TEST_CASE("wrong key fails authentication") {
  auto packed = backup::backup_encrypt(test_key().span(), util::Bytes{9, 9, 9});
  REQUIRE(packed.has_value());
  util::SecureBytes other = test_key();
  other[0] ^= 1;
  auto r = backup::backup_decrypt(other.span(), *packed);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "backup_auth_failed");
}

TEST_SUITE_END();
