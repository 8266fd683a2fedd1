// Database administration: describe, audit and copy an lnstore database.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/storage/store.hpp"

namespace lnstore::storage {

// `db info`: path, versions, application id, size, journal mode, row counts.
[[nodiscard]] Result<nlohmann::ordered_json> db_info(Store& store);

// `db check`: integrity_check, foreign_key_check and every model invariant.
// Reports every problem found as {"kind", "message", ...}; an empty array
// means the database is consistent.
[[nodiscard]] Result<nlohmann::ordered_json> db_check(Store& store);

// `db backup DEST`: a consistent online copy through SQLite's backup API,
// written to a temporary file in DEST's directory (0600), fsynced and renamed
// into place. Refuses (io, "file_exists") to overwrite an existing DEST.
[[nodiscard]] Result<nlohmann::ordered_json> db_backup(Store& store, const std::filesystem::path& dest);

}  // namespace lnstore::storage
