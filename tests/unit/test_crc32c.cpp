// CRC-32C: the standard check value, RFC 3720 (iSCSI) B.4 vectors, the
// checksum of lnd's aezeed vector 1, and agreement with Crypto++'s CRC32C.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

#include <cryptopp/crc.h>

#include "core/util/crc32c.hpp"
#include "core/util/hex.hpp"

namespace {

std::uint32_t crc_of(std::string_view text) {
  return lnstore::util::crc32c(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace

TEST_SUITE_BEGIN("crc32c");

TEST_CASE("check value of \"123456789\" (Castagnoli catalogue)") {
  CHECK(crc_of("123456789") == 0xE3069283u);
}

TEST_CASE("empty input") { CHECK(lnstore::util::crc32c({}) == 0u); }

TEST_CASE("RFC 3720 appendix B.4 vectors") {
  std::vector<std::uint8_t> zeros(32, 0x00), ones(32, 0xFF), up(32), down(32);
  for (int k = 0; k < 32; ++k) {
    up[k] = static_cast<std::uint8_t>(k);
    down[k] = static_cast<std::uint8_t>(31 - k);
  }
  CHECK(lnstore::util::crc32c(zeros) == 0x8A9136AAu);
  CHECK(lnstore::util::crc32c(ones) == 0x62A8AB43u);
  CHECK(lnstore::util::crc32c(up) == 0x46DD794Eu);
  CHECK(lnstore::util::crc32c(down) == 0x113FDB5Cu);
}

TEST_CASE("checksum of lnd aezeed vector 1 (spec/aezeed.md 9.1: bytes 29..32 big-endian)") {
  const auto bytes = lnstore::util::from_hex("00304b9e6aa12884a7a9ae0abc263fcbe543c58c3cd0890e73616c7431209efde5", "v1");
  REQUIRE(bytes);
  CHECK(lnstore::util::crc32c(std::span(*bytes).first(29)) == 0x209EFDE5u);
}

TEST_CASE("agrees with Crypto++ CRC32C on random inputs of many lengths") {
  std::mt19937 rng(20240229);
  for (std::size_t length = 0; length < 300; ++length) {
    std::vector<std::uint8_t> data(length);
    for (auto& byte : data) byte = static_cast<std::uint8_t>(rng());
    CryptoPP::CRC32C reference;
    reference.Update(data.data(), data.size());
    std::uint8_t digest[4];
    reference.Final(digest);
    // Crypto++ emits the CRC least-significant byte first (spec/aezeed.md 6).
    const std::uint32_t expected = static_cast<std::uint32_t>(digest[0]) | static_cast<std::uint32_t>(digest[1]) << 8 |
                                   static_cast<std::uint32_t>(digest[2]) << 16 |
                                   static_cast<std::uint32_t>(digest[3]) << 24;
    INFO("length " << length);
    CHECK(lnstore::util::crc32c(data) == expected);
  }
}

TEST_SUITE_END();
