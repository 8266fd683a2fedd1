#include <doctest/doctest.h>

#include "core/crypto/signature.hpp"
#include "core/util/hex.hpp"

using namespace lnstore;

namespace {
util::Bytes hex(const char* text) { return util::from_hex(text, "test").value(); }
}  // namespace

TEST_CASE("DER signatures") {
  // The signature of the first bitcoin payment (block 170), without its sighash byte.
  const util::Bytes sig = hex(
      "304402204e45e16932b8af514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d"
      "831cc56cbbac4622082221a8768d1d09");
  CHECK(crypto::is_valid_der_signature(sig));
  CHECK(crypto::is_valid_der_signature(hex("3006020101020101")));  // r = s = 1

  CHECK_FALSE(crypto::is_valid_der_signature(util::Bytes{}));
  util::Bytes truncated(sig.begin(), sig.end() - 1);
  CHECK_FALSE(crypto::is_valid_der_signature(truncated));
  util::Bytes with_sighash = sig;
  with_sighash.push_back(0x01);
  CHECK_FALSE(crypto::is_valid_der_signature(with_sighash));  // trailing byte
  util::Bytes wrong_tag = sig;
  wrong_tag[0] = 0x31;
  CHECK_FALSE(crypto::is_valid_der_signature(wrong_tag));
  CHECK_FALSE(crypto::is_valid_der_signature(util::Bytes(98, 0x11)));  // a taproot partial signature is not DER
}
