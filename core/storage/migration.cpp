#include "core/storage/migration.hpp"

#include "core/util/fault_injection.hpp"
#include "core/storage/store.hpp"

namespace lnstore::storage {

int latest_schema_version() {
  const auto& all = migration_sources();
  return all.empty() ? 0 : all.back().version;
}

std::vector<MigrationSource> pending_migrations(int from_version) {
  std::vector<MigrationSource> out;
  for (const auto& m : migration_sources())
    if (m.version > from_version) out.push_back(m);
  return out;
}

Result<std::vector<MigrationSource>> apply_migrations(Store& store) {
  auto from = LNSTORE_TRY(store.pragma_int("user_version"));
  std::vector<MigrationSource> applied;
  for (const auto& m : pending_migrations(static_cast<int>(from))) {
    Transaction tx(store);
    LNSTORE_TRY(tx.begin());
    // Re-read inside the lock: another process may have migrated meanwhile.
    auto now = LNSTORE_TRY(store.pragma_int("user_version"));
    if (now >= m.version) continue;
    if (auto r = store.exec(m.sql); !r) {
      Error e = r.error();
      e.message = "migration " + std::to_string(m.version) + " (" + std::string(m.name) + ") failed: " + e.message;
      return std::unexpected(e);
    }
    if (util::fault::should_fail("migration.step"))
      return fail(ExitClass::io, "io_error", "injected fault: migration " + std::to_string(m.version));
    LNSTORE_TRY(store.exec("PRAGMA application_id=" + std::to_string(k_application_id) +
                           "; PRAGMA user_version=" + std::to_string(m.version) + ";"));
    LNSTORE_TRY(tx.commit());
    applied.push_back(m);
  }
  return applied;
}

}  // namespace lnstore::storage
