#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/util/hex.hpp"
#include "core/codec/lnd_net_address.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("lnd_net_address");

namespace {

codec::LndAddress parsed(std::string_view text, std::optional<std::uint16_t> default_port = std::nullopt) {
  auto r = codec::parse_lnd_address(text, default_port);
  INFO(text);
  REQUIRE(r.has_value());
  return *r;
}

util::Bytes encode_list(const std::vector<codec::LndAddress>& list) {
  util::Bytes out;
  REQUIRE(codec::append_lnd_address_list(out, list).has_value());
  return out;
}

Result<std::vector<codec::LndAddress>> decode_list(const util::Bytes& data) {
  codec::WireReader reader(data, "bad_backup");
  return codec::read_lnd_address_list(reader, "addresses");
}

// A real Tor v3 service name (DuckDuckGo's), valid checksum and version 3.
constexpr const char* k_onion_v3 = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion";

}  // namespace

TEST_CASE("parse and print every kind") {
  const std::pair<const char*, const char*> cases[] = {
      {"172.18.0.6:9735", "172.18.0.6:9735"},
      {"[2001:db8::1]:9735", "[2001:db8::1]:9735"},
      {"[2001:0DB8:0000:0000:0000:0000:0000:0001]:1", "[2001:db8::1]:1"},
      {"[::1]:10009", "[::1]:10009"},
      {"[fe80::1:0:0:1]:9735", "[fe80::1:0:0:1]:9735"},      // first longest zero run
      {"[2001:db8:0:1:1:1:1:1]:9735", "[2001:db8:0:1:1:1:1:1]:9735"},  // a single zero group stays
      {"[::ffff:1.2.3.4]:9735", "1.2.3.4:9735"},              // IPv4-mapped becomes IPv4
      {"expyuzz4wqqyqhjn.onion:9735", "expyuzz4wqqyqhjn.onion:9735"},
      {"EXPYUZZ4WQQYQHJN.onion:9735", "expyuzz4wqqyqhjn.onion:9735"},
      {"duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion:9735",
       "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion:9735"},
      {"node.example.com:9735", "node.example.com:9735"},
      {"localhost:65535", "localhost:65535"},
  };
  for (const auto& [input, output] : cases) {
    CAPTURE(input);
    CHECK(to_string(parsed(input)) == output);
  }
  CHECK(parsed("1.2.3.4:1").kind == codec::LndAddressKind::ipv4);
  CHECK(parsed("[::1]:1").kind == codec::LndAddressKind::ipv6);
  CHECK(parsed("[::ffff:1.2.3.4]:1").kind == codec::LndAddressKind::ipv4);
  CHECK(parsed("expyuzz4wqqyqhjn.onion:1").kind == codec::LndAddressKind::tor_v2);
  CHECK(parsed(std::string(k_onion_v3) + ":1").kind == codec::LndAddressKind::tor_v3);
  CHECK(parsed("a.example:1").kind == codec::LndAddressKind::dns);
  CHECK(parsed("1.2.3.4:9735").host == util::Bytes{1, 2, 3, 4});
  CHECK(parsed("1.2.3.4:9735").port == 9735);
}

TEST_CASE("default ports") {
  CHECK(to_string(parsed("1.2.3.4", 9911)) == "1.2.3.4:9911");
  CHECK(to_string(parsed("[::1]", 9911)) == "[::1]:9911");
  CHECK(to_string(parsed("::1", 9911)) == "[::1]:9911");
  CHECK(to_string(parsed(k_onion_v3, 9911)) == std::string(k_onion_v3) + ":9911");
  CHECK(to_string(parsed("1.2.3.4:1", 9911)) == "1.2.3.4:1");
}

TEST_CASE("bad text addresses") {
  for (const char* text : {"", ":9735", "1.2.3.4", "1.2.3.4:", "1.2.3.4:0", "1.2.3.4:65536", "1.2.3.4:+1", "1.2.3.4:-1",
                           "1.2.3.4:97a5", "1.2.3.4:123456", "::1:9735", "[::1", "[::1]9735", "[1.2.3.4]:9735",
                           "[::g]:9735", "1.2.3.256:9735", "1.2.3:9735", "01.2.3.4:9735", "abc.onion:9735",
                           "expyuzz4wqqyqhj1.onion:9735", "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczaa.onion:9735",
                           "-bad.example:1", "bad-.example:1", "a..b:1", "under_score.example:1", "sp ace:1",
                           "1.2.3.4 :9735"}) {
    CAPTURE(text);
    auto r = codec::parse_lnd_address(text);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "bad_address");
    CHECK(r.error().exit == ExitClass::malformed);
  }
  const std::string long_label(64, 'a');
  CHECK_FALSE(codec::parse_lnd_address(long_label + ".example:1").has_value());
  std::string long_name;
  for (int i = 0; i < 52; ++i) long_name += "abcd.";
  long_name += "ab";  // 262 characters
  CHECK_FALSE(codec::parse_lnd_address(long_name + ":1").has_value());
}

