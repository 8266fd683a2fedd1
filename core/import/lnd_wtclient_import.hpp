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

// What an import added, row by row.
struct WtclientImportCounts {
  int towers = 0;
  int sessions = 0;
  int committed_updates = 0;
  int channels = 0;
  int acked_ranges = 0;
  int closable_sessions = 0;
  int key_index_reservations = 0;
};

// Something in the file lnstore has no place for, reported rather than dropped.
struct WtclientImportSkip {
  std::optional<util::Bytes> session;  // the session it belongs to, when it has one
  std::string reason;
};

struct WtclientImportSummary {
  WtclientImportCounts imported;
  std::vector<WtclientImportSkip> skipped;
  bool changed = false;  // false when the store already held exactly this file
};

// What can be checked of a wtclient.db's node (the file names neither its
// node nor its chain): when the database is bound to a node and holds
// channels, at least one channel the file's client registered must be one
// of them (open or closed). Fails (rule "node_mismatch") otherwise.
[[nodiscard]] Result<void> check_wtclient_node(storage::Store& store, const lnd::LndWtclientDb& db);

// Imports `db` inside the caller's transaction, after check_wtclient_node. Into an empty watchtower
// model everything is inserted; when every tower, session and channel of
// the file is already present with the same ids, nothing changes
// (`changed` false); any other overlap is refused (rule error
// "import_conflict") and the caller rolls back.
[[nodiscard]] Result<WtclientImportSummary> import_lnd_wtclient(storage::Store& store, const lnd::LndWtclientDb& db);

// {"imported": {"towers", ...}, "skipped": [{"session", "reason"}], "changed"}
nlohmann::ordered_json to_json(const WtclientImportSummary& summary);

}  // namespace lnstore::import
