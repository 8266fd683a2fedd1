// Watchtower blob types (lnd watchtower/blob): a uint16 flag set.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace lnstore::codec {

inline constexpr std::uint16_t k_blob_flag_reward = 1 << 0;
inline constexpr std::uint16_t k_blob_legacy = 0x02;         // AltruistCommit
inline constexpr std::uint16_t k_blob_reward = 0x03;         // RewardCommit
inline constexpr std::uint16_t k_blob_anchor = 0x06;         // AltruistAnchorCommit
inline constexpr std::uint16_t k_blob_taproot = 0x0a;        // AltruistTaprootCommit
inline constexpr std::uint16_t k_blob_taproot_final = 0x1a;  // AltruistTaprootFinalCommit

// Parses a blob type by name (legacy, anchor, reward, taproot, taproot-final)
// or number (decimal or 0x hex) of one of those types; malformed
// "unsupported_blob_type" otherwise.
[[nodiscard]] Result<std::uint16_t> parse_blob_type(std::string_view text);

// The name of a known blob type, or its decimal number as text.
std::string blob_type_name(std::uint16_t type);

}  // namespace lnstore::codec
