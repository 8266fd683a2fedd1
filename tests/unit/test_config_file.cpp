// The configuration file's syntax: key = value lines over a closed set of keys.
#include <doctest/doctest.h>

#include <array>
#include <string_view>

#include "core/util/config_file.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("config_file");

namespace {
constexpr std::array<std::string_view, 4> k_keys = {"db", "network", "busy-timeout", "no-archive"};

Result<std::vector<util::ConfigEntry>> parse(std::string_view text) {
  return util::parse_config_file(text, "/etc/lnstore.toml", k_keys);
}
}  // namespace

TEST_CASE("key = value lines in order, with comments, sections, quotes and blank lines") {
  auto r = parse("# header\n[lnstore]\n\ndb = \"/var/lib/a b.db\"  # where\n  network=regtest\r\n"
                 "busy_timeout = '10'\nno-archive =\n");
  REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
  REQUIRE(r->size() == 4);
  CHECK((*r)[0].key == "db");
  CHECK((*r)[0].value == "/var/lib/a b.db");
  CHECK((*r)[0].line == 4);
  CHECK((*r)[1].key == "network");
  CHECK((*r)[1].value == "regtest");
  CHECK((*r)[1].line == 5);
  CHECK((*r)[2].key == "busy-timeout");
  CHECK((*r)[2].written == "busy_timeout");
  CHECK((*r)[2].value == "10");
  CHECK((*r)[3].key == "no-archive");
  CHECK((*r)[3].value.empty());
}

TEST_CASE("the first '=' splits; a '#' always starts a comment; one pair of quotes goes") {
  auto r = parse("db = a=b\nnetwork = \"x#y\"\nbusy-timeout = \"\"quoted\"\"\n");
  REQUIRE(r);
  CHECK((*r)[0].value == "a=b");
  CHECK((*r)[1].value == "\"x");
  CHECK((*r)[2].value == "\"quoted\"");
  auto empty = parse("");
  REQUIRE(empty);
  CHECK(empty->empty());
}

TEST_CASE("an unknown key is unknown_field (exit 3), naming the key, file and line") {
  auto r = parse("db = a\nnetwrok = mainnet\n");
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::malformed);
  CHECK(r.error().code == "unknown_field");
  CHECK(r.error().details == nlohmann::ordered_json{{"path", "/etc/lnstore.toml"}, {"line", 2}, {"key", "netwrok"}});
  CHECK(r.error().message == "unknown key 'netwrok' in config file /etc/lnstore.toml (line 2)");
  // --config is not a key of the file.
  CHECK(parse("config = other.toml\n").error().code == "unknown_field");
}

TEST_CASE("a line without '=' is bad_config (exit 2), naming the file and line") {
  auto r = parse("db = a\n\njust words\n");
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::usage);
  CHECK(r.error().code == "bad_config");
  CHECK(r.error().message == "/etc/lnstore.toml:3: expected key = value");
}

TEST_SUITE_END();
