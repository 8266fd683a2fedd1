// lnd's kv tables in a SQLite file (db.backend=sqlite: channel.sqlite),
// read through storage::ReadOnlyDatabase: opened read-only (mode=ro, never
// immutable), every read inside one read transaction, so a running lnd's
// commits after the open are not seen and the result is one consistent
// state of the node.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/lnd/kv_bucket.hpp"
#include "core/lnd/lnd_source.hpp"
#include "core/util/error.hpp"

namespace lnstore::lndsql {

// True when `path` is a regular file starting with SQLite's 16-byte header
// ("SQLite format 3" and a NUL). False when it does not, is not a regular
// file (never opened: a FIFO would block) or cannot be read (the caller's
// open reports that).
bool looks_like_sqlite(const std::filesystem::path& path);

// Opens table `<prefix>_kv` of the SQLite file `path`. Fails with io
// ("source_not_found", "io_error"), incompatible "not_lnd_sql" (SQLite, but
// no lnd kv table at all), "lnd_kv_table_missing" (kv tables, not this one:
// the message lists them) or "corrupt_source" (the table lacks lnd's
// columns; or, with options.verify_source, SQLite's quick_check fails).
// Details carry "path" and "table".
[[nodiscard]] Result<std::shared_ptr<const lnd::KvSource>> open_sqlite_kv(const std::filesystem::path& path,
                                                                         const std::string& prefix,
                                                                         const lnd::LndReadOptions& options);

}  // namespace lnstore::lndsql
