#include "core/storage/migration.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>

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

namespace {

std::string normalise_sql(std::string_view sql) {
  std::string out;
  bool blank = false;
  for (char c : sql) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out += ' ';
    blank = false;
    out += c;
  }
  return out;
}

constexpr const char* k_schema_query =
    "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"
    " WHERE NOT (type = 'table' AND name LIKE 'sqlite\\_stat%' ESCAPE '\\') ORDER BY type, name";

void sort_objects(std::vector<SchemaObject>& objects) {
  std::sort(objects.begin(), objects.end(),
            [](const SchemaObject& a, const SchemaObject& b) { return std::tie(a.type, a.name) < std::tie(b.type, b.name); });
}

}  // namespace

Result<std::vector<SchemaObject>> expected_schema(int version) {
  // Computed once per version and process: a few milliseconds of DDL.
  static std::mutex mutex;
  static std::map<int, std::vector<SchemaObject>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(version); it != cache.end()) return it->second;

  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> db(raw, &sqlite3_close_v2);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(raw, rc, "in-memory schema"));
  for (const auto& m : migration_sources()) {
    if (m.version > version) break;
    std::string sql(m.sql);
    rc = sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(sqlite_error(db.get(), rc, "migration " + std::to_string(m.version) + " in memory"));
  }
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v2(db.get(), k_schema_query, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(db.get(), rc, "in-memory schema"));
  std::vector<SchemaObject> out;
  auto text = [&](int col) { return std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, col))); };
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) out.push_back({text(0), text(1), text(2), normalise_sql(text(3))});
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) return std::unexpected(sqlite_error(db.get(), rc, "in-memory schema"));
  sort_objects(out);
  cache.emplace(version, out);
  return out;
}

Result<std::vector<std::string>> schema_differences(Store& store) {
  std::optional<ReadTransaction> tx;
  if (!store.in_transaction()) tx.emplace(LNSTORE_TRY(ReadTransaction::begin(store)));
  std::vector<SchemaObject> actual;
  {
    auto q = store.query(k_schema_query);
    while (LNSTORE_TRY(q->step()))
      actual.push_back({q->column_text(0), q->column_text(1), q->column_text(2), normalise_sql(q->column_text(3))});
  }
  const auto version = LNSTORE_TRY(store.pragma_int("user_version"));
  sort_objects(actual);
  std::vector<std::string> out;
  if (version < 0 || version > latest_schema_version()) {
    out.push_back("user_version " + std::to_string(version) + " is no schema version this lnstore knows");
    return out;
  }
  const auto expected = LNSTORE_TRY(expected_schema(static_cast<int>(version)));
  auto key = [](const SchemaObject& o) { return o.type + " " + o.name; };
  std::map<std::string, const SchemaObject*> want, have;
  for (const auto& o : expected) want[key(o)] = &o;
  for (const auto& o : actual) have[key(o)] = &o;
  const std::string at = " (schema version " + std::to_string(version) + ")";
  for (const auto& [k, o] : want)
    if (!have.contains(k)) out.push_back(k + " is missing" + at);
  for (const auto& [k, o] : have) {
    auto w = want.find(k);
    if (w == want.end()) {
      out.push_back(k + " is not lnstore's" + at);
      continue;
    }
    if (w->second->tbl_name != o->tbl_name || w->second->sql != o->sql) out.push_back(k + " differs from lnstore's" + at);
  }
  return out;
}

Result<void> verify_schema(Store& store) {
  auto diffs = LNSTORE_TRY(schema_differences(store));
  if (diffs.empty()) return {};
  return fail(ExitClass::incompatible, "schema_mismatch",
              store.path().string() + ": the schema is not the one lnstore made (" + diffs.front() +
                  (diffs.size() > 1 ? ", and " + std::to_string(diffs.size() - 1) + " more" : std::string()) +
                  "); nothing was changed. 'lnstore db check' lists every difference",
              {{"differences", diffs}});
}

}  // namespace lnstore::storage
