// Importing lnd's watchtower-client database (wtclient.db, version 8) into
// the store, keeping lnd's ids and allocators so numbering continues where
// lnd left off.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/lnd/lnd_wtclient_reader.hpp"
#include "core/storage/store.hpp"

namespace lnstore::import {

// Something in the file lnstore has no place for, reported rather than dropped.
struct WtclientImportSkip {
  std::optional<util::Bytes> session;  // the session it belongs to, when it has one
  std::string reason;
};

// Towers (by lnd's id), sessions (by session id) and channel registrations
// (by channel id) of one kind of change.
struct WtclientEntities {
  std::vector<std::uint64_t> towers;
  std::vector<util::Bytes> sessions;
  std::vector<util::Bytes> channels;
  bool empty() const { return towers.empty() && sessions.empty() && channels.empty(); }
};

struct WtclientTowerUpdate {
  std::uint64_t id = 0;
  std::vector<std::string> fields;  // status, addresses, key_index_reservations
};
struct WtclientSessionUpdate {
  util::Bytes id;
  // status, seqnum, tower_last_applied, rogue_update_count,
  // committed_updates, acked_ranges, closable
  std::vector<std::string> fields;
};
struct WtclientChannelUpdate {
  util::Bytes chan_id;
  std::vector<std::string> fields;  // sweep_pkscript, max_commit_height, closed_height
};

// What an import did. Ids lnd allocated (up to the file's allocators) and
// missing from the file were deleted by lnd, and are deleted here
// (`removed`: closable sessions lnd dropped, registrations whose details
// lnd pruned, removed towers); ids above them were created in lnstore
// since, and stay (`only_here`). `closed` lists registrations that gained a
// closed height; committed updates, acked ranges and closable entries are
// compared per session and reported as the session's fields.
struct WtclientImportSummary {
  WtclientEntities added;
  struct Updates {
    std::vector<WtclientTowerUpdate> towers;
    std::vector<WtclientSessionUpdate> sessions;
    std::vector<WtclientChannelUpdate> channels;
  } updated;
  WtclientEntities closed;
  WtclientEntities removed;
  WtclientEntities unchanged;
  WtclientEntities only_here;
  std::vector<WtclientImportSkip> skipped;
  bool changed = false;  // true iff a list other than `unchanged` is non-empty
};

// What can be checked of a wtclient.db's node (the file names neither its
// node nor its chain): when the database is bound to a node and holds
// channels, at least one channel the file's client registered must be one
// of them (open or closed). Fails (rule "node_mismatch") otherwise.
[[nodiscard]] Result<void> check_wtclient_node(storage::Store& store, const lnd::LndWtclientDb& db);

// Brings the watchtower model to the file's state inside the caller's
// transaction, after check_wtclient_node: towers, channel registrations,
// sessions with their committed updates, acked ranges and closable
// entries are added, brought up to date or deleted as the summary
// describes; key-index reservations of the file's towers are replaced by
// the file's; the allocators never go back. Refuses (rule
// "import_conflict") an id that names another tower, session or channel in
// the database than in the file (another node's file, or lnstore and lnd
// both allocated it), and a session whose tower, key index or policy
// differs. On an error the caller rolls back.
[[nodiscard]] Result<WtclientImportSummary> import_lnd_wtclient(storage::Store& store, const lnd::LndWtclientDb& db);

// {"added": {"count", "towers", "sessions", "channels"}, "updated": {"count", "towers": [{"id", "fields"}],
//  "sessions": [{"session", "fields"}], "channels": [{"chan_id", "fields"}]}, "closed", "removed",
//  "unchanged", "only_here" (as added), "skipped": [{"session", "reason"}], "changed"}
nlohmann::ordered_json to_json(const WtclientImportSummary& summary);

}  // namespace lnstore::import
