// Backup fixtures shared by the scb_* tests: the samples of scb_sample_data.hpp
// (the public chantools vector of spec/scb-format.md section 8 and a builder
// for Singles of every version) and parse helpers that fail the test.
#pragma once

#include <string>

#include <doctest/doctest.h>

#include "core/util/hex.hpp"
#include "core/codec/lnd_net_address.hpp"
#include "core/backup/scb_single.hpp"
#include "tests/unit/scb_sample_data.hpp"

namespace lnstore::test {

inline util::Bytes scb_hex(const char* text) {
  auto bytes = util::from_hex(text, "fixture");
  REQUIRE(bytes.has_value());
  return *bytes;
}

inline crypto::PubKey scb_pubkey(const char* text) {
  auto key = crypto::parse_pubkey(text, "fixture");
  REQUIRE(key.has_value());
  return *key;
}

inline codec::LndAddress scb_address(const char* text) {
  auto a = codec::parse_lnd_address(text);
  REQUIRE(a.has_value());
  return *a;
}

}  // namespace lnstore::test
