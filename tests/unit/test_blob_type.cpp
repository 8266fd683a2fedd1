#include <doctest/doctest.h>

#include "core/codec/blob_type.hpp"

using namespace lnstore;

TEST_CASE("blob types by name and number") {
  CHECK(codec::parse_blob_type("legacy").value() == 0x02);
  CHECK(codec::parse_blob_type("anchor").value() == 0x06);
  CHECK(codec::parse_blob_type("reward").value() == 0x03);
  CHECK(codec::parse_blob_type("taproot").value() == 0x0a);
  CHECK(codec::parse_blob_type("taproot-final").value() == 0x1a);
  CHECK(codec::parse_blob_type("2").value() == 0x02);
  CHECK(codec::parse_blob_type("0x1a").value() == 0x1a);
  CHECK(codec::parse_blob_type("26").value() == 0x1a);
  for (const char* bad : {"", "7", "legacy ", "0x", "Legacy", "-2", "65538"}) {
    INFO(bad);
    CHECK(codec::parse_blob_type(bad).error().code == "unsupported_blob_type");
  }
  CHECK(codec::blob_type_name(0x06) == "anchor");
  CHECK(codec::blob_type_name(0x07) == "7");
}
