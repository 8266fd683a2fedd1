#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "core/storage/database.hpp"
#include "core/storage/db_admin.hpp"
#include "core/codec/tower_address.hpp"
#include "core/wtclient/wtclient.hpp"
#include "store_fixture.hpp"
#include "test_keys.hpp"

using namespace lnstore;

TEST_CASE("db check: a consistent database has no problems") {
  test::StoreFixture f;
  auto r = storage::db_check(f.store).value();
  CHECK(r.ok());
  CHECK(r.problems.empty());
  CHECK(storage::to_json(r) == nlohmann::ordered_json{{"ok", true}, {"problems", nlohmann::ordered_json::array()}});
}

TEST_CASE("db check reports every broken invariant") {
  test::StoreFixture f;
  auto tower = wtclient::add_tower(f.store, codec::NodeAddress{test::point(1), codec::parse_net_address("1.2.3.4", 9911).value()}).value();
  auto res = wtclient::reserve_key_index(f.store, tower.id, 2, false).value();
  wtclient::NewSession s{test::point_bytes(5), tower.id, res.key_index, wtclient::Policy{}, {}};
  REQUIRE(wtclient::create_session(f.store, s));
  // Corrupt it behind the model's back: last_applied above seqnum, an
  // address-less tower, a lagging allocator, and a dangling foreign key.
  REQUIRE(f.store.exec("UPDATE sessions SET tower_last_applied = 5"));
  REQUIRE(f.store.exec("DELETE FROM tower_addresses"));
  REQUIRE(f.store.exec("UPDATE sequences SET value = 0 WHERE name = 'tower_id'"));
  REQUIRE(f.store.exec("PRAGMA foreign_keys=OFF; INSERT INTO closable_sessions VALUES (99, 1); PRAGMA foreign_keys=ON;"));
  auto r = storage::db_check(f.store).value();
  CHECK_FALSE(r.ok());
  std::set<std::string> kinds;
  for (const auto& p : r.problems) kinds.insert(p.kind);
  for (const auto& p : r.problems)
    if (p.kind == "last_applied_ahead") CHECK(p.subject == util::to_hex(test::point_bytes(5)));
  auto j = storage::to_json(r);
  CHECK(j["ok"] == false);
  CHECK(j["problems"].size() == r.problems.size());
  CHECK(kinds.contains("last_applied_ahead"));
  CHECK(kinds.contains("tower_without_address"));
  CHECK(kinds.contains("sequence_behind"));
  CHECK(kinds.contains("foreign_key"));
}

TEST_CASE("db info counts rows") {
  test::StoreFixture f;
  wtclient::add_tower(f.store, codec::NodeAddress{test::point(1), codec::parse_net_address("1.2.3.4", 9911).value()}).value();
  auto info = storage::db_info(f.store).value();
  CHECK(info["counts"]["towers"] == 1);
  CHECK(info["journal_mode"] == "wal");
  CHECK(info["schema_version"] == info["latest_version"]);
}

TEST_CASE("db backup copies consistently and refuses to overwrite") {
  test::StoreFixture f;
  wtclient::add_tower(f.store, codec::NodeAddress{test::point(1), codec::parse_net_address("1.2.3.4", 9911).value()}).value();
  auto dest = f.dir / "copy.db";
  REQUIRE(storage::db_backup(f.store, dest));
  storage::StoreOptions o;
  o.path = dest;
  auto copy = storage::open_store(o);
  REQUIRE(copy);
  CHECK(storage::db_info(*copy).value()["counts"]["towers"] == 1);
  auto again = storage::db_backup(f.store, dest);
  REQUIRE_FALSE(again);
  CHECK(again.error().code == "file_exists");
}

TEST_CASE("db migrate: a dry run lists the pending migrations and changes nothing") {
  test::ScratchDir dir;
  storage::StoreOptions o;
  o.path = dir / "lnstore.db";
  o.create = true;
  o.migrate = false;
  auto store = storage::open_store(o).value();
  auto dry = storage::db_migrate(store, true).value();
  CHECK(dry.dry_run);
  CHECK(dry.from == 0);
  CHECK(dry.to == storage::latest_schema_version());
  CHECK(static_cast<int>(dry.applied.size()) == storage::latest_schema_version());
  CHECK(store.pragma_int("user_version").value() == 0);
  auto real = storage::db_migrate(store, false).value();
  CHECK_FALSE(real.dry_run);
  CHECK(real.to == storage::latest_schema_version());
  CHECK(real.applied.size() == dry.applied.size());
  CHECK(store.pragma_int("user_version").value() == storage::latest_schema_version());
  CHECK(storage::to_json(real)["applied"][0]["version"] == 1);
  // `from` is the version the database had when it was opened.
  auto reopened = storage::open_store(o).value();
  auto again = storage::db_migrate(reopened, false).value();
  CHECK(again.applied.empty());
  CHECK(again.from == storage::latest_schema_version());
  CHECK(again.to == again.from);
}

