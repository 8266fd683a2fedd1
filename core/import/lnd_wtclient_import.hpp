// Importing lnd's watchtower-client database (wtclient.db, version 8) into
// the store, keeping lnd's ids and allocators so numbering continues where
// lnd left off.
#pragma once

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/lnd/lnd_wtclient_reader.hpp"
#include "core/storage/store.hpp"

namespace lnstore::import {

// Imports `db` inside the caller's transaction. Into an empty watchtower
// model everything is inserted; when every tower, session and channel of
// the file is already present with the same ids, nothing changes
// ("changed": false); any other overlap is refused (rule error
// "import_conflict"). Returns the summary printed by `import lnd-wtclient`.
[[nodiscard]] Result<nlohmann::ordered_json> import_lnd_wtclient(storage::Store& store, const lnd::LndWtclientDb& db);

}  // namespace lnstore::import
