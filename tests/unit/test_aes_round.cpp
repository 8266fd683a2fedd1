// One AES round: FIPS-197 Appendix B (round 1, spec/aezeed.md 9.4), and the
// portable and AES-NI implementations agreeing on random inputs.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <random>

#include "core/crypto/aes_round.hpp"
#include "core/util/hex.hpp"

namespace {

using Block = std::array<std::uint8_t, lnstore::crypto::k_aes_block_size>;

Block block(std::string_view hex) {
  const auto bytes = lnstore::util::from_hex(hex, "block", 16);
  REQUIRE(bytes);
  Block out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

// FIPS-197 Appendix B: start of round 1, round key 1, start of round 2.
constexpr std::string_view k_round1_state = "193de3bea0f4e22b9ac68d2ae9f84808";
constexpr std::string_view k_round1_key = "a0fafe1788542cb123a339392a6c7605";
constexpr std::string_view k_round2_state = "a49c7ff2689f352b6b5bea43026a5049";

}  // namespace

TEST_SUITE_BEGIN("aes_round");

TEST_CASE("FIPS-197 Appendix B round 1, portable") {
  Block state = block(k_round1_state);
  lnstore::crypto::aes_round_portable(state, block(k_round1_key));
  CHECK(lnstore::util::to_hex(state) == k_round2_state);
}

TEST_CASE("FIPS-197 Appendix B round 1, AES-NI (or its fallback) and the dispatcher") {
  if (!lnstore::crypto::aes_round_hardware_available()) MESSAGE("no AES-NI on this CPU: the hardware entry falls back");
  Block state = block(k_round1_state);
  lnstore::crypto::aes_round_hardware(state, block(k_round1_key));
  CHECK(lnstore::util::to_hex(state) == k_round2_state);
  state = block(k_round1_state);
  lnstore::crypto::aes_round(state, block(k_round1_key));
  CHECK(lnstore::util::to_hex(state) == k_round2_state);
}

TEST_CASE("the round is not the identity and depends on every key byte") {
  const Block state = block(k_round1_state);
  Block zero_key_out = state;
  lnstore::crypto::aes_round_portable(zero_key_out, Block{});
  for (std::size_t k = 0; k < 16; ++k) {
    Block key{};
    key[k] = 1;
    Block out = state;
    lnstore::crypto::aes_round_portable(out, key);
    Block expected = zero_key_out;
    expected[k] ^= 1;  // AddRoundKey is last
    CHECK(out == expected);
  }
  CHECK(zero_key_out != state);
}

TEST_CASE("portable and AES-NI rounds agree on random states and keys") {
  if (!lnstore::crypto::aes_round_hardware_available()) {
    MESSAGE("no AES-NI on this CPU: nothing to compare against");
    return;
  }
  std::mt19937_64 rng(0xae5);
  for (int trial = 0; trial < 20000; ++trial) {
    Block state{}, key{};
    for (auto& byte : state) byte = static_cast<std::uint8_t>(rng());
    for (auto& byte : key) byte = static_cast<std::uint8_t>(rng());
    Block portable = state, hardware = state;
    lnstore::crypto::aes_round_portable(portable, key);
    lnstore::crypto::aes_round_hardware(hardware, key);
    REQUIRE(portable == hardware);
  }
}

TEST_SUITE_END();
