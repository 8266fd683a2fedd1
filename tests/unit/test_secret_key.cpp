#include <doctest/doctest.h>

#include <array>

#include "core/crypto/secret_key.hpp"
#include "core/util/hex.hpp"

using namespace lnstore;

namespace {
std::array<std::uint8_t, 32> scalar(const char* text) {
  auto bytes = util::from_hex(text, "test", 32).value();
  std::array<std::uint8_t, 32> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}
std::string pubkey_hex(const char* text) {
  auto key = crypto::pubkey_of_scalar_mod_n(scalar(text)).value();
  REQUIRE(key.has_value());
  return util::to_hex(*key);
}
constexpr const char* k_g = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
constexpr const char* k_2g = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";
}  // namespace

TEST_CASE("public key of a scalar, reduced mod n") {
  CHECK(pubkey_hex("0000000000000000000000000000000000000000000000000000000000000001") == k_g);
  CHECK(pubkey_hex("0000000000000000000000000000000000000000000000000000000000000002") == k_2g);
  // n + 1 and n + 2 reduce to 1 and 2 (btcec.PrivKeyFromBytes).
  CHECK(pubkey_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364142") == k_g);
  CHECK(pubkey_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364143") == k_2g);
  // n - 1 is -1: G with the other y.
  CHECK(pubkey_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140") ==
        "0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  // Zero and n are zero mod n: no key.
  CHECK_FALSE(crypto::pubkey_of_scalar_mod_n(scalar("0000000000000000000000000000000000000000000000000000000000000000"))
                  .value()
                  .has_value());
  CHECK_FALSE(crypto::pubkey_of_scalar_mod_n(scalar("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"))
                  .value()
                  .has_value());
}

TEST_CASE("secret keys: range, public key and tweak (the generator's own vectors)") {
  std::array<std::uint8_t, 32> one{};
  one[31] = 1;
  std::array<std::uint8_t, 32> zero{};
  std::array<std::uint8_t, 32> n{};  // the curve order: not a secret key
  auto order = util::from_hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", "n").value();
  std::copy(order.begin(), order.end(), n.begin());
  CHECK(crypto::is_valid_secret_key(one));
  CHECK_FALSE(crypto::is_valid_secret_key(zero));
  CHECK_FALSE(crypto::is_valid_secret_key(n));
  CHECK_FALSE(crypto::is_valid_secret_key(std::span<const std::uint8_t>(one.data(), 31)));
  // 1·G is the generator (SEC 2).
  auto g = crypto::pubkey_from_secret(one);
  REQUIRE(g);
  CHECK(util::to_hex(*g) == "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  // 1 + 1 = 2, and 2·G is the published double of G.
  std::array<std::uint8_t, 32> key = one;
  REQUIRE(crypto::secret_key_tweak_add(key, one));
  CHECK(util::to_hex(crypto::pubkey_from_secret(key).value()) ==
        "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5");
  // (n - 1) + 1 = 0: refused, as BIP32 says to skip such an index.
  std::array<std::uint8_t, 32> last = n;
  last[31] -= 1;
  CHECK_FALSE(crypto::secret_key_tweak_add(last, one));
}
