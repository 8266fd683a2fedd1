#include "core/storage/migration.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "core/util/fault_injection.hpp"
#include "core/storage/schema_text.hpp"
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

void sort_objects(std::vector<SchemaObject>& objects) {
  std::sort(objects.begin(), objects.end(),
            [](const SchemaObject& a, const SchemaObject& b) { return std::tie(a.type, a.name) < std::tie(b.type, b.name); });
}

}  // namespace

Result<std::vector<SchemaObject>> expected_schema(int version) {
  std::vector<SchemaObject> out;
  for (const ExpectedSchemaRow& r : expected_schema_rows())
    if (r.version == version) out.push_back({std::string(r.type), std::string(r.name), std::string(r.tbl_name), std::string(r.sql)});
  if (out.empty() && version != 0)
    return fail(ExitClass::internal, "schema_unknown", "no expected schema for version " + std::to_string(version));
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
