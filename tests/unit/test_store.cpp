#include <doctest/doctest.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "core/storage/migration.hpp"
#include "core/storage/database.hpp"
#include "core/storage/statement.hpp"
#include "core/storage/store.hpp"
#include "core/util/hex.hpp"
#include "scratch_dir.hpp"

using namespace lnstore;
using lnstore::test::ScratchDir;
using lnstore::test::slurp;

TEST_SUITE_BEGIN("store");

namespace {
Result<storage::Store> open_at(const std::filesystem::path& p, bool create) {
  storage::StoreOptions o;
  o.path = p;
  o.create = create;
  o.busy_timeout_ms = 100;
  return storage::open_store(o);
}
// Runs `sql` on the SQLite file at `p` (created if absent) with SQLite itself.
void sqlite_exec_at(const std::filesystem::path& p, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(p.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}
// Opening (creating) the file at `p` is refused as incompatible and leaves it
// byte for byte as it was; returns the error.
Error refused_untouched(const std::filesystem::path& p) {
  const auto before = slurp(p);
  auto r = open_at(p, true);
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::incompatible);
  CHECK(slurp(p) == before);
  return r.error();
}
}  // namespace

TEST_CASE("a missing database is an I/O error unless creating") {
  ScratchDir dir;
  auto r = open_at(dir / "none.db", false);
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::io);
  CHECK(r.error().code == "database_not_found");
  CHECK_FALSE(std::filesystem::exists(dir / "none.db"));
}

TEST_CASE("creating stamps identity and version, mode 0600, WAL") {
  ScratchDir dir;
  auto s = open_at(dir / "sub" / "new.db", true);
  REQUIRE(s);
  CHECK(s->created());
  CHECK(s->pragma_int("application_id").value() == storage::k_application_id);
  CHECK(s->pragma_int("user_version").value() == storage::latest_schema_version());
  CHECK(s->pragma_int("foreign_keys").value() == 1);
  CHECK(s->pragma_int("synchronous").value() == 2);  // FULL
  struct stat st {};
  REQUIRE(::stat((dir / "sub" / "new.db").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto mode = s->query("PRAGMA journal_mode");
  REQUIRE(mode->step().value());
  CHECK(mode->column_text(0) == "wal");
}

TEST_CASE("reopening does not re-create or re-migrate") {
  ScratchDir dir;
  { REQUIRE(open_at(dir / "a.db", true)); }
  auto s = open_at(dir / "a.db", false);
  REQUIRE(s);
  CHECK_FALSE(s->created());
  CHECK(s->opened_version() == storage::latest_schema_version());
}

TEST_CASE("a newer database is refused untouched") {
  ScratchDir dir;
  {
    auto s = open_at(dir / "n.db", true);
    REQUIRE(s);
    REQUIRE(s->exec("PRAGMA user_version=" + std::to_string(storage::latest_schema_version() + 1)));
    REQUIRE(s->exec("PRAGMA wal_checkpoint(TRUNCATE)"));
  }
  CHECK(refused_untouched(dir / "n.db").code == "database_too_new");
}

TEST_CASE("a foreign SQLite file is refused untouched") {
  ScratchDir dir;
  sqlite_exec_at(dir / "f.db", "CREATE TABLE other(x); INSERT INTO other VALUES (1);");
  refused_untouched(dir / "f.db");

  SUBCASE("another application id") {
    sqlite_exec_at(dir / "g.db", "PRAGMA application_id=42;");
    auto g = open_at(dir / "g.db", true);
    REQUIRE_FALSE(g);
    CHECK(g.error().code == "not_lnstore_database");
  }
}

TEST_CASE("a file that is not SQLite is refused untouched") {
  ScratchDir dir;
  std::ofstream(dir / "x.db") << std::string(4096, 'x');
  refused_untouched(dir / "x.db");
}

TEST_CASE("an empty file is initialised only when creating; reading it fails and leaves it as it was") {
  ScratchDir dir;
  const auto path = dir / "empty.db";
  std::ofstream(path).close();
  auto r = open_at(path, false);
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::incompatible);
  CHECK(r.error().code == "database_empty");
  CHECK(std::filesystem::file_size(path) == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "empty.db-wal"));
  CHECK_FALSE(std::filesystem::exists(dir / "empty.db-shm"));
  CHECK_FALSE(std::filesystem::exists(dir / "empty.db-journal"));

  SUBCASE("a blank SQLite file (no tables, no id) is empty too") {
    sqlite_exec_at(dir / "blank.db", "CREATE TABLE t(x); DROP TABLE t;");
    auto before = slurp(dir / "blank.db");
    REQUIRE_FALSE(before.empty());
    auto b = open_at(dir / "blank.db", false);
    REQUIRE_FALSE(b);
    CHECK(b.error().code == "database_empty");
    CHECK(slurp(dir / "blank.db") == before);
  }
  SUBCASE("creating initialises it") {
    auto s = open_at(path, true);
    REQUIRE_MESSAGE(s, (s ? "" : s.error().code));
    CHECK(s->created());
    CHECK(s->pragma_int("application_id").value() == storage::k_application_id);
  }
}

