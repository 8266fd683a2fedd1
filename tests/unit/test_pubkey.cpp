#include <doctest/doctest.h>

#include "core/crypto/pubkey.hpp"

using namespace lnstore;

TEST_CASE("pubkey validation") {
  CHECK(crypto::parse_pubkey("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", "k"));
  CHECK(crypto::parse_pubkey("0279BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798", "k"));
  // Uncompressed G is a valid point but not the compressed form lnd stores.
  CHECK(crypto::parse_pubkey("0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", "k").error().code == "invalid_pubkey");
  CHECK(crypto::parse_pubkey("020000000000000000000000000000000000000000000000000000000000000005", "k").error().code == "invalid_pubkey");
  CHECK(crypto::parse_pubkey("0279be", "k").error().code == "bad_length");
  CHECK(crypto::parse_pubkey("zz79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", "k").error().code == "bad_hex");
}
