// Importing lnd's channel.db (open channels, peers, closed-channel
// summaries) into the store: what a node's channel.backup is rebuilt from
// when its own backup is lost.
#pragma once

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/lnd/lnd_channeldb_reader.hpp"
#include "core/storage/store.hpp"

namespace lnstore::import {

// Imports `db` inside the caller's transaction. Channels and summaries
// already present (same channel point) are left as they are, so importing a
// file twice changes nothing the second time ("changed": false). Channels
// lnd would not back up, or that a channel document cannot hold, are listed
// in "skipped" with the reason, never dropped silently. Returns
// {"imported": {"channels", "closed_channels", "peers"}, "skipped", "changed"}.
[[nodiscard]] Result<nlohmann::ordered_json> import_lnd_channels(storage::Store& store, const lnd::LndChannelDb& db);

}  // namespace lnstore::import
