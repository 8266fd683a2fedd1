#include "core/storage/database.hpp"

#include <sqlite3.h>

#include "core/storage/migration.hpp"

namespace lnstore::storage {

Result<Store> open_store(const StoreOptions& options) {
  Store store = LNSTORE_TRY(Store::connect(options, latest_schema_version()));
  // Before any migration or command writes: a planted trigger would run on
  // our writes, and SQL written for another schema fails where it runs.
  if (options.verify_schema) LNSTORE_TRY(verify_schema(store));
  if (options.migrate && store.opened_version() < latest_schema_version()) LNSTORE_TRY(apply_migrations(store));
  return store;
}

std::string sqlite_library_version() { return sqlite3_libversion(); }

}  // namespace lnstore::storage
