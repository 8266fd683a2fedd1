#include "core/codec/chan_point.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "core/util/hex.hpp"

namespace lnstore::codec {

namespace {

// A canonical decimal number no larger than `max`: digits only, no sign, no
// redundant leading zero (so that every value has one spelling).
std::optional<std::uint64_t> parse_decimal(std::string_view text, std::uint64_t max) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  if (text.size() > 1 && text.front() == '0') return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

Txid reversed(std::span<const std::uint8_t, 32> bytes) {
  Txid out{};
  std::reverse_copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

}  // namespace

Result<Txid> txid_from_display_hex(std::string_view hex) {
  if (hex.size() != 64) {
    return malformed("bad_txid", "txid must be 64 hex digits, got " + std::to_string(hex.size()) + " characters");
  }
  auto bytes = util::from_hex(hex, "txid", 32);
  if (!bytes) return malformed("bad_txid", bytes.error().message);
  return reversed(std::span<const std::uint8_t, 32>(bytes->data(), 32));
}

std::string txid_to_display_hex(std::span<const std::uint8_t, 32> txid) { return util::to_hex(reversed(txid)); }

Result<ChanPoint> parse_chan_point(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    return malformed("bad_chan_point", "channel point must be <txid>:<index>, found no ':'");
  }
  auto txid = txid_from_display_hex(text.substr(0, colon));
  if (!txid) return malformed("bad_chan_point", "channel point " + txid.error().message);
  const auto index = parse_decimal(text.substr(colon + 1), 0xFFFFFFFFu);
  if (!index) {
    return malformed("bad_chan_point",
                     "channel point output index must be a decimal number 0..4294967295 without leading zeros");
  }
  return ChanPoint{*txid, static_cast<std::uint32_t>(*index)};
}

std::string to_string(const ChanPoint& point) {
  return txid_to_display_hex(point.txid) + ":" + std::to_string(point.index);
}

Result<ChanId> chan_id(const ChanPoint& point) {
  if (point.index > 0xFFFF) {
    return malformed("bad_chan_point", "channel point output index " + std::to_string(point.index) +
                                           " exceeds 65535, so it cannot be a channel's funding output");
  }
  ChanId id = point.txid;
  id[30] ^= static_cast<std::uint8_t>(point.index >> 8);
  id[31] ^= static_cast<std::uint8_t>(point.index & 0xFF);
  return id;
}

Result<ShortChannelId> ShortChannelId::from_parts(std::uint32_t block_height, std::uint32_t tx_index,
                                                  std::uint32_t output_index) {
  if (block_height > k_max_block_height) {
    return malformed("bad_short_channel_id", "short channel id block height exceeds 16777215");
  }
  if (tx_index > k_max_tx_index) {
    return malformed("bad_short_channel_id", "short channel id transaction index exceeds 16777215");
  }
  if (output_index > 0xFFFF) {
    return malformed("bad_short_channel_id", "short channel id output index exceeds 65535");
  }
  ShortChannelId scid;
  scid.m_block_height = block_height;
  scid.m_tx_index = tx_index;
  scid.m_output_index = static_cast<std::uint16_t>(output_index);
  return scid;
}

ShortChannelId ShortChannelId::from_u64(std::uint64_t value) {
  ShortChannelId scid;
  scid.m_block_height = static_cast<std::uint32_t>(value >> 40);
  scid.m_tx_index = static_cast<std::uint32_t>((value >> 16) & 0xFFFFFF);
  scid.m_output_index = static_cast<std::uint16_t>(value & 0xFFFF);
  return scid;
}

std::uint64_t ShortChannelId::to_u64() const {
  return (static_cast<std::uint64_t>(m_block_height) << 40) | (static_cast<std::uint64_t>(m_tx_index) << 16) |
         m_output_index;
}

Result<ShortChannelId> parse_short_channel_id(std::string_view text) {
  const auto first = text.find('x');
  const auto second = first == std::string_view::npos ? first : text.find('x', first + 1);
  if (second == std::string_view::npos || text.find('x', second + 1) != std::string_view::npos) {
    return malformed("bad_short_channel_id", "short channel id must be BLOCKxTXxOUTPUT, e.g. 443x1x0");
  }
  const auto height = parse_decimal(text.substr(0, first), ShortChannelId::k_max_block_height);
  if (!height) {
    return malformed("bad_short_channel_id",
                     "short channel id block height must be a decimal number 0..16777215 without leading zeros");
  }
  const auto tx = parse_decimal(text.substr(first + 1, second - first - 1), ShortChannelId::k_max_tx_index);
  if (!tx) {
    return malformed("bad_short_channel_id",
                     "short channel id transaction index must be a decimal number 0..16777215 without leading zeros");
  }
  const auto output = parse_decimal(text.substr(second + 1), 0xFFFF);
  if (!output) {
    return malformed("bad_short_channel_id",
                     "short channel id output index must be a decimal number 0..65535 without leading zeros");
  }
  return ShortChannelId::from_parts(static_cast<std::uint32_t>(*height), static_cast<std::uint32_t>(*tx),
                                    static_cast<std::uint32_t>(*output));
}

std::string to_string(const ShortChannelId& scid) {
  return std::to_string(scid.block_height()) + "x" + std::to_string(scid.tx_index()) + "x" +
         std::to_string(scid.output_index());
}

}  // namespace lnstore::codec
