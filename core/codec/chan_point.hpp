// Channel identities: the funding outpoint (lnd's "channel point"), the BOLT 2
// channel id derived from it, and the BOLT 7 short channel id.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace lnstore::codec {

using Txid = std::array<std::uint8_t, 32>;
using ChanId = std::array<std::uint8_t, 32>;

// A funding outpoint. `txid` is in internal (wire) byte order, the order that
// is hashed and serialized; people and lnd's CLI show it reversed.
struct ChanPoint {
  Txid txid{};
  std::uint32_t index = 0;

  friend bool operator==(const ChanPoint&, const ChanPoint&) = default;
};

// Parses lnd's display form "<64 hex digits of the reversed txid>:<index>".
// Strict: exactly 64 hex digits (either case), one ':', a decimal index in
// 0..4294967295 without sign, spaces or redundant leading zeros, nothing else.
// Fails with malformed "bad_chan_point" naming what is wrong.
[[nodiscard]] Result<ChanPoint> parse_chan_point(std::string_view text);

// The display form, lowercase: parse_chan_point(to_string(p)) == p.
std::string to_string(const ChanPoint& point);

// The BOLT 2 channel id: the txid in wire order with the output index, as a
// big-endian 16-bit number, XORed into its last two bytes. BOLT 2 carries the
// funding output index as a u16, so an index above 65535 cannot belong to a
// channel: that fails with malformed "bad_chan_point".
[[nodiscard]] Result<ChanId> chan_id(const ChanPoint& point);

// Display (reversed) hex <-> wire-order txid. Decoding is strict: exactly 64 hex
// digits, either case; anything else fails with malformed "bad_txid".
[[nodiscard]] Result<Txid> txid_from_display_hex(std::string_view hex);
std::string txid_to_display_hex(std::span<const std::uint8_t, 32> txid);

// A BOLT 7 short channel id: funding block height (24 bits), transaction index
// in that block (24 bits), output index (16 bits). Only valid values can be
// constructed, so every ShortChannelId has a u64 form and a text form.
class ShortChannelId {
 public:
  static constexpr std::uint32_t k_max_block_height = 0xFFFFFF;
  static constexpr std::uint32_t k_max_tx_index = 0xFFFFFF;

  ShortChannelId() = default;  // 0x0x0

  // Fails with malformed "bad_short_channel_id" when a part is out of range.
  [[nodiscard]] static Result<ShortChannelId> from_parts(std::uint32_t block_height, std::uint32_t tx_index,
                                                         std::uint32_t output_index);
  // Every 64-bit value is a valid short channel id (lnd's lnwire.NewShortChanIDFromInt).
  static ShortChannelId from_u64(std::uint64_t value);

  std::uint64_t to_u64() const;
  std::uint32_t block_height() const { return m_block_height; }
  std::uint32_t tx_index() const { return m_tx_index; }
  std::uint16_t output_index() const { return m_output_index; }

  friend bool operator==(const ShortChannelId&, const ShortChannelId&) = default;

 private:
  std::uint32_t m_block_height = 0;
  std::uint32_t m_tx_index = 0;
  std::uint16_t m_output_index = 0;
};

// Parses "443x1x0": three decimal numbers separated by 'x', each without sign,
// spaces or redundant leading zeros, within its range. Fails with malformed
// "bad_short_channel_id" naming the part that is wrong.
[[nodiscard]] Result<ShortChannelId> parse_short_channel_id(std::string_view text);

// "443x1x0"; parse_short_channel_id(to_string(s)) == s.
std::string to_string(const ShortChannelId& scid);

}  // namespace lnstore::codec
