#include <doctest/doctest.h>

#include "core/codec/base58.hpp"
#include "core/util/hex.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("base58");

namespace {
util::Bytes to_bytes(const util::SecureBytes& s) { return util::Bytes(s.begin(), s.end()); }
}  // namespace

TEST_CASE("Bitcoin Core base58_encode_decode vectors") {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"61", "2g"},
      {"626262", "a3gV"},
      {"636363", "aPEr"},
      {"73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"},
      {"00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"},
      {"516b6fcd0f", "ABnLTmg"},
      {"bf4f89001e670274dd", "3SEo3LWLoPntC"},
      {"572e4794", "3EFU7m"},
      {"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
      {"10c8511e", "Rt5zm"},
      {"00000000000000000000", "1111111111"},
      {"000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5",
       "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"},
  };
  for (const auto& [hex, text] : vectors) {
    CAPTURE(text);
    const util::Bytes raw = *util::from_hex(hex, "vector");
    CHECK(codec::base58_encode(raw) == text);
    auto decoded = codec::base58_decode(text);
    REQUIRE(decoded.has_value());
    CHECK(util::to_hex(to_bytes(*decoded)) == hex);
  }
}

TEST_CASE("base58check: the genesis coinbase address") {
  auto payload = codec::base58check_decode("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
  REQUIRE(payload.has_value());
  CHECK(util::to_hex(to_bytes(*payload)) == "0062e907b15cbf27d5425399ebf6f0fb50ebb88f18");
  CHECK(codec::base58check_encode(to_bytes(*payload)) == "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
}

TEST_CASE("base58check round trips with leading zeros") {
  for (std::size_t zeros = 0; zeros < 4; ++zeros) {
    util::Bytes data(zeros, 0);
    data.push_back(0x42);
    data.push_back(0x00);
    const auto text = codec::base58check_encode(data);
    auto back = codec::base58check_decode(text);
    REQUIRE(back.has_value());
    CHECK(to_bytes(*back) == data);
  }
}

TEST_CASE("bad base58 characters") {
  for (const char* text : {"0", "O", "I", "l", "2g ", " 2g", "2g\n", "+", "3EFU7m\x80"}) {
    CAPTURE(text);
    auto r = codec::base58_decode(text);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "bad_base58");
    CHECK(r.error().exit == ExitClass::malformed);
  }
  auto r = codec::base58_decode("3EF0");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().details["position"] == 3);
}

TEST_CASE("bad base58check input") {
  // One character changed: the checksum no longer matches.
  auto changed = codec::base58check_decode("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb");
  REQUIRE_FALSE(changed.has_value());
  CHECK(changed.error().code == "bad_checksum");
  // Too short to hold a checksum.
  for (const char* text : {"", "1", "2g", "a3gV"}) {
    auto r = codec::base58check_decode(text);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == "bad_base58");
  }
  // Four bytes that are not the checksum of the empty payload.
  auto wrong = codec::base58check_decode("3EFU7m");
  REQUIRE_FALSE(wrong.has_value());
  CHECK(wrong.error().code == "bad_checksum");
}

TEST_SUITE_END();
