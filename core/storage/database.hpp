// Opening a database: connect (identity and version checks), then migrate.
// The two live apart (store.hpp knows nothing of migrations, migration.hpp
// works on any connected Store); this factory composes them, as Bitcoin
// Core's MakeSQLiteDatabase composes its connection and its verification.
#pragma once

#include <string>

#include "core/storage/store.hpp"
#include "core/util/error.hpp"

namespace lnstore::storage {

// Store::connect with this binary's newest schema version, then (with
// options.verify_schema) verify_schema, then, with
// options.migrate, every pending migration (each in its own transaction, see
// apply_migrations). Fails as Store::connect does, or with the error of the
// first migration that failed: the database then keeps the version of the
// last migration that committed.
[[nodiscard]] Result<Store> open_store(const StoreOptions& options);

// The SQLite library lnstore runs with (sqlite3_libversion: the library
// loaded at run time, which may differ from the header it was built with).
std::string sqlite_library_version();

}  // namespace lnstore::storage
