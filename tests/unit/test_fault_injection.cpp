// Failures injected at each storage and file-write point leave no
// half-applied state, and carry the exit class the CLI turns into its code.
#include <doctest/doctest.h>

#include <fstream>

#include "core/util/atomic_file.hpp"
#include "core/backup/channel_backup.hpp"
#include "core/storage/db_admin.hpp"
#include "core/util/fault_injection.hpp"
#include "core/storage/database.hpp"
#include "core/storage/migration.hpp"
#include "core/ops/operations.hpp"
#include "core/backup/backup_cipher.hpp"
#include "store_fixture.hpp"
#include "test_keys.hpp"

using namespace lnstore;
using Json = nlohmann::ordered_json;

using test::entry_count;
using test::slurp;

namespace {

util::fault::Hook fail_at(std::string point) {
  return [point](std::string_view p) { return p == point; };
}

// Runs one operation the way a command does: a transaction, commit.
Result<Json> run_in_transaction(storage::Store& store, const char* op, const Json& params) {
  storage::Transaction tx(store);
  LNSTORE_TRY(tx.begin());
  ops::OperationContext ctx;
  auto r = LNSTORE_TRY(ops::run_operation(store, op, params, ctx));
  LNSTORE_TRY(tx.commit());
  return r;
}

std::int64_t count(storage::Store& store, const char* table) {
  auto q = store.query(std::string("SELECT count(*) FROM ") + table);
  REQUIRE(q->step().value());
  return q->column_int(0);
}

}  // namespace

TEST_SUITE_BEGIN("fault_injection");

TEST_CASE("a failed commit leaves the database as it was") {
  test::StoreFixture f;
  Json add = {{"address", util::to_hex(test::point(1)) + "@1.2.3.4"}};
  {
    util::fault::ScopedHook hook(fail_at("sql.commit"));
    auto r = run_in_transaction(f.store, "tower.add", add);
    REQUIRE_FALSE(r);
    CHECK(r.error().exit == ExitClass::io);
  }
  CHECK_FALSE(f.store.in_transaction());
  CHECK(count(f.store, "towers") == 0);
  CHECK(count(f.store, "tower_addresses") == 0);
  auto seq = f.store.query("SELECT value FROM sequences WHERE name = 'tower_id'");
  REQUIRE(seq->step().value());
  CHECK(seq->column_int(0) == 0);  // the allocator did not move either
  seq->reset();
  REQUIRE(run_in_transaction(f.store, "tower.add", add));
  CHECK(count(f.store, "towers") == 1);
}

TEST_CASE("a failed begin is reported and changes nothing") {
  test::StoreFixture f;
  util::fault::ScopedHook hook(fail_at("sql.begin"));
  auto r = run_in_transaction(f.store, "tower.add", Json{{"address", util::to_hex(test::point(1)) + "@1.2.3.4"}});
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::io);
  CHECK(count(f.store, "towers") == 0);
}

TEST_CASE("a failed migration step keeps the previous schema version") {
  test::ScratchDir dir;
  storage::StoreOptions o;
  o.path = dir / "m.db";
  o.create = true;
  {
    // The first migration succeeds, the second fails.
    int step = 0;
    util::fault::ScopedHook hook([&](std::string_view p) { return p == "migration.step" && ++step == 2; });
    auto s = storage::open_store(o);
    REQUIRE_FALSE(s);
    CHECK(s.error().exit == ExitClass::io);
  }
  o.create = false;
  o.migrate = false;
  auto s = storage::open_store(o);
  REQUIRE(s);
  CHECK(s->pragma_int("user_version").value() == 1);
  auto tables = s->query("SELECT count(*) FROM sqlite_master WHERE name = 'channels'");
  REQUIRE(tables->step().value());
  CHECK(tables->column_int(0) == 0);  // nothing of migration 2 remains
  tables->reset();
  REQUIRE(storage::apply_migrations(*s));
  CHECK(s->pragma_int("user_version").value() == storage::latest_schema_version());
}

TEST_CASE("failed writes, fsyncs and renames leave the old file and no temporary") {
  for (const char* point : {"file.create", "file.write", "file.fsync", "file.rename"}) {
    INFO(point);
    test::ScratchDir dir;
    auto target = dir / "f.bin";
    std::ofstream(target) << "old";
    {
      util::fault::ScopedHook hook(fail_at(point));
      auto r = [&]() -> Result<void> {
        auto f = LNSTORE_TRY(util::AtomicFile::create(target));
        const std::uint8_t data[] = {'n', 'e', 'w'};
        LNSTORE_TRY(f.write(data));
        return f.commit();
      }();
      REQUIRE_FALSE(r);
      CHECK(r.error().exit == ExitClass::io);
      if (std::string_view(point) == "file.write") CHECK(r.error().code == "disk_full");
    }
    CHECK(slurp(target) == "old");
    CHECK(entry_count(dir.path()) == 1);
  }
}

TEST_CASE("a failed directory fsync is reported after the rename") {
  test::ScratchDir dir;
  auto target = dir / "f.bin";
  std::ofstream(target) << "old";
  util::fault::ScopedHook hook(fail_at("file.dir_fsync"));
  auto f = util::AtomicFile::create(target).value();
  const std::uint8_t data[] = {'n', 'e', 'w'};
  REQUIRE(f.write(data));
  auto r = f.commit();
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::io);
  // The rename happened: the file is the complete new one, never a mix.
  CHECK(slurp(target) == "new");
  CHECK(entry_count(dir.path()) == 1);
}

TEST_CASE("a backup rewrite that fails keeps the complete old backup") {
  test::StoreFixture f;
  auto key = backup::backup_encryption_key_from_pubkey(test::point(9));
  auto path = f.dir / "channel.backup";
  backup::WriteOptions w;
  REQUIRE(backup::write_backup_file(f.store, path, key.span(), codec::Network::regtest, w));
  auto before = slurp(path);
  for (const char* point : {"file.write", "file.fsync", "file.rename"}) {
    INFO(point);
    util::fault::ScopedHook hook(fail_at(point));
    auto r = backup::write_backup_file(f.store, path, key.span(), codec::Network::regtest, w);
    REQUIRE_FALSE(r);
    CHECK(r.error().exit == ExitClass::io);
    CHECK(slurp(path) == before);
  }
  CHECK(backup::read_backup_file(path, key.span(), false));
}

TEST_SUITE_END();
