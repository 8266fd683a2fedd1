// Channels joined with the watchtower client: the one place that reads or
// changes both a channel (core/channels) and its watchtower registration
// (core/wtclient). Functions run inside the caller's transaction.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/channels/channel_state.hpp"
#include "core/codec/chan_point.hpp"
#include "core/storage/store.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::ops {

struct CloseResult {
  channels::Channel channel;
  std::vector<util::Bytes> closable_sessions;  // watchtower sessions that became closable
};

// channels::close_channel (its errors, nothing changed on failure), then a
// watchtower registration of the channel is marked closed at the close
// height: the client stops backing up a channel once its close confirms.
[[nodiscard]] Result<CloseResult> close_channel(storage::Store& store, const codec::ChanPoint& point,
                                                const channels::ChannelClose& request);

// The channel document of SPEC section 5 with the channel's watchtower
// registration ("tower_registration", null when it has none).
[[nodiscard]] Result<nlohmann::ordered_json> channel_json(storage::Store& store, const channels::Channel& channel);

}  // namespace lnstore::ops
