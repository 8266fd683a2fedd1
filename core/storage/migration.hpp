// Versioned schema migrations, embedded from migrations/NNNN_name.sql.
#pragma once

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

}  // namespace lnstore::storage
