// JSON from outside: nesting bounded before parsing, NUL bytes refused.
#include <doctest/doctest.h>

#include <string>

#include "core/util/json_text.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("json_text");

namespace {
std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }
}  // namespace

TEST_CASE("depth counts arrays and objects, not brackets inside strings") {
  CHECK(util::json_depth("1", 64) == 0);
  CHECK(util::json_depth("{\"a\": [1, {\"b\": []}]}", 64) == 4);
  CHECK(util::json_depth("\"[[[[\"", 64) == 0);
  CHECK(util::json_depth("[\"\\\"[[[\", {}]", 64) == 2);  // an escaped quote does not end the string
  CHECK(util::json_depth("[\"\\\\\", [[]]]", 64) == 3);  // an escaped backslash does not escape the quote
  CHECK(util::json_depth(nested(100000), 64) == 65);      // the scan stops past the limit
}

TEST_CASE("parse_json accepts depth 64 and refuses 65 before parsing") {
  auto ok = util::parse_json(nested(util::k_max_json_depth), "input");
  REQUIRE(ok);
  CHECK(ok->is_array());
  for (const std::string& text : {nested(util::k_max_json_depth + 1), nested(100000), std::string(100000, '{')}) {
    auto deep = util::parse_json(text, "line 3");
    REQUIRE_FALSE(deep);
    CHECK(deep.error().code == "json_too_deep");
    CHECK(deep.error().exit == util::ExitClass::malformed);
    CHECK(deep.error().message.starts_with("line 3 "));
  }
}

TEST_CASE("a NUL byte is malformed, never the end of the text") {
  const std::string text("{\"op\": \"a\"}\0{\"op\": \"b\"}", 23);
  auto r = util::parse_json(text, "line 1");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "malformed_json");
  CHECK(r.error().message.find("NUL") != std::string::npos);
  // Escaped in a string it is an ordinary character.
  auto escaped = util::parse_json("{\"a\": \"x\\u0000y\"}", "input");
  REQUIRE(escaped);
  CHECK(escaped->at("a").get<std::string>() == std::string("x\0y", 3));
  auto bad = util::parse_json("{\"a\": ", "input");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "malformed_json");
}

TEST_SUITE_END();
