#include <doctest/doctest.h>

#include <string>

#include "core/util/hex.hpp"
#include "core/backup/scb_single.hpp"
#include "tests/unit/expect_result.hpp"
#include "tests/unit/scb_samples.hpp"

using namespace lnstore;
using namespace lnstore::test;

TEST_SUITE_BEGIN("scb_single");

namespace {

constexpr backup::ScbVersion k_versions[] = {backup::ScbVersion::legacy,
                                     backup::ScbVersion::tweakless,
                                     backup::ScbVersion::anchors,
                                     backup::ScbVersion::anchors_zero_fee_htlc,
                                     backup::ScbVersion::script_enforced_lease,
                                     backup::ScbVersion::simple_taproot,
                                     backup::ScbVersion::tapscript_root,
                                     backup::ScbVersion::simple_taproot_final};

util::Bytes encode(const backup::ScbSingle& s) { return require_value(backup::encode_scb_single(s)); }

Error decode_error(const util::Bytes& data) {
  return require_error(backup::decode_scb_single(data), "bad_backup", ExitClass::malformed);
}

Error encode_error(const backup::ScbSingle& s) {
  auto r = backup::encode_scb_single(s);
  REQUIRE_FALSE(r.has_value());
  return r.error();
}

// Byte offsets in the vector plaintext (scb-format.md section 2.3): body
// starts at 3; the address block is 16 bytes, so A = 3 + 110 + 14.
constexpr std::size_t k_peer_offset = 3 + 75;
constexpr std::size_t k_a = 3 + 110 + 14;
constexpr std::size_t k_remote_keys_offset = k_a + 52;
constexpr std::size_t k_shachain_offset = k_a + 217;

}  // namespace

TEST_CASE("the chantools vector decodes field by field (scb-format.md section 8)") {
  const util::Bytes plain = scb_hex(k_scb_vector_plaintext);
  REQUIRE(plain.size() == 662);
  auto decoded = backup::decode_scb_single(plain);
  REQUIRE(decoded.has_value());
  const backup::ScbSingle& s = *decoded;
  CHECK(s.version == backup::ScbVersion::tapscript_root);
  CHECK(plain[0] == 0x86);
  CHECK((plain[1] << 8 | plain[2]) == 659);
  CHECK_FALSE(s.is_initiator);
  CHECK(util::to_hex(s.chain_hash) == "06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f");
  CHECK(backup::scb_chan_point(s) == "85619671cb1987c80723ed457fd829f6444269a4d228ab580cd8f2176f1d4994:0");
  CHECK(backup::scb_short_channel_id_string(s.short_channel_id) == "402x1x0");
  CHECK(util::to_hex(s.remote_node_pubkey) == "0310150ae975211a226fc85160232e238bf072a071202e58ce5d0527cda5d7e4c9");
  REQUIRE(s.addresses.size() == 2);
  CHECK(to_string(s.addresses[0]) == "172.18.0.6:9735");
  CHECK(to_string(s.addresses[1]) == "127.0.0.1:9636");
  CHECK(s.capacity_sat == 100000);
  CHECK(s.local_csv_delay == 144);
  CHECK(s.remote_csv_delay == 144);
  const codec::KeyLocator expected_local[] = {{0, 1}, {1, 1}, {3, 1}, {4, 1}, {2, 1}};
  for (std::size_t i = 0; i < 5; ++i) CHECK(s.local_keys[i] == expected_local[i]);
  CHECK(util::to_hex(s.remote_keys[0]) == "03c1102d1b9e016d72a39226ab34fb92fe6194b2f177882f5b167926d76417e070");
  CHECK_FALSE(s.shachain_pubkey.has_value());
  CHECK(s.shachain_locator == codec::KeyLocator{5, 2});
  CHECK_FALSE(s.lease_expiry.has_value());
  REQUIRE(s.close_tx.has_value());
  const backup::ScbCloseTx& c = *s.close_tx;
  REQUIRE(c.commit_tx.size() == 137);
  CHECK(util::to_hex(c.commit_tx) == k_scb_vector_commit_tx);
  CHECK(util::to_hex(std::span(c.commit_tx).first(4)) == "02000000");      // version 2
  CHECK(c.commit_tx[4] == 1);                                          // one input
  CHECK(util::to_hex(std::span(c.commit_tx).last(4)) == "9bf94a20");        // locktime 0x204af99b
  CHECK(c.commit_sig.size() == 98);
  CHECK(c.commit_height == std::optional<std::uint64_t>(0));
  REQUIRE(c.tapscript_root.has_value());
  CHECK(util::to_hex(*c.tapscript_root) == "e3cafff3ea7eb3f910dfcccef25aaed722d612e208438fc4321a846bf651dc28");
}

TEST_CASE("re-encoding the vector reproduces lnd's bytes exactly") {
  const util::Bytes plain = scb_hex(k_scb_vector_plaintext);
  CHECK(encode(*backup::decode_scb_single(plain)) == plain);
}

