// Importing lnd's channel.db (open channels, peers, closed-channel
// summaries) into the store: what a node's channel.backup is rebuilt from
// when its own backup is lost.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

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
