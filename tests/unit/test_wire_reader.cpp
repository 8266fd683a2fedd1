#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "core/util/hex.hpp"
#include "core/codec/wire_reader.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("wire_reader");

namespace {

util::Bytes hex(std::string_view text) { return util::from_hex(text, "test").value(); }

}  // namespace

// BOLT 1, appendix A: BigSize decoding test vectors.
TEST_CASE("BigSize: the BOLT 1 vectors") {
  const std::pair<const char*, std::uint64_t> good[] = {
      {"00", 0},
      {"fc", 252},
      {"fd00fd", 253},
      {"fdffff", 65535},
      {"fe00010000", 65536},
      {"feffffffff", 4294967295ull},
      {"ff0000000100000000", 4294967296ull},
      {"ffffffffffffffffff", 18446744073709551615ull},
  };
  for (auto [text, value] : good) {
    CAPTURE(text);
    const util::Bytes data = hex(text);
    codec::WireReader r(data, "bad_test");
    CHECK(r.bigsize("n").value() == value);
    CHECK(r.at_end());
  }
  // Not minimally encoded, then truncated ("unexpected EOF" in BOLT 1).
  for (const char* text : {"fd00fc", "fe0000ffff", "ff00000000ffffffff", "fd00", "feffff", "ffffffffff", "", "fd",
                           "fe", "ff"}) {
    CAPTURE(text);
    const util::Bytes data = hex(text);
    codec::WireReader r(data, "bad_test");
    auto v = r.bigsize("n");
    REQUIRE_FALSE(v.has_value());
    CHECK(v.error().code == "bad_test");
    CHECK(v.error().exit == ExitClass::malformed);
  }
}

TEST_CASE("var_bytes: CompactSize length, minimal, capped") {
  const util::Bytes data = hex("03aabbcc");
  codec::WireReader r(data, "bad_test");
  CHECK(util::to_hex(r.var_bytes("v", 3).value()) == "aabbcc");
  CHECK(r.finish("v").has_value());

  codec::WireReader capped(data, "bad_test");
  auto over = capped.var_bytes("v", 2);
  REQUIRE_FALSE(over.has_value());
  CHECK(over.error().message.find("exceeds the limit of 2") != std::string::npos);

  const util::Bytes non_minimal = hex("fd0300aabbcc");
  codec::WireReader nm(non_minimal, "bad_test");
  CHECK_FALSE(nm.var_bytes("v", 100).has_value());

  const util::Bytes short_data = hex("04aabbcc");
  codec::WireReader sh(short_data, "bad_test");
  auto cut = sh.var_bytes("v", 100);
  REQUIRE_FALSE(cut.has_value());
  CHECK(cut.error().message.find("truncated") != std::string::npos);
}

TEST_CASE("errors carry the reader's code, exit class, field and offset") {
  const util::Bytes data = hex("0102");
  codec::WireReader r(data, "corrupt_source", "value: ", ExitClass::incompatible);
  CHECK(r.u8("first").value() == 1);
  auto e = r.u32_be("second");
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().code == "corrupt_source");
  CHECK(e.error().exit == ExitClass::incompatible);
  CHECK(e.error().message.starts_with("value: second: truncated"));
  CHECK(e.error().details["field"] == "second");
  CHECK(e.error().details["offset"] == 1);
  // A failed read consumes nothing.
  CHECK(r.remaining() == 1);
  auto trailing = r.finish("record");
  REQUIRE_FALSE(trailing.has_value());
  CHECK(trailing.error().message.find("1 unexpected trailing bytes") != std::string::npos);
  CHECK(util::to_hex(r.owned(1, "rest").value()) == "02");
  CHECK(r.finish("record").has_value());
}

TEST_SUITE_END();
