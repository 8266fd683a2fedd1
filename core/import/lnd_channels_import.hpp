// Importing lnd's channel.db (open channels, peers, closed-channel
// summaries) into the store: what a node's channel.backup is rebuilt from
// when its own backup is lost.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/channels/channel_state.hpp"
#include "core/codec/chan_point.hpp"

#include "core/util/error.hpp"
#include "core/lnd/lnd_channeldb_reader.hpp"
#include "core/storage/store.hpp"

namespace lnstore::import {

// What an import added.
struct ChannelsImportCounts {
  int channels = 0;
  int closed_channels = 0;
  int peers = 0;
};

// A channel of the file that was not imported, and why.
struct ChannelsImportSkip {
  codec::ChanPoint chan_point;
  std::string reason;
};

struct ChannelsImportSummary {
  ChannelsImportCounts imported;
  std::vector<ChannelsImportSkip> skipped;
  bool changed = false;  // false when everything was already there (a second import)
};

// The channel document for `channels::insert_channel` (status "open",
// created_at now): SCB short channel id, peer, type, capacity, balances,
// fee_per_kw and num_updates (commit height) from the local commitment (0
// and none for a restored channel), totals, CSV delays, the ten keys,
// shachain root, lease expiry (lease channels), funding tx, local commit tx,
// remote commit sig, tapscript root (tapscript_root channels), delivery
// scripts, and the peer addresses that lnstore can hold (opaque addresses
// left out). Fails with incompatible "lnd_channel_not_importable", naming
// the field, when a value is outside what a channel document allows (a
// local key without pubkey is fine; a remote key without one, a CSV delay of
// 0, a value above the document's range, a lease channel without thaw
// height or a tapscript_root channel without its root are not).
[[nodiscard]] Result<channels::ChannelDocument> to_channel_document(const lnd::LndOpenChannel& channel);

// Imports `db` inside the caller's transaction. Channels and summaries
// already present (same channel point) are left as they are, so importing a
// file twice changes nothing the second time (`changed` false). Channels
// lnd would not back up, or that a channel document cannot hold, are listed
// in `skipped` with the reason, never dropped silently. On an error the
// caller rolls back.
[[nodiscard]] Result<ChannelsImportSummary> import_lnd_channels(storage::Store& store, const lnd::LndChannelDb& db);

// {"imported": {"channels", "closed_channels", "peers"}, "skipped": [{"chan_point", "reason"}], "changed"}
nlohmann::ordered_json to_json(const ChannelsImportSummary& summary);

}  // namespace lnstore::import