TEST_CASE("a directory or FIFO at the database path is refused") {
  ScratchDir dir;
  std::filesystem::create_directory(dir / "d.db");
  REQUIRE(::mkfifo((dir / "f.db").c_str(), 0600) == 0);
  for (const char* name : {"d.db", "f.db"}) {
    for (bool create : {false, true}) {
      CAPTURE(name);
      CAPTURE(create);
      auto r = open_at(dir / name, create);
      REQUIRE_FALSE(r);
      CHECK(r.error().exit == ExitClass::io);
      CHECK(r.error().code == "not_a_regular_file");
    }
  }
}

TEST_CASE("a writer waiting past the busy timeout gets exit class busy") {
  ScratchDir dir;
  auto a = open_at(dir / "b.db", true);
  REQUIRE(a);
  REQUIRE(a->begin());
  auto b = open_at(dir / "b.db", false);
  REQUIRE(b);
  auto r = b->begin();
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::busy);
  a->rollback();
  CHECK(b->begin());
}

TEST_CASE("a failing migration leaves the previous version intact") {
  ScratchDir dir;
  auto s = open_at(dir / "m.db", true);
  REQUIRE(s);
  // Roll the database back to version 0 with an object the first migration
  // also creates, so re-running it fails half-way.
  REQUIRE(s->exec("PRAGMA user_version=0"));
  auto r = storage::apply_migrations(*s);
  REQUIRE_FALSE(r);
  CHECK(s->pragma_int("user_version").value() == 0);
  CHECK_FALSE(s->in_transaction());
}


TEST_CASE("a reused SQL buffer never gets another query's cached statement") {
  ScratchDir dir;
  auto s = open_at(dir / "cache.db", true);
  REQUIRE(s);
  // One address, two texts: the statement cache must follow the text.
  char buffer[32] = {};
  for (int value : {1, 2, 3, 2}) {
    const std::string sql = "SELECT " + std::to_string(value);
    std::snprintf(buffer, sizeof buffer, "%s", sql.c_str());
    auto q = s->query(static_cast<const char*>(buffer));
    REQUIRE(q->step().value());
    CHECK(q->column_int(0) == value);
  }
}

namespace {
std::int64_t count_towers(storage::Store& s) {
  auto q = s.query("SELECT count(*) FROM towers");
  REQUIRE(q->step().value());
  return q->column_int(0);
}
// Two connections to one new database `name` in `dir`: the first creates it.
std::pair<storage::Store, storage::Store> two_connections(const ScratchDir& dir, const std::string& name) {
  auto first = open_at(dir / name, true);
  REQUIRE(first);
  auto second = open_at(dir / name, false);
  REQUIRE(second);
  return {std::move(*first), std::move(*second)};
}
void insert_tower(storage::Store& s, std::int64_t id) {
  auto q = s.query("INSERT INTO towers (id, pubkey, status) VALUES (?1, ?2, 0)");
  q->bind(1, id).bind(2, util::Bytes(33, static_cast<std::uint8_t>(id)));
  REQUIRE(q->run());
}
}  // namespace

TEST_CASE("a read transaction sees one snapshot and ends when it goes out of scope") {
  ScratchDir dir;
  auto [reader, writer] = two_connections(dir, "r.db");
  {
    auto tx = storage::ReadTransaction::begin(reader);
    REQUIRE(tx);
    CHECK(reader.in_transaction());
    CHECK(count_towers(reader) == 0);
    // WAL: a reader does not block a writer, and does not see its commit.
    insert_tower(writer, 1);
    CHECK(count_towers(reader) == 0);
    auto moved = std::move(*tx);
    CHECK(reader.in_transaction());
  }
  CHECK_FALSE(reader.in_transaction());
  CHECK(count_towers(reader) == 1);
}

