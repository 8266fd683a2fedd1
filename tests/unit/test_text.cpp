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

TEST_CASE("is_valid_utf8 accepts UTF-8 and nothing else") {
  CHECK(util::is_valid_utf8(""));
  CHECK(util::is_valid_utf8("203.0.113.7:9735"));
  CHECK(util::is_valid_utf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"));  // é € 😀
  CHECK_FALSE(util::is_valid_utf8("\xff"));
  CHECK_FALSE(util::is_valid_utf8("ab\x80"));             // a lone continuation byte
  CHECK_FALSE(util::is_valid_utf8("\xc3"));               // truncated
  CHECK_FALSE(util::is_valid_utf8("\xe2\x82"));           // truncated
  CHECK_FALSE(util::is_valid_utf8("\xc0\xaf"));           // overlong
  CHECK_FALSE(util::is_valid_utf8("\xe0\x80\xaf"));       // overlong
  CHECK_FALSE(util::is_valid_utf8("\xed\xa0\x80"));       // a surrogate
  CHECK_FALSE(util::is_valid_utf8("\xf4\x90\x80\x80"));   // above U+10FFFF
  CHECK(util::is_valid_utf8("\xf4\x8f\xbf\xbf"));         // U+10FFFF
  static_assert(util::is_valid_utf8("ok"));
}
