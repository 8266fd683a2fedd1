#include <doctest/doctest.h>

#include "core/hex.hpp"

using namespace lnstore;

TEST_CASE("hex") {
  CHECK(to_hex(Bytes{0x00, 0xab, 0xff}) == "00abff");
  CHECK(from_hex("00ABff", "x").value() == Bytes{0x00, 0xab, 0xff});
  CHECK(from_hex("", "x").value().empty());
  CHECK(from_hex("abc", "x").error().code == "bad_hex");
  CHECK(from_hex("0g", "x").error().code == "bad_hex");
  CHECK(from_hex("00", "x", 2).error().code == "bad_length");
  CHECK(from_hex("0", "x").error().exit == ExitClass::malformed);
}