TEST_CASE("a read transaction keeps nothing written through it") {
  ScratchDir dir;
  auto s = open_at(dir / "w.db", true);
  REQUIRE(s);
  {
    auto tx = storage::ReadTransaction::begin(*s);
    REQUIRE(tx);
    insert_tower(*s, 2);
    CHECK(count_towers(*s) == 1);
  }
  CHECK(count_towers(*s) == 0);
}

TEST_CASE("a read transaction cannot begin inside another transaction") {
  ScratchDir dir;
  auto s = open_at(dir / "n.db", true);
  REQUIRE(s);
  REQUIRE(s->begin());
  auto tx = storage::ReadTransaction::begin(*s);
  REQUIRE_FALSE(tx);
  CHECK(s->in_transaction());  // the open transaction is not ended by the failed begin
  s->rollback();
}

TEST_CASE("a savepoint keeps its changes only when released") {
  ScratchDir dir;
  auto s = open_at(dir / "s.db", true);
  REQUIRE(s);
  storage::Transaction tx(*s);
  REQUIRE(tx.begin());
  {
    auto sp = storage::Savepoint::begin(*s);
    REQUIRE(sp);
    insert_tower(*s, 3);
  }
  CHECK(count_towers(*s) == 0);
  CHECK(s->in_transaction());  // the enclosing transaction stays open
  {
    auto sp = storage::Savepoint::begin(*s);
    REQUIRE(sp);
    insert_tower(*s, 4);
    REQUIRE(sp->release());
  }
  CHECK(count_towers(*s) == 1);
  REQUIRE(tx.commit());
  CHECK(count_towers(*s) == 1);
}

TEST_CASE("data_version changes when another connection commits") {
  ScratchDir dir;
  auto [a, b] = two_connections(dir, "d.db");
  auto before = a.data_version().value();
  CHECK(a.data_version().value() == before);
  insert_tower(b, 5);
  CHECK(a.data_version().value() != before);
}

TEST_CASE("a full database is disk_full (exit 7), as a full disk is, and the failed write leaves nothing") {
  ScratchDir dir;
  auto s = open_at(dir / "full.db", true);
  REQUIRE(s);
  REQUIRE(s->exec("CREATE TABLE filler(x BLOB)"));
  REQUIRE(s->exec("INSERT INTO filler VALUES (x'00')"));
  // No page beyond those in use: the next write that needs one fails with
  // SQLITE_FULL, exactly as when the filesystem has no room.
  const std::int64_t pages = s->pragma_int("page_count").value();
  REQUIRE(s->pragma_int("max_page_count = " + std::to_string(pages)).value() == pages);
  {
    storage::Transaction tx(*s);
    REQUIRE(tx.begin());
    auto r = s->exec("INSERT INTO filler VALUES (randomblob(100000))");
    REQUIRE_FALSE(r);
    CHECK(r.error().exit == ExitClass::io);
    CHECK(r.error().code == "disk_full");
  }
  {
    // The same through a prepared statement.
    storage::Transaction tx(*s);
    REQUIRE(tx.begin());
    auto q = s->query("INSERT INTO filler VALUES (randomblob(100000))");
    auto step = q->step();
    REQUIRE_FALSE(step);
    CHECK(step.error().exit == ExitClass::io);
    CHECK(step.error().code == "disk_full");
  }
  CHECK_FALSE(s->in_transaction());
  auto count = s->query("SELECT count(*) FROM filler");
  REQUIRE(count->step().value());
  CHECK(count->column_int(0) == 1);
  // The mapping itself: FULL is disk_full, other I/O errors stay io_error.
  CHECK(storage::sqlite_error(nullptr, SQLITE_FULL, "write").code == "disk_full");
  CHECK(storage::sqlite_error(nullptr, SQLITE_IOERR_WRITE, "write").code == "io_error");
  CHECK(storage::sqlite_error(nullptr, SQLITE_IOERR_WRITE, "write").exit == ExitClass::io);
}

TEST_SUITE_END();
