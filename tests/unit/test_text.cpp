#include <doctest/doctest.h>

#include "core/util/text.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("text");

TEST_CASE("trim removes blanks at both ends only") {
  CHECK(util::trim("  a b\t\r\n") == "a b");
  CHECK(util::trim("\n\tword") == "word");
  CHECK(util::trim("x") == "x");
  CHECK(util::trim(" \t\r\n").empty());
  CHECK(util::trim("").empty());
  CHECK(util::trim("\va\v") == "\va\v");  // only space, tab, CR and LF are blanks
  static_assert(util::trim(" k ") == "k");
}

TEST_CASE("is_blank") {
  CHECK(util::is_blank(""));
  CHECK(util::is_blank(" \t\r\n"));
  CHECK_FALSE(util::is_blank(" {} "));
}

TEST_SUITE_END();