TEST_CASE("a Tor v3 name with a wrong checksum but the right version byte") {
  // One pubkey character changed: the name still ends in 'd' (version 3),
  // only the checksum gives it away.
  const std::string bad = "euckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion:9735";
  auto r = codec::parse_lnd_address(bad);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message.find("checksum") != std::string::npos);
  // Stored text (e.g. imported from lnd, which does not check) is taken as is.
  auto stored = codec::parse_lnd_address(bad, std::nullopt, codec::AddressText::stored);
  REQUIRE(stored.has_value());
  CHECK(stored->kind == codec::LndAddressKind::tor_v3);
  CHECK(to_string(*stored) == bad);
}

TEST_CASE("control bytes are refused wherever they are, NUL included") {
  using namespace std::string_literals;
  for (const std::string& text : {"1.2.3.4\0junk:9735"s, "1.2.3.4:9735\0"s, "\x1b[31m.example:1"s, "h\xc3\xa9.example:1"s,
                                 "1.2.3.4\n:9735"s}) {
    CAPTURE(text);
    for (codec::AddressText mode : {codec::AddressText::operator_input, codec::AddressText::stored}) {
      auto r = codec::parse_lnd_address(text, 9735, mode);
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().code == "bad_address");
    }
  }
}

TEST_CASE("stored DNS names: any printable name lnd kept") {
  CHECK_FALSE(codec::parse_lnd_address("under_score.example:1").has_value());
  auto r = codec::parse_lnd_address("under_score.example:1", std::nullopt, codec::AddressText::stored);
  REQUIRE(r.has_value());
  CHECK(r->kind == codec::LndAddressKind::dns);
  CHECK(to_string(*r) == "under_score.example:1");
  CHECK_FALSE(codec::parse_lnd_address(std::string(256, 'a') + ":1", std::nullopt, codec::AddressText::stored).has_value());
}

TEST_CASE("wire encoding of every type (BOLT 7 style descriptors)") {
  const std::vector<codec::LndAddress> list{parsed("172.18.0.6:9735"), parsed("127.0.0.1:9636")};
  // Exactly the address block of the chantools vector (scb-format.md section 8).
  CHECK(util::to_hex(encode_list(list)) == "000e01ac1200062607017f00000125a4");

  CHECK(util::to_hex(encode_list({parsed("[2001:db8::1]:9735")})) == "0013" "02" "20010db8000000000000000000000001" "2607");
  const util::Bytes v2 = encode_list({parsed("expyuzz4wqqyqhjn.onion:9735")});
  REQUIRE(v2.size() == 2 + 13);
  CHECK(v2[2] == 3);
  const util::Bytes v3 = encode_list({parsed(std::string(k_onion_v3) + ":9735")});
  REQUIRE(v3.size() == 2 + 38);
  CHECK(v3[2] == 4);
  CHECK(v3[2 + 35] == 0x03);  // version byte of the decoded v3 name
  CHECK(util::to_hex(encode_list({parsed("ab.example:258")})) == "000e" "05" "0a" "61622e6578616d706c65" "0102");
  codec::LndAddress opaque{codec::LndAddressKind::opaque, util::Bytes{0x07, 0xde, 0xad}, 0};
  CHECK(util::to_hex(encode_list({opaque})) == "000307dead");
  CHECK(util::to_hex(encode_list({})) == "0000");
}

TEST_CASE("base32 of onion names matches the text") {
  // expyuzz4wqqyqhjn is the base32 of these 10 bytes (RFC 4648, lowercase;
  // value from Python base64.b32decode).
  CHECK(util::to_hex(parsed("expyuzz4wqqyqhjn.onion:1").host) == "25df8a673cb421881d2d");
}

TEST_CASE("decode round trips every type") {
  const std::vector<codec::LndAddress> list{
      parsed("172.18.0.6:9735"),
      parsed("[2001:db8::1]:9735"),
      parsed("expyuzz4wqqyqhjn.onion:9735"),
      parsed(std::string(k_onion_v3) + ":9735"),
      parsed("node.example.com:9735"),
      codec::LndAddress{codec::LndAddressKind::opaque, util::Bytes{0x09, 0x01, 0x02, 0x03}, 0},
  };
  const util::Bytes wire = encode_list(list);
  auto back = decode_list(wire);
  REQUIRE(back.has_value());
  CHECK(*back == list);
  CHECK(to_string((*back)[5]) == "09010203");
}

