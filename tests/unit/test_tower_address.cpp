#include <doctest/doctest.h>

#include "core/codec/tower_address.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("tower_address");

TEST_CASE("accepted forms and their canonical strings") {
  auto s = [](const char* in) { return codec::parse_net_address(in, 9911).value().to_string(); };
  const char* v3 = "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wid.onion:9911";
  // Input (default port 9911), and its canonical string.
  const std::pair<const char*, std::string> cases[] = {
      {"127.0.0.1", "127.0.0.1:9911"},
      {"127.0.0.1:1", "127.0.0.1:1"},
      {"[::1]", "[::1]:9911"},
      {"[2001:DB8:0:0:0:0:0:1]:65535", "[2001:db8::1]:65535"},
      {"Tower.Example.COM:9912", "tower.example.com:9912"},
      {"expyuzz4wqqyqhjn.onion", "expyuzz4wqqyqhjn.onion:9911"},
      {v3, v3},
  };
  for (const auto& [in, canonical] : cases) {
    CAPTURE(in);
    CHECK(s(in) == canonical);
  }
  CHECK(codec::parse_net_address(v3, 0).value().kind == codec::AddressKind::tor_v3);
  CHECK(codec::parse_net_address("[::1]:1", 0).value().kind == codec::AddressKind::ipv6);
}

TEST_CASE("rejected forms") {
  for (const char* bad : {"", ":9911", "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:-1", "1.2.3.4:x", "::1", "[::1",
                          "[zz::1]:9911", "[::1]x", "host:", "-bad.example", "bad-.example", "a..b", "999.1.1.1",
                          "1.2.3", "abc.onion", "2gzyxa5ihm7nsggfxnu52rck2vv4rvmdlkiu3zzui5du4xyclen53wia.onion",
                          "under_score.example", "sp ace.example"}) {
    INFO(bad);
    auto r = codec::parse_net_address(bad, 9911);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == "bad_address");
    CHECK(r.error().exit == ExitClass::malformed);
  }
  CHECK_FALSE(codec::parse_net_address("127.0.0.1", 0));  // a port is required
}

TEST_CASE("the host rules are lnd's: Tor v3 checksum, IPv4-mapped IPv6, NUL") {
  // Right length, base32, version byte 3 ('d' last), wrong checksum: the
  // fuzzer found this accepted when only the last character was checked.
  auto v3 = codec::parse_net_address("euckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", 9911);
  REQUIRE_FALSE(v3);
  CHECK(v3.error().message.find("checksum") != std::string::npos);
  CHECK(codec::parse_net_address("duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion", 9911).has_value());
  // lnd writes an IPv4-mapped IPv6 address as IPv4.
  auto mapped = codec::parse_net_address("[::ffff:1.2.3.4]:9911", 0).value();
  CHECK(mapped.kind == codec::AddressKind::ipv4);
  CHECK(mapped.to_string() == "1.2.3.4:9911");
  // Go's formatting of IPv6: no dotted tail for IPv4-compatible addresses.
  CHECK(codec::parse_net_address("[::1.2.3.4]:1", 0).value().to_string() == "[::102:304]:1");
  using namespace std::string_literals;
  auto nul = codec::parse_net_address("1.2.3.4\0junk"s, 9911);
  REQUIRE_FALSE(nul);
  CHECK(nul.error().code == "bad_address");
}

TEST_CASE("node addresses") {
  const char* g = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
  auto n = codec::parse_node_address(std::string(g) + "@127.0.0.1", 9911).value();
  CHECK(n.address.port == 9911);
  CHECK(codec::parse_node_address(g, 9911).error().code == "bad_address");
  // x = 5 is not on the curve: y^2 = 132 has no root mod p.
  auto off = codec::parse_node_address("020000000000000000000000000000000000000000000000000000000000000005@1.2.3.4", 9911);
  REQUIRE_FALSE(off);
  CHECK(off.error().code == "invalid_pubkey");
}

TEST_SUITE_END();