TEST_CASE("round trip of every version, with and without close-tx data") {
  for (backup::ScbVersion v : k_versions) {
    for (bool close : {false, true}) {
      for (std::uint8_t seed : {1, 2, 3}) {
        CAPTURE(backup::scb_version_name(v));
        CAPTURE(close);
        const backup::ScbSingle s = make_scb_single(v, close, seed);
        const util::Bytes wire = encode(s);
        CHECK(wire[0] == (static_cast<std::uint8_t>(v) | (close ? 0x80 : 0)));
        CHECK(static_cast<std::size_t>(wire[1] << 8 | wire[2]) == wire.size() - 3);
        auto back = backup::decode_scb_single(wire);
        REQUIRE(back.has_value());
        CHECK(*back == s);
      }
    }
  }
}

TEST_CASE("sizes: the smallest Single is 371 bytes, 375 for version 4") {
  backup::ScbSingle s = make_scb_single(backup::ScbVersion::legacy, false);
  s.addresses.clear();
  CHECK(encode(s).size() == 371);
  s.version = backup::ScbVersion::script_enforced_lease;
  s.lease_expiry = 7;
  CHECK(encode(s).size() == 375);
}

TEST_CASE("fields written only for some versions") {
  SUBCASE("lease expiry only for version 4") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::anchors_zero_fee_htlc, false);
    s.lease_expiry = 5;  // ignored, as lnd does
    auto back = backup::decode_scb_single(encode(s));
    REQUIRE(back.has_value());
    CHECK_FALSE(back->lease_expiry.has_value());
  }
  SUBCASE("version 7 writes no tapscript root") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::simple_taproot_final, true);
    s.close_tx->tapscript_root.emplace().fill(0x11);
    auto back = backup::decode_scb_single(encode(s));
    REQUIRE(back.has_value());
    CHECK_FALSE(back->close_tx->tapscript_root.has_value());
    CHECK(back->close_tx->commit_height.has_value());
  }
  SUBCASE("non-taproot versions write no commit height") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::anchors, true);
    s.close_tx->commit_height = 9;
    auto back = backup::decode_scb_single(encode(s));
    REQUIRE(back.has_value());
    CHECK_FALSE(back->close_tx->commit_height.has_value());
  }
  SUBCASE("a missing commit height of a taproot channel is written as 0") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::simple_taproot, true);
    s.close_tx->commit_height.reset();
    auto back = backup::decode_scb_single(encode(s));
    REQUIRE(back.has_value());
    CHECK(back->close_tx->commit_height == std::optional<std::uint64_t>(0));
  }
}

TEST_CASE("what lnd's decoder tolerates") {
  const util::Bytes plain = scb_hex(k_scb_vector_plaintext);
  SUBCASE("bool bytes other than 01 read as false") {
    util::Bytes b = plain;
    b[3] = 0x02;
    auto s = backup::decode_scb_single(b);
    REQUIRE(s.has_value());
    CHECK_FALSE(s->is_initiator);
    b[3] = 0x01;
    CHECK(backup::decode_scb_single(b)->is_initiator);
  }
  SUBCASE("the length field is ignored") {
    for (std::uint16_t len : {0, 1, 658, 660, 65535}) {
      util::Bytes b = plain;
      b[1] = static_cast<std::uint8_t>(len >> 8);
      b[2] = static_cast<std::uint8_t>(len);
      CHECK(backup::decode_scb_single(b).has_value());
    }
  }
  SUBCASE("trailing bytes are ignored") {
    util::Bytes b = plain;
    b.insert(b.end(), 100, 0xab);
    auto s = backup::decode_scb_single(b);
    REQUIRE(s.has_value());
    CHECK(*s == *backup::decode_scb_single(plain));
  }
  SUBCASE("capacity with the high bit set reads as a negative int64") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::legacy, false);
    s.capacity_sat = -1;
    auto back = backup::decode_scb_single(encode(s));
    REQUIRE(back.has_value());
    CHECK(back->capacity_sat == -1);
  }
  SUBCASE("any family and index values") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::tweakless, false);
    s.local_keys[0] = codec::KeyLocator{0xffffffff, 0xffffffff};
    s.shachain_locator = codec::KeyLocator{0x80000000, 0};
    CHECK(*backup::decode_scb_single(encode(s)) == s);
  }
}

TEST_CASE("unknown versions are rejected") {
  util::Bytes b = scb_hex(k_scb_vector_plaintext);
  for (int v : {8, 9, 0x7f, 0x88, 0xff}) {
    b[0] = static_cast<std::uint8_t>(v);
    const Error e = decode_error(b);
    CHECK(e.message.find("unable to de-serialize w/ unknown version: " + std::to_string(v & 0x7f)) != std::string::npos);
    CHECK(e.details["field"] == "version");
  }
}

