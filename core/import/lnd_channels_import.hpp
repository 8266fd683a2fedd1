// Importing lnd's channel.db (open channels, peers, closed-channel
// summaries) into the store: what a node's channel.backup is rebuilt from
// when its own backup is lost.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/channels/channel_state.hpp"
#include "core/channels/node_binding.hpp"
#include "core/codec/chan_point.hpp"

#include "core/util/error.hpp"
#include "core/lnd/lnd_channeldb_reader.hpp"
#include "core/storage/store.hpp"

namespace lnstore::import {

// A channel of the file that was not imported, and why.
struct ChannelsImportSkip {
  codec::ChanPoint chan_point;
  std::string reason;
};

// A channel whose state the import brought up to date, and the fields of
// its channel document (or close summary) that changed.
struct ChannelUpdate {
  codec::ChanPoint chan_point;
  std::vector<std::string> fields;
};

// What an import did, by channel point. Each channel point of the file and
// of the database is in exactly one list (or in `skipped`):
// - added: an open channel (or a close summary of a channel) the database
//   did not know;
// - updated: an open channel whose state advanced, or a close summary whose
//   data differs (this corrects close types imported before lnd's numbering
//   was mapped);
// - closed: a channel the database holds as open that lnd has closed
//   (its close summary is recorded);
// - removed: nothing lnd deleted is deleted here, so always empty for
//   channels (kept for the same shape as the watchtower import);
// - unchanged: the same in the file and the database;
// - only_here: in the database but unknown to the file (kept).
struct ChannelsImportSummary {
  std::vector<codec::ChanPoint> added;
  std::vector<ChannelUpdate> updated;
  std::vector<codec::ChanPoint> closed;
  std::vector<codec::ChanPoint> removed;
  std::vector<codec::ChanPoint> unchanged;
  std::vector<codec::ChanPoint> only_here;
  int peers_added = 0;
  int peers_with_new_addresses = 0;
  std::vector<ChannelsImportSkip> skipped;
  // True iff a list other than `unchanged` is non-empty or a peer or an
  // address was added.
  bool changed = false;
};

// The node and chain a channel.db belongs to: graph-node's source node, and
// the chain of its channels (open and closed). Fails with incompatible
// "corrupt_source" when its channels are on more than one chain.
[[nodiscard]] Result<channels::NodeClaim> channeldb_claim(const lnd::LndChannelDb& db);

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

// Brings the store to the file's state inside the caller's transaction:
// first bind_node with channeldb_claim (node_mismatch / chain_mismatch
// before anything is written), then peers and addresses, open channels
// (added or updated), close summaries (added, updated, or closing a channel
// held as open), and the channels only the store has (reported). Channels
// lnd would not back up, or that a channel document cannot hold, are listed
// in `skipped`, never dropped silently. Refuses (rule "import_conflict") a
// channel whose peer, capacity or initiator differs from the stored one, and
// (rule "stale_source") a file whose channel is behind the store's
// (num_updates lower): an older copy of the node's file would roll state
// back. On an error the caller rolls back.
[[nodiscard]] Result<ChannelsImportSummary> import_lnd_channels(storage::Store& store, const lnd::LndChannelDb& db);

// {"added": {"count", "chan_points"}, "updated": {"count", "channels": [{"chan_point", "fields"}]},
//  "closed", "removed", "unchanged", "only_here" (as added), "peers": {"added", "with_new_addresses"},
//  "skipped": [{"chan_point", "reason"}], "changed"}
nlohmann::ordered_json to_json(const ChannelsImportSummary& summary);

}  // namespace lnstore::import
