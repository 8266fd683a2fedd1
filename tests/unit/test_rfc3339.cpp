#include <doctest/doctest.h>

#include "core/util/rfc3339.hpp"

using namespace lnstore;

TEST_CASE("RFC 3339 UTC timestamps") {
  CHECK(util::format_rfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(util::format_rfc3339(1231006505) == "2009-01-03T18:15:05Z");  // the genesis block's time
  CHECK(util::is_rfc3339_utc(util::now_rfc3339()));
  CHECK(util::is_rfc3339_utc("2024-02-29T23:59:60Z"));
  CHECK(util::is_rfc3339_utc("2024-02-29T23:59:59.123Z"));
  for (const char* bad : {"", "2024-02-29", "2024-02-29T23:59:59", "2024-02-29T23:59:59+01:00", "2024-13-01T00:00:00Z",
                          "2024-01-01T24:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00Zx"}) {
    INFO(bad);
    CHECK_FALSE(util::is_rfc3339_utc(bad));
  }
}