TEST_CASE("invalid public keys name their field") {
  const util::Bytes plain = scb_hex(k_scb_vector_plaintext);
  SUBCASE("peer") {
    util::Bytes b = plain;
    b[k_peer_offset] = 0x04;
    CHECK(decode_error(b).details["field"] == "peer");
  }
  SUBCASE("each remote key") {
    for (std::size_t i = 0; i < 5; ++i) {
      util::Bytes b = plain;
      // An x coordinate of all ff bytes is above the field prime.
      std::fill(b.begin() + static_cast<std::ptrdiff_t>(k_remote_keys_offset + 33 * i + 1),
                b.begin() + static_cast<std::ptrdiff_t>(k_remote_keys_offset + 33 * i + 33), 0xff);
      CHECK(decode_error(b).details["field"] == "remote_keys." + std::string(backup::k_scb_key_names[i]));
    }
  }
  SUBCASE("non-zero shachain pubkey that is not a point") {
    util::Bytes b = plain;
    b[k_shachain_offset + 32] = 0x01;  // non-zero, but prefix 00 is not 02/03
    CHECK(decode_error(b).details["field"] == "shachain_root.pubkey");
    // The generator point is a valid key: present, not an error.
    const util::Bytes g = scb_hex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    std::copy(g.begin(), g.end(), b.begin() + static_cast<std::ptrdiff_t>(k_shachain_offset));
    auto s = backup::decode_scb_single(b);
    REQUIRE(s.has_value());
    REQUIRE(s->shachain_pubkey.has_value());
    CHECK(util::to_hex(*s->shachain_pubkey) == util::to_hex(g));
  }
}

TEST_CASE("a bad commit transaction is rejected") {
  util::Bytes b = scb_hex(k_scb_vector_plaintext);
  const std::size_t tx_offset = k_shachain_offset + 41;
  REQUIRE(b[tx_offset] == 0x02);
  b[tx_offset + 4] = 0x00;  // marker
  b[tx_offset + 5] = 0x02;  // flag must be 1
  const Error e = decode_error(b);
  CHECK(e.message.find("close_tx.commit_tx") != std::string::npos);
}

TEST_CASE("every truncation fails cleanly") {
  const util::Bytes samples[] = {scb_hex(k_scb_vector_plaintext), encode(make_scb_single(backup::ScbVersion::script_enforced_lease, true, 2)),
                           encode(make_scb_single(backup::ScbVersion::simple_taproot_final, true, 3)),
                           encode(make_scb_single(backup::ScbVersion::legacy, false, 1))};
  for (const util::Bytes& full : samples) {
    for (std::size_t n = 0; n < full.size(); ++n) {
      auto r = backup::decode_scb_single(std::span(full).first(n));
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().code == "bad_backup");
    }
  }
}

TEST_CASE("encoder rejections") {
  SUBCASE("unknown version") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::legacy, false);
    s.version = static_cast<backup::ScbVersion>(8);
    const Error e = encode_error(s);
    CHECK(e.code == "backup_encode_failed");
    CHECK(e.message.find("unknown version: 8") != std::string::npos);
  }
  SUBCASE("output index above 65535") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::legacy, false);
    s.funding_output_index = 65536;
    CHECK(encode_error(s).code == "backup_encode_failed");
  }
  SUBCASE("version 6 close tx without tapscript root") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::tapscript_root, true);
    s.close_tx->tapscript_root.reset();
    CHECK(encode_error(s).message.find("TapscriptRoot is not filled") != std::string::npos);
    s.close_tx.reset();  // without close-tx data there is nothing to fill
    CHECK(backup::encode_scb_single(s).has_value());
  }
  SUBCASE("commit tx that is not one transaction") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::anchors, true);
    s.close_tx->commit_tx.push_back(0);
    CHECK(encode_error(s).code == "backup_encode_failed");
    s.close_tx->commit_tx.resize(20);
    CHECK(encode_error(s).code == "backup_encode_failed");
    s.close_tx->commit_tx.clear();
    CHECK(encode_error(s).code == "backup_encode_failed");
  }
  SUBCASE("commit signature too long") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::anchors, true);
    s.close_tx->commit_sig.resize(65536);
    CHECK(encode_error(s).code == "backup_encode_failed");
  }
  SUBCASE("unencodable address") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::anchors, false);
    s.addresses.push_back(codec::LndAddress{codec::LndAddressKind::ipv4, util::Bytes{1, 2}, 3});
    CHECK(encode_error(s).code == "bad_address");
  }
  SUBCASE("nothing is appended on failure") {
    backup::ScbSingle s = make_scb_single(backup::ScbVersion::legacy, false);
    s.funding_output_index = 70000;
    util::Bytes out{1, 2, 3};
    CHECK_FALSE(backup::append_scb_single(out, s).has_value());
    CHECK(out == util::Bytes{1, 2, 3});
  }
}

TEST_CASE("version names") {
  const char* names[] = {"legacy",         "tweakless",      "anchors",        "anchors_zero_fee_htlc",
                         "script_enforced_lease", "simple_taproot", "tapscript_root", "simple_taproot_final"};
  for (std::uint8_t v = 0; v < 8; ++v) {
    CHECK(backup::scb_version_name(static_cast<backup::ScbVersion>(v)) == names[v]);
    CHECK(*backup::parse_scb_version_name(names[v]) == static_cast<backup::ScbVersion>(v));
    CHECK(backup::scb_is_taproot(static_cast<backup::ScbVersion>(v)) == (v >= 5));
  }
  auto bad = backup::parse_scb_version_name("taproot");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == "bad_channel_type");
}

TEST_SUITE_END();
