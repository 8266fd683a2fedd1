#include <doctest/doctest.h>

#include "core/util/hex.hpp"

using namespace lnstore;

TEST_CASE("hex") {
  CHECK(util::to_hex(util::Bytes{0x00, 0xab, 0xff}) == "00abff");
  CHECK(util::from_hex("00ABff", "x").value() == util::Bytes{0x00, 0xab, 0xff});
  CHECK(util::from_hex("", "x").value().empty());
  CHECK(util::from_hex("abc", "x").error().code == "bad_hex");
  CHECK(util::from_hex("0g", "x").error().code == "bad_hex");
  CHECK(util::from_hex("00", "x", 2).error().code == "bad_length");
  CHECK(util::from_hex("0", "x").error().exit == ExitClass::malformed);
}
