#include <doctest/doctest.h>

#include "core/codec/channel_type.hpp"

using namespace lnstore;

TEST_CASE("channel and close types keep the names of SPEC section 5") {
  for (std::size_t i = 0; i < codec::k_channel_type_names.size(); ++i) {
    const auto type = static_cast<codec::ChannelType>(i);
    CHECK(codec::to_string(type) == codec::k_channel_type_names[i]);
    CHECK(codec::parse_channel_type(codec::k_channel_type_names[i]) == type);
    CHECK(codec::is_taproot(type) == (i >= 5));  // the SCB versions 5..7
  }
  CHECK(codec::to_string(codec::ChannelType::anchors_zero_fee_htlc) == "anchors_zero_fee_htlc");
  CHECK_FALSE(codec::parse_channel_type("taproot").has_value());
  CHECK_FALSE(codec::parse_channel_type("").has_value());

  for (std::size_t i = 0; i < codec::k_close_type_names.size(); ++i) {
    const auto type = static_cast<codec::CloseType>(i);
    CHECK(codec::to_string(type) == codec::k_close_type_names[i]);
    CHECK(codec::parse_close_type(codec::k_close_type_names[i]) == type);
  }
  // lnd's ClosureType byte order.
  CHECK(static_cast<int>(codec::CloseType::breach) == 3);
  CHECK(static_cast<int>(codec::CloseType::abandoned) == 5);
  CHECK_FALSE(codec::parse_close_type("Cooperative").has_value());
}