TEST_CASE("decoder behaviour mirrors lnd") {
  SUBCASE("type 0 consumes one byte and yields nothing") {
    auto r = decode_list(*util::from_hex("00080001010203040005", "t"));
    REQUIRE(r.has_value());
    REQUIRE(r->size() == 1);
    CHECK(to_string((*r)[0]) == "1.2.3.4:5");
  }
  SUBCASE("an unknown type swallows the rest of the block") {
    auto r = decode_list(*util::from_hex("000a" "0a" "0102030405060708" "09", "t"));
    REQUIRE(r.has_value());
    REQUIRE(r->size() == 1);
    CHECK((*r)[0].kind == codec::LndAddressKind::opaque);
    CHECK(util::to_hex((*r)[0].host) == "0a010203040506070809");
  }
  SUBCASE("an IPv4-mapped IPv6 descriptor prints as IPv4 and is re-encoded as type 1") {
    auto r = decode_list(*util::from_hex("0013" "02" "00000000000000000000ffff01020304" "0001", "t"));
    REQUIRE(r.has_value());
    REQUIRE(r->size() == 1);
    CHECK(to_string((*r)[0]) == "1.2.3.4:1");
    CHECK(util::to_hex(encode_list(*r)) == "0007" "01" "01020304" "0001");
  }
  SUBCASE("DNS bytes that are not printable are escaped") {
    auto r = decode_list(*util::from_hex("0007" "05" "03" "61ff5c" "0001", "t"));
    REQUIRE(r.has_value());
    CHECK(to_string((*r)[0]) == "a\\xff\\x5c:1");
  }
  SUBCASE("empty block") {
    auto r = decode_list(*util::from_hex("0000", "t"));
    REQUIRE(r.has_value());
    CHECK(r->empty());
  }
}

TEST_CASE("truncated descriptors and blocks") {
  // Known types running past the end of the block.
  for (const char* hex : {"000101", "00050101020304", "000401010203", "0001" "02", "000c03" "25df8a673cb421881d2d00",
                          "0001" "05", "0004" "05" "05" "6162", "0002" "05" "00"}) {
    CAPTURE(std::string(hex));
    auto r = decode_list(*util::from_hex(hex, "t"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "bad_backup");
    CHECK(r.error().message.find("unable to read address") != std::string::npos);
  }
  // The block itself is shorter than its length.
  for (const char* hex : {"", "00", "0007", "000701020304"}) {
    CAPTURE(std::string(hex));
    auto r = decode_list(*util::from_hex(hex, "t"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "bad_backup");
  }
  // Every prefix of a valid list fails cleanly.
  const util::Bytes wire = encode_list({parsed("172.18.0.6:9735"), parsed(std::string(k_onion_v3) + ":9735"),
                                  parsed("node.example.com:1")});
  for (std::size_t n = 0; n < wire.size(); ++n) {
    util::Bytes prefix(wire.begin(), wire.begin() + static_cast<std::ptrdiff_t>(n));
    CHECK_FALSE(decode_list(prefix).has_value());
  }
}

TEST_CASE("unencodable addresses") {
  const codec::LndAddress bad[] = {
      {codec::LndAddressKind::ipv4, util::Bytes(5, 1), 1},
      {codec::LndAddressKind::ipv6, util::Bytes(4, 1), 1},
      {codec::LndAddressKind::tor_v2, util::Bytes(35, 1), 1},
      {codec::LndAddressKind::tor_v3, util::Bytes(10, 1), 1},
      {codec::LndAddressKind::dns, util::Bytes(256, 'a'), 1},
      {codec::LndAddressKind::opaque, util::Bytes{}, 0},
      {codec::LndAddressKind::opaque, util::Bytes{0x01, 0x02}, 0},
      {codec::LndAddressKind::opaque, util::Bytes{0x05}, 0},
  };
  for (const codec::LndAddress& a : bad) {
    CAPTURE(codec::lnd_address_kind_name(a.kind));
    util::Bytes out{0xaa};
    auto r = codec::append_lnd_address_list(out, std::vector<codec::LndAddress>{a});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "bad_address");
    CHECK(out == util::Bytes{0xaa});  // nothing appended
  }
  // More than 65535 bytes of descriptors.
  std::vector<codec::LndAddress> many(3500, codec::LndAddress{codec::LndAddressKind::ipv6, util::Bytes(16, 0x20), 1});
  util::Bytes out;
  auto too_long = codec::append_lnd_address_list(out, many);  // 3500 * 19 bytes
  REQUIRE_FALSE(too_long.has_value());
  CHECK(too_long.error().code == "bad_address");
}

TEST_SUITE_END();
