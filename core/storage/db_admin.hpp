// Database administration: describe, audit and copy an lnstore database.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/storage/migration.hpp"
#include "core/storage/store.hpp"

namespace lnstore::storage {

// `db init`: the database as the open created or found it.
struct InitReport {
  std::filesystem::path path;  // absolute
  std::int64_t schema_version = 0;
  bool created = false;  // the file did not exist before this open
};
// Describes `store` (opened with create and migrate). Fails only when the
// version cannot be read (the SQLite error).
[[nodiscard]] Result<InitReport> db_init_report(Store& store);
nlohmann::ordered_json to_json(const InitReport& report);

// `db migrate`: the versions before and after, and what ran (or would run).
struct MigrateReport {
  int from = 0;
  int to = 0;
  std::vector<MigrationSource> applied;
  bool dry_run = false;
};
// Applies every pending migration to `store` (opened without migrating), or
// with `dry_run` only lists them and changes nothing. On failure the
// database keeps the version of the last migration that committed.
[[nodiscard]] Result<MigrateReport> db_migrate(Store& store, bool dry_run);
nlohmann::ordered_json to_json(const MigrateReport& report);

// `db info`: path, versions, application id, size, journal mode, row counts.
[[nodiscard]] Result<nlohmann::ordered_json> db_info(Store& store);

// One problem `db check` found.
struct CheckProblem {
  std::string kind;                    // "integrity", "foreign_key" or an invariant's name
  std::string message;                 // what is wrong, naming the row
  std::optional<std::string> subject;  // the session, channel, table... it concerns; none for integrity lines
};

// Everything `db check` found: an audit reports every problem, then fails once.
struct CheckReport {
  std::vector<CheckProblem> problems;
  bool ok() const { return problems.empty(); }
};

// `db check`: integrity_check, foreign_key_check and, on a database at the
// latest schema version, every model invariant. Problems are findings, not
// errors: the Result fails only when the checks cannot run (the SQLite
// error). Reads only; run it inside a read transaction for one snapshot.
enum class CheckScope {
  full,     // integrity_check and every invariant (`db check`)
  quick,    // quick_check (indexes are not compared with their tables) and every invariant
  bounded,  // quick_check of every table but committed_updates, and every invariant that
            // does not read all committed updates: a cost that does not grow with the
            // pending updates and their blobs (`health`, run every few minutes)
};
[[nodiscard]] Result<CheckReport> db_check(Store& store, CheckScope scope = CheckScope::full);
// {"ok", "problems": [{"kind", "message", "subject"}]}
nlohmann::ordered_json to_json(const CheckReport& report);

// `db backup DEST`: a consistent online copy through SQLite's backup API,
// written to a temporary file in DEST's directory (0600), fsynced and renamed
// into place. Refuses (io, "file_exists") to overwrite an existing DEST.
[[nodiscard]] Result<nlohmann::ordered_json> db_backup(Store& store, const std::filesystem::path& dest);

}  // namespace lnstore::storage
