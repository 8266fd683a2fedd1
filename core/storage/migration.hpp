// Versioned schema migrations, embedded from migrations/NNNN_name.sql.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace lnstore::storage {

class Store;

struct MigrationSource {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Every migration this binary knows, ordered by version (generated at build).
const std::vector<MigrationSource>& migration_sources();

// The newest schema version this binary knows.
int latest_schema_version();

// The migrations a database at `from_version` still needs, in order.
std::vector<MigrationSource> pending_migrations(int from_version);

// Applies every pending migration, each in its own IMMEDIATE transaction that
// also stamps application_id and user_version. On failure the database keeps
// the version of the last migration that committed; the error is returned.
[[nodiscard]] Result<std::vector<MigrationSource>> apply_migrations(Store& store);

// One schema object as sqlite_master lists it, its SQL text normalised
// (every run of blanks one space, none at the ends).
struct SchemaObject {
  std::string type, name, tbl_name, sql;
  friend bool operator==(const SchemaObject&, const SchemaObject&) = default;
};

// One object of the schema that migrations 1..version produce.
struct ExpectedSchemaRow {
  int version;
  std::string_view type, name, tbl_name, sql;
};

// Every version's schema objects, sorted by version, type and name: computed
// at build time by lnstore_schema_gen, which applies the migrations to an
// empty in-memory database (never a second, hand-written copy of the schema).
const std::vector<ExpectedSchemaRow>& expected_schema_rows();

// The schema objects migrations 1..`version` produce, sorted by type and
// name (from expected_schema_rows; empty for version 0).
[[nodiscard]] Result<std::vector<SchemaObject>> expected_schema(int version);

// Every difference between `store`'s sqlite_master and expected_schema of
// its user_version, one line each: an object missing, one more (a trigger,
// view, index or table lnstore never creates), or one whose SQL differs.
// SQLite's own sqlite_stat tables (made by ANALYZE) are allowed. Read in
// one read transaction (or the caller's), so a concurrent migration is seen
// whole. A schema SQLite cannot parse is the SQLite error
// (database_corrupt, exit 6).
[[nodiscard]] Result<std::vector<std::string>> schema_differences(Store& store);

// Opening a database: fails with incompatible "schema_mismatch" (exit 6)
// when schema_differences finds any, so no command runs on a schema that
// could execute someone else's triggers on our writes, or make our fixed
// SQL fail.
[[nodiscard]] Result<void> verify_schema(Store& store);

}  // namespace lnstore::storage
