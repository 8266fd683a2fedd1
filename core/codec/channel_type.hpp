// The closed sets a channel is described by, shared by lnd's channel.db,
// static channel backups and the channel document: the commitment type, the
// close type and the five basepoints. Each enum converts to and from the
// names of SPEC section 5; the names never change.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lnstore::codec {

// Commitment formats, in lnd's SCB version order (an SCB Single's version
// byte is this value).
enum class ChannelType : std::uint8_t {
  legacy = 0,
  tweakless = 1,
  anchors = 2,
  anchors_zero_fee_htlc = 3,
  script_enforced_lease = 4,
  simple_taproot = 5,
  tapscript_root = 6,
  simple_taproot_final = 7,
};
inline constexpr std::array<std::string_view, 8> k_channel_type_names = {
    "legacy", "tweakless", "anchors", "anchors_zero_fee_htlc", "script_enforced_lease",
    "simple_taproot", "tapscript_root", "simple_taproot_final"};

std::string_view to_string(ChannelType type);
std::optional<ChannelType> parse_channel_type(std::string_view name);
// simple_taproot, tapscript_root and simple_taproot_final.
bool is_taproot(ChannelType type);

// How a channel closed, in lnstore's own order (stored by name). lnd's
// ClosureType numbers them differently: lnd::lnd_close_type maps them.
enum class CloseType : std::uint8_t {
  cooperative = 0,
  local_force = 1,
  remote_force = 2,
  breach = 3,
  funding_canceled = 4,
  abandoned = 5,
};
inline constexpr std::array<std::string_view, 6> k_close_type_names = {
    "cooperative", "local_force", "remote_force", "breach", "funding_canceled", "abandoned"};

std::string_view to_string(CloseType type);
std::optional<CloseType> parse_close_type(std::string_view name);

// The five basepoints, in this order everywhere (lnd's ChannelConfig, the
// SCB Single, the channel document).
inline constexpr std::array<const char*, 5> k_key_purposes = {"multisig", "revocation_base", "payment_base",
                                                              "delay_base", "htlc_base"};

}  // namespace lnstore::codec
