#include <doctest/doctest.h>

#include <string>

#include "core/codec/btcd_tx_extent.hpp"
#include "core/util/hex.hpp"
#include "tests/unit/expect_result.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("btcd_tx_extent");

namespace {

// The unsigned commitment transaction inside the chantools backup vector
// (scb-format.md section 8): version 2, 1 input, 2 outputs, locktime 0x204af99b.
constexpr const char* k_commit_tx =
    "020000000194491d6f17f2d80c58ab28d2a4694244f629d87f45ed2307c88719cb719661850000000000a0007180024a0100000000000022"
    "5120fbd9aedad03a11215960cf6de9f51e5c7f7e292e9263a3b2410c2e14e0c68229987a010000000000225120e8807a199fd42c953f63cf"
    "78a840f444d3dd65541c38afe675ac2bf49f7d975a9bf94a20";

// A segwit (BIP 144) transaction: 1 input with a 2-item witness, 1 output.
const std::string k_segwit_tx = std::string("02000000") + "0001" + "01" +
                                "1111111111111111111111111111111111111111111111111111111111111111" + "03000000" + "00" +
                                "ffffffff" + "01" + "a086010000000000" + "16" + "0014" +
                                "2222222222222222222222222222222222222222" + "02" + "03aabbcc" + "00" + "00000000";

util::Bytes hex(const std::string& text) { return *util::from_hex(text, "test"); }

Error length_error(const std::string& text) {
  return test::require_error(codec::btcd_tx_length(hex(text)), "bad_transaction", ExitClass::malformed);
}

}  // namespace

TEST_CASE("legacy transaction from the backup vector") {
  const util::Bytes tx = hex(k_commit_tx);
  CHECK(tx.size() == 137);
  CHECK(*codec::btcd_tx_length(tx) == 137);
  util::Bytes longer = tx;
  longer.insert(longer.end(), {0x00, 0x62, 0xff});
  CHECK(*codec::btcd_tx_length(longer) == 137);  // trailing bytes are the next fields
}

TEST_CASE("segwit transaction") {
  const util::Bytes tx = hex(k_segwit_tx);
  CHECK(*codec::btcd_tx_length(tx) == tx.size());
  util::Bytes longer = tx;
  longer.push_back(0x01);
  CHECK(*codec::btcd_tx_length(longer) == tx.size());
}

TEST_CASE("reader position and field names inside a stream") {
  util::Bytes stream{0xee};
  const util::Bytes tx = hex(k_commit_tx);
  stream.insert(stream.end(), tx.begin(), tx.end());
  stream.push_back(0x77);
  codec::WireReader reader(stream, "bad_backup", "backup single: ");
  REQUIRE(reader.u8("x").has_value());
  auto read = codec::read_btcd_tx(reader, "close_tx.commit_tx");
  REQUIRE(read.has_value());
  CHECK(read->size() == 137);
  CHECK(*reader.u8("y") == 0x77);

  codec::WireReader truncated(std::span<const std::uint8_t>(tx).first(60), "bad_backup", "backup single: ");
  auto bad = codec::read_btcd_tx(truncated, "close_tx.commit_tx");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == "bad_backup");
  INFO(bad.error().message);
  CHECK(bad.error().message.starts_with("backup single: close_tx.commit_tx: output count: 2 outputs exceed the data"));
}

TEST_CASE("btcd accepts a marker with zero inputs and outputs") {
  CHECK(*codec::btcd_tx_length(hex("01000000" "0001" "00" "00" "00000000")) == 12);
}

TEST_CASE("bad transactions") {
  CHECK(length_error("02000000" "0002" "01").message.find("flag") != std::string::npos);
  CHECK(length_error("02000000" "0000").message.find("flag") != std::string::npos);
  CHECK(length_error("02000000" "fd0100").message.find("non-canonical") != std::string::npos);
  CHECK(length_error("02000000" "fe00010000").message.find("non-canonical") != std::string::npos);
  CHECK(length_error("02000000" "ffffffffff00000000").message.find("non-canonical") != std::string::npos);
  // Counts far beyond the data are refused before reading (no huge allocation or loop).
  length_error("02000000" "ffffffffffffffffff");
  length_error("02000000" "01" + std::string(72, '1') + "fdfd00");
  length_error("02000000" "00" + std::string("01"));  // marker, flag, no input count
  // Witness item count beyond the data.
  length_error("02000000" "0001" "01" + std::string(64, '1') + "00000000" "00" "ffffffff" "00" "feffffff7f");
  length_error("");
}

TEST_CASE("every truncation fails cleanly") {
  for (const std::string& text : {std::string(k_commit_tx), k_segwit_tx}) {
    const util::Bytes tx = hex(text);
    for (std::size_t n = 0; n < tx.size(); ++n) {
      auto r = codec::btcd_tx_length(std::span<const std::uint8_t>(tx).first(n));
      CHECK_FALSE(r.has_value());
    }
  }
}

TEST_SUITE_END();
