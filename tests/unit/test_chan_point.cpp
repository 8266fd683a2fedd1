// Channel points, BOLT 2 channel ids and BOLT 7 short channel ids.
//
// References: lnd's own records in the spec fixtures (each channel's bucket key
// is the outpoint in wire order, and lnd stores the short channel id as a u64);
// BOLT 3 Appendix B's funding txid, whose wire-order bytes BOLT 3 shows as the
// commitment transaction's input; BOLT 7's "539268x845x1" example. Expected
// channel ids were computed with Python (bytes reversed, then XOR), not with
// this code.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/codec/chan_point.hpp"
#include "core/util/hex.hpp"
#include "expect_result.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("chan_point");

namespace {

// The BOLT 3 Appendix B funding transaction id (display order) and its
// wire-order bytes as they appear in BOLT 3's commitment transaction input.
constexpr std::string_view k_bolt3_funding_txid = "8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be";
constexpr std::string_view k_bolt3_funding_wire = "bef67e4e2fb9ddeeb3461973cd4c62abb35050b1add772995b820b584a488489";

std::string chan_id_hex(std::string_view text) {
  auto point = codec::parse_chan_point(text);
  REQUIRE(point.has_value());
  auto id = codec::chan_id(*point);
  REQUIRE(id.has_value());
  return util::to_hex(*id);
}

void check_bad_chan_point(std::string_view text) {
  CAPTURE(text);
  test::require_error(codec::parse_chan_point(text), "bad_chan_point", ExitClass::malformed);
}

void check_bad_scid(std::string_view text) {
  CAPTURE(text);
  test::require_error(codec::parse_short_channel_id(text), "bad_short_channel_id", ExitClass::malformed);
}

nlohmann::json load_fixture(const std::string& name) {
  std::ifstream in(std::string(LNSTORE_SHARED_DIR) + "/fixtures/lnd/" + name + "/expected-open-channels.json");
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("txid display order is the reverse of wire order") {
  auto txid = codec::txid_from_display_hex(k_bolt3_funding_txid);
  REQUIRE(txid.has_value());
  CHECK(util::to_hex(*txid) == k_bolt3_funding_wire);
  CHECK(codec::txid_to_display_hex(*txid) == k_bolt3_funding_txid);

  auto upper = codec::txid_from_display_hex("8984484A580B825B9972D7ADB15050B3AB624CCD731946B3EEDDB92F4E7EF6BE");
  REQUIRE(upper.has_value());
  CHECK(*upper == *txid);
}

TEST_CASE("channel points of lnd's fixtures match lnd's wire-order bucket keys") {
  int checked = 0;
  for (const std::string name : {"chantools", "lndinit"}) {
    const auto fixture = load_fixture(name);
    for (const auto& channel : fixture.at("open_channels")) {
      const auto text = channel.at("funding_outpoint").get<std::string>();
      CAPTURE(text);
      auto point = codec::parse_chan_point(text);
      REQUIRE(point.has_value());
      // lnd's open-channel bucket key: txid in wire order, then the index as u32 big-endian.
      const auto key = channel.at("chan_bucket_key").get<std::string>();
      CHECK(util::to_hex(point->txid) == key.substr(0, 64));
      CHECK(std::stoul(key.substr(64, 8), nullptr, 16) == point->index);
      CHECK(to_string(*point) == text);

      const auto& scid_json = channel.at("short_channel_id");
      const auto scid = codec::ShortChannelId::from_u64(scid_json.at("u64").get<std::uint64_t>());
      CHECK(scid.block_height() == scid_json.at("block").get<std::uint32_t>());
      CHECK(scid.tx_index() == scid_json.at("tx").get<std::uint32_t>());
      CHECK(scid.output_index() == scid_json.at("pos").get<std::uint16_t>());
      auto built =
          codec::ShortChannelId::from_parts(scid_json.at("block").get<std::uint32_t>(),
                                     scid_json.at("tx").get<std::uint32_t>(), scid_json.at("pos").get<std::uint32_t>());
      REQUIRE(built.has_value());
      CHECK(built->to_u64() == scid_json.at("u64").get<std::uint64_t>());
      ++checked;
    }
  }
  CHECK(checked == 6);
}

TEST_CASE("chan_id XORs the big-endian output index into the wire-order txid") {
  const std::string txid(k_bolt3_funding_txid);
  CHECK(chan_id_hex(txid + ":0") == k_bolt3_funding_wire);
  CHECK(chan_id_hex(txid + ":1") == "bef67e4e2fb9ddeeb3461973cd4c62abb35050b1add772995b820b584a488488");
  CHECK(chan_id_hex(txid + ":4660") == "bef67e4e2fb9ddeeb3461973cd4c62abb35050b1add772995b820b584a4896bd");
  CHECK(chan_id_hex(txid + ":65535") == "bef67e4e2fb9ddeeb3461973cd4c62abb35050b1add772995b820b584a487b76");
  CHECK(chan_id_hex("10279f62619634058b6133cb7ac6c1693a8e6df7caa91c6263ca3d0bf704ad4d:1") ==
        "4dad04f70b3dca63621ca9caf76d8e3a69c1c67acb33618b05349661629f2711");

  // The same rule stated on display hex: only the first two display bytes change.
  for (std::uint32_t index : {2u, 255u, 256u, 43981u}) {
    CAPTURE(index);
    const auto id = chan_id_hex(txid + ":" + std::to_string(index));
    auto display = util::from_hex(k_bolt3_funding_txid, "txid");
    REQUIRE(display.has_value());
    (*display)[0] ^= static_cast<std::uint8_t>(index & 0xFF);
    (*display)[1] ^= static_cast<std::uint8_t>(index >> 8);
    auto as_display = util::from_hex(id, "id");
    REQUIRE(as_display.has_value());
    std::reverse(as_display->begin(), as_display->end());
    CHECK(*as_display == *display);
  }
}

TEST_CASE("chan_id refuses an output index a channel cannot have") {
  auto point = codec::parse_chan_point(std::string(k_bolt3_funding_txid) + ":65536");
  REQUIRE(point.has_value());
  auto id = codec::chan_id(*point);
  REQUIRE_FALSE(id.has_value());
  CHECK(id.error().code == "bad_chan_point");
  point->index = 0xFFFFFFFF;
  CHECK_FALSE(codec::chan_id(*point).has_value());
}

TEST_CASE("channel point round trips") {
  const std::string txid(k_bolt3_funding_txid);
  for (const std::string index : {"0", "1", "9", "10", "65535", "65536", "4294967295"}) {
    const auto text = txid + ":" + index;
    auto point = codec::parse_chan_point(text);
    REQUIRE(point.has_value());
    CHECK(to_string(*point) == text);
    CHECK(std::to_string(point->index) == index);
  }
  auto upper = codec::parse_chan_point("8984484A580B825B9972D7ADB15050B3AB624CCD731946B3EEDDB92F4E7EF6BE:3");
  REQUIRE(upper.has_value());
  CHECK(to_string(*upper) == txid + ":3");
}

TEST_CASE("bad channel points") {
  const std::string txid(k_bolt3_funding_txid);
  check_bad_chan_point("");
  check_bad_chan_point(":");
  check_bad_chan_point(txid);
  check_bad_chan_point(txid + ":");
  check_bad_chan_point(txid.substr(1) + ":0");
  check_bad_chan_point(txid + "0:0");
  check_bad_chan_point(txid + "00:0");
  check_bad_chan_point("g" + txid.substr(1) + ":0");
  check_bad_chan_point(" " + txid + ":0");
  check_bad_chan_point(txid + " :0");
  check_bad_chan_point(txid + ": 0");
  check_bad_chan_point(txid + ":0 ");
  check_bad_chan_point(txid + ":0\n");
  check_bad_chan_point(txid + ":-1");
  check_bad_chan_point(txid + ":+1");
  check_bad_chan_point(txid + ":01");
  check_bad_chan_point(txid + ":00");
  check_bad_chan_point(txid + ":0x10");
  check_bad_chan_point(txid + ":1e3");
  check_bad_chan_point(txid + ":4294967296");
  check_bad_chan_point(txid + ":18446744073709551616");
  check_bad_chan_point(txid + ":99999999999999999999999");
  check_bad_chan_point(txid + ":1:2");
  check_bad_chan_point(txid + ":1x");
  std::string with_nul = txid + ":1";
  with_nul.push_back('\0');
  check_bad_chan_point(with_nul);
}

TEST_CASE("bad txid display hex") {
  for (std::string_view text : {std::string_view(""), k_bolt3_funding_txid.substr(2),
                                std::string_view("zz84484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be")}) {
    CAPTURE(text);
    auto txid = codec::txid_from_display_hex(text);
    REQUIRE_FALSE(txid.has_value());
    CHECK(txid.error().code == "bad_txid");
  }
}

TEST_CASE("short channel ids") {
  auto scid = codec::parse_short_channel_id("443x1x0");
  REQUIRE(scid.has_value());
  CHECK(scid->block_height() == 443);
  CHECK(scid->tx_index() == 1);
  CHECK(scid->output_index() == 0);
  CHECK(scid->to_u64() == 487083651170304ULL);  // 443 << 40 | 1 << 16, by hand
  CHECK(to_string(*scid) == "443x1x0");

  auto bolt7 = codec::parse_short_channel_id("539268x845x1");  // BOLT 7's example
  REQUIRE(bolt7.has_value());
  CHECK(bolt7->to_u64() == 592931436542885889ULL);
  CHECK(codec::ShortChannelId::from_u64(592931436542885889ULL) == *bolt7);

  auto max = codec::parse_short_channel_id("16777215x16777215x65535");
  REQUIRE(max.has_value());
  CHECK(max->to_u64() == 0xFFFFFFFFFFFFFFFFULL);
  CHECK(to_string(codec::ShortChannelId::from_u64(0xFFFFFFFFFFFFFFFFULL)) == "16777215x16777215x65535");

  auto zero = codec::parse_short_channel_id("0x0x0");
  REQUIRE(zero.has_value());
  CHECK(zero->to_u64() == 0);
  CHECK(*zero == codec::ShortChannelId{});

  for (std::uint64_t value : {1ULL, 0x10000ULL, 0x10000000000ULL, 0x0123456789abcdefULL, 0xfedcba9876543210ULL}) {
    CAPTURE(value);
    const auto from_int = codec::ShortChannelId::from_u64(value);
    CHECK(from_int.to_u64() == value);
    auto reparsed = codec::parse_short_channel_id(to_string(from_int));
    REQUIRE(reparsed.has_value());
    CHECK(reparsed->to_u64() == value);
  }
}

TEST_CASE("short channel id parts out of range") {
  CHECK(codec::ShortChannelId::from_parts(16777216, 0, 0).error().code == "bad_short_channel_id");
  CHECK(codec::ShortChannelId::from_parts(0, 16777216, 0).error().code == "bad_short_channel_id");
  CHECK(codec::ShortChannelId::from_parts(0, 0, 65536).error().code == "bad_short_channel_id");
  CHECK(codec::ShortChannelId::from_parts(16777215, 16777215, 65535).has_value());
}

TEST_CASE("bad short channel ids") {
  check_bad_scid("");
  check_bad_scid("443");
  check_bad_scid("443x1");
  check_bad_scid("443x1x0x1");
  check_bad_scid("x1x0");
  check_bad_scid("443xx0");
  check_bad_scid("443x1x");
  check_bad_scid("443X1X0");
  check_bad_scid("443:1:0");
  check_bad_scid("443x1x0 ");
  check_bad_scid(" 443x1x0");
  check_bad_scid("-1x0x0");
  check_bad_scid("+1x0x0");
  check_bad_scid("0443x1x0");
  check_bad_scid("443x01x0");
  check_bad_scid("443x1x00");
  check_bad_scid("16777216x0x0");
  check_bad_scid("0x16777216x0");
  check_bad_scid("0x0x65536");
  check_bad_scid("99999999999999999999999x0x0");
  check_bad_scid("4a3x1x0");
}

TEST_SUITE_END();