TEST_CASE("db init report: path, version and whether the open created the file") {
  test::StoreFixture f;
  auto r = storage::db_init_report(f.store).value();
  CHECK(r.created);
  CHECK(r.path.is_absolute());
  CHECK(r.schema_version == storage::latest_schema_version());
}

TEST_CASE("the expected schema is generated from the migrations, and any other object is a difference") {
  // Version 0 is nothing; the latest holds the channels table, migration 6's
  // triggers and no view; a version no migration reaches has no schema.
  CHECK(storage::expected_schema(0).value().empty());
  CHECK_FALSE(storage::expected_schema(storage::latest_schema_version() + 1));
  auto latest = storage::expected_schema(storage::latest_schema_version()).value();
  auto has = [&](std::string_view type, std::string_view name) {
    return std::ranges::any_of(latest, [&](const storage::SchemaObject& o) { return o.type == type && o.name == name; });
  };
  CHECK(has("table", "channels"));
  CHECK(has("trigger", "channels_backup_inserted"));
  CHECK_FALSE(has("trigger", "planted"));
  CHECK(std::ranges::none_of(latest, [](const storage::SchemaObject& o) { return o.type == "view"; }));
  // Version 1 is the watchtower client alone: no channels yet.
  auto first = storage::expected_schema(1).value();
  CHECK(std::ranges::any_of(first, [](const storage::SchemaObject& o) { return o.name == "towers"; }));
  CHECK(std::ranges::none_of(first, [](const storage::SchemaObject& o) { return o.name == "channels"; }));

  test::StoreFixture f;
  CHECK(storage::schema_differences(f.store).value().empty());
  CHECK(storage::verify_schema(f.store));
  for (const char* planted : {"CREATE TRIGGER planted AFTER INSERT ON towers BEGIN DELETE FROM peers; END",
                              "CREATE VIEW planted AS SELECT 1", "CREATE INDEX planted ON towers (id)", "CREATE TABLE planted (x)"}) {
    INFO(planted);
    REQUIRE(f.store.exec(planted));
    auto diffs = storage::schema_differences(f.store).value();
    REQUIRE(diffs.size() == 1);
    CHECK(diffs.front().find("planted is not lnstore's") != std::string::npos);
    auto refused = storage::verify_schema(f.store);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().exit == ExitClass::incompatible);
    CHECK(refused.error().code == "schema_mismatch");
    auto report = storage::db_check(f.store).value();
    CHECK(std::ranges::any_of(report.problems, [](const storage::CheckProblem& p) { return p.kind == "schema"; }));
    auto drop = std::string("DROP ") + (planted + 7);
    REQUIRE(f.store.exec(drop.substr(0, drop.find(' ', drop.find("planted")))));
    CHECK(storage::schema_differences(f.store).value().empty());
  }
  // A lowered version is a schema that version never had.
  REQUIRE(f.store.exec("PRAGMA user_version = 2"));
  CHECK_FALSE(storage::schema_differences(f.store).value().empty());
  REQUIRE(f.store.exec("PRAGMA user_version = " + std::to_string(storage::latest_schema_version())));
  // ANALYZE's statistics tables are SQLite's own, not a difference.
  REQUIRE(f.store.exec("ANALYZE"));
  CHECK(storage::schema_differences(f.store).value().empty());
}

TEST_CASE("text that is not UTF-8 is refused as a damaged database, and db check reports it") {
  test::StoreFixture f;
  REQUIRE(f.store.exec("INSERT INTO peers (pubkey, created_at) VALUES (x'020000000000000000000000000000000000000000000000000000000000000000', '2024-01-01T00:00:00Z')"));
  REQUIRE(f.store.exec("INSERT INTO peer_addresses (peer_pubkey, address, seq) VALUES (x'020000000000000000000000000000000000000000000000000000000000000000', CAST(x'31ff' AS TEXT), 1)"));
  auto q = f.store.query("SELECT address FROM peer_addresses");
  auto row = q->step();
  REQUIRE_FALSE(row);
  CHECK(row.error().exit == ExitClass::incompatible);
  CHECK(row.error().code == "database_corrupt");
  auto report = storage::db_check(f.store).value();
  CHECK(std::ranges::any_of(report.problems, [](const storage::CheckProblem& p) { return p.kind == "invalid_utf8" && p.subject == "peer_addresses"; }));
}
