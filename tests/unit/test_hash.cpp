// crypto/hash: published vectors (FIPS 180-2 and FIPS 202 "abc", the
// RIPEMD-160 authors' "abc", RFC 4231 test case 1, RFC 7914 section 12).
#include <doctest/doctest.h>

#include <string_view>

#include "core/crypto/hash.hpp"
#include "core/util/hex.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("hash");

namespace {
std::span<const std::uint8_t> bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}
}  // namespace

TEST_CASE("SHA-256, double SHA-256 and parts") {
  CHECK(util::to_hex(crypto::sha256(bytes("abc"))) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Parts hash as their concatenation.
  crypto::Digest32 parts{};
  crypto::sha256({bytes("a"), bytes("bc")}, parts);
  CHECK(parts == crypto::sha256(bytes("abc")));
  // SHA-256d("abc") = SHA-256 of the digest above.
  CHECK(crypto::sha256d({bytes("ab"), bytes("c")}) == crypto::sha256(crypto::sha256(bytes("abc"))));
  CHECK(util::to_hex(crypto::sha256d({bytes("abc")})) ==
        "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358");
}

TEST_CASE("SHA3-256 and HASH160") {
  CHECK(util::to_hex(crypto::sha3_256({bytes("abc")})) ==
        "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
  CHECK(util::to_hex(crypto::sha3_256({bytes("a"), bytes(""), bytes("bc")})) ==
        "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
  // HASH160 = RIPEMD-160(SHA-256): of the empty string, as Bitcoin tools print it.
  CHECK(util::to_hex(crypto::hash160(bytes(""))) == "b472a266d0bd89c13706a4132ccfb16f7c3b9fcb");
}

TEST_CASE("HMAC-SHA512: RFC 4231 test case 1") {
  const util::Bytes key(20, 0x0b);
  std::array<std::uint8_t, 64> out{};
  crypto::hmac_sha512(key, bytes("Hi There"), out);
  CHECK(util::to_hex(out) ==
        "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
        "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
}

TEST_CASE("scrypt: RFC 7914 vector 2, and refused parameters") {
  util::Bytes out(64);
  REQUIRE(crypto::scrypt(bytes("password"), bytes("NaCl"), 1024, 8, 16, out));
  CHECK(util::to_hex(out) ==
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
        "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");
  util::Bytes bad(32, 0xaa);
  auto r = crypto::scrypt(bytes("x"), bytes("y"), 3, 8, 1, bad);  // N not a power of two
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "scrypt_failed");
  CHECK(bad == util::Bytes(32, 0));  // wiped on failure
}

TEST_CASE("random bytes are not all zero and differ between calls") {
  std::array<std::uint8_t, 32> a{}, b{};
  REQUIRE(crypto::random_bytes(a));
  REQUIRE(crypto::random_bytes(b));
  CHECK(a != b);
}

TEST_SUITE_END();
