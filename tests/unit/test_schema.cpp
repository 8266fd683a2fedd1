// schema/schema.sql must be exactly what the migrations produce.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "core/storage/database.hpp"
#include "core/storage/store.hpp"
#include "scratch_dir.hpp"

using namespace lnstore;

namespace {
std::string normalize(std::string sql) {
  sql = std::regex_replace(sql, std::regex("--[^\n]*"), "");
  sql = std::regex_replace(sql, std::regex("\\s+"), " ");
  sql = std::regex_replace(sql, std::regex(" ?([(),]) ?"), "$1");
  return sql;
}
std::map<std::string, std::string> objects(sqlite3* db) {
  std::map<std::string, std::string> out;
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT type || ' ' || name, coalesce(sql, '') FROM sqlite_master", -1, &st, nullptr) == SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW)
    out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = normalize(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)));
  sqlite3_finalize(st);
  return out;
}
}  // namespace

TEST_CASE("schema.sql equals the schema the migrations produce") {
  test::ScratchDir dir;
  storage::StoreOptions o;
  o.path = dir / "m.db";
  o.create = true;
  auto store = storage::open_store(o);
  REQUIRE(store);
  auto migrated = objects(store->handle());

  std::ifstream in(std::string(LNSTORE_SOURCE_DIR) + "/schema/schema.sql");
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  char* err = nullptr;
  REQUIRE_MESSAGE(sqlite3_exec(db, ss.str().c_str(), nullptr, nullptr, &err) == SQLITE_OK, (err ? err : ""));
  auto declared = objects(db);
  sqlite3_close(db);

  CHECK(migrated.size() == declared.size());
  for (const auto& [name, sql] : migrated) {
    INFO(name);
    REQUIRE(declared.contains(name));
    CHECK(declared[name] == sql);
  }
}
