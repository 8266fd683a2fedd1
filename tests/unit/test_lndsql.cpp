// lndsql: lnd's kv tables in a SQLite file read as lnd's buckets (bytes
// order whatever the row ids, nested buckets, sequences, lndinit's marker
// left out, the file never changed), the refusals of files that are not
// lnd's, and the DSN and table-prefix rules. PostgreSQL runs against a real
// server in e2e.import_postgres.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <string>
#include <utility>
#include <vector>

#include "core/lndsql/kv_table.hpp"
#include "core/lndsql/postgres_kv.hpp"
#include "core/lndsql/sqlite_kv.hpp"
#include "tests/unit/expect_result.hpp"
#include "tests/unit/scratch_dir.hpp"

using namespace lnstore;

namespace {

// Runs `sql` on a new SQLite file at `path` (lnd's kv table layout, as
// lnd's sqlite backend creates it, when `table` is not empty).
void make_sqlite(const std::filesystem::path& path, const std::string& table, const std::string& rows) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  std::string sql = "CREATE TABLE other (x);";
  if (!table.empty())
    sql += "CREATE TABLE " + table + " (key BLOB NOT NULL, value BLOB, parent_id BIGINT, id INTEGER PRIMARY KEY, sequence BIGINT);"
           "CREATE INDEX " + table + "_p ON " + table + " (parent_id);"
           "CREATE UNIQUE INDEX " + table + "_up ON " + table + " (parent_id, key) WHERE parent_id IS NOT NULL;"
           "CREATE UNIQUE INDEX " + table + "_unp ON " + table + " (key) WHERE parent_id IS NULL;" + rows;
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE_MESSAGE(rc == SQLITE_OK, message);
}

// Row ids deliberately out of key order: lnd's cursor order is the keys'
// bytes order, never insertion order.
const std::string k_rows =
    "INSERT INTO channeldb_kv (id, key, value, parent_id, sequence) VALUES"
    " (1, CAST('b-bucket' AS BLOB), NULL, NULL, 7),"
    " (2, CAST('a-bucket' AS BLOB), NULL, NULL, NULL),"
    " (3, CAST('data-migration-already-migrated' AS BLOB), NULL, NULL, NULL),"
    " (10, x'ff', CAST('v-ff' AS BLOB), 2, NULL),"
    " (11, x'01', CAST('v-01' AS BLOB), 2, NULL),"
    " (12, x'8000', x'', 2, NULL),"
    " (13, CAST('n' AS BLOB), NULL, 2, 3),"
    " (14, x'0100', CAST('v-0100' AS BLOB), 2, NULL),"
    " (20, CAST('x' AS BLOB), CAST('y' AS BLOB), 13, NULL);";

std::vector<std::pair<std::string, std::string>> entries(const lnd::KvBucket& bucket) {
  std::vector<std::pair<std::string, std::string>> out;
  REQUIRE(bucket.for_each([&](const lnd::KvEntry& e) -> Result<void> {
    out.emplace_back(util::to_hex(e.key), e.is_bucket ? "<bucket>" : std::string(e.value.begin(), e.value.end()));
    return {};
  }));
  return out;
}

std::string hex_of(std::string_view text) { return util::to_hex(util::Bytes(text.begin(), text.end())); }

util::Bytes bytes(std::string_view hex) { return test::require_value(util::from_hex(hex, "key")); }

}  // namespace

TEST_CASE("a SQLite kv table reads as lnd's buckets: bytes order, nesting, sequences, the migration marker left out") {
  test::ScratchDir dir;
  const auto path = dir / "node-data";  // recognised by content, not by name
  make_sqlite(path, "channeldb_kv", k_rows);
  const std::string before = test::slurp(path);
  CHECK(lndsql::looks_like_sqlite(path));

  {
    auto source = test::require_value(lndsql::open_sqlite_kv(path, "channeldb", {}));
    CHECK(source->kind() == "sqlite");
    const lnd::KvBucket root = source->root();
    CHECK(entries(root) == std::vector<std::pair<std::string, std::string>>{{hex_of("a-bucket"), "<bucket>"},
                                                                           {hex_of("b-bucket"), "<bucket>"}});
    auto a = test::require_value(root.bucket("a-bucket"));
    REQUIRE(a);
    CHECK(entries(*a) == std::vector<std::pair<std::string, std::string>>{
                             {"01", "v-01"}, {"0100", "v-0100"}, {"6e", "<bucket>"}, {"8000", ""}, {"ff", "v-ff"}});
    CHECK(test::require_value(a->get(bytes("01"))) == std::optional<util::Bytes>(util::Bytes{'v', '-', '0', '1'}));
    // Present and empty is not absent.
    CHECK(test::require_value(a->get(bytes("8000"))) == std::optional<util::Bytes>(util::Bytes{}));
    CHECK_FALSE(test::require_value(a->get(bytes("02"))));
    CHECK_FALSE(test::require_value(a->bucket("01")));  // a value, not a bucket
    auto n = test::require_value(a->bucket("n"));
    REQUIRE(n);
    CHECK(n->sequence() == 3);
    CHECK(test::require_value(n->get("x")) == std::optional<util::Bytes>(util::Bytes{'y'}));
    auto b = test::require_value(root.bucket("b-bucket"));
    REQUIRE(b);
    CHECK(b->sequence() == 7);
    CHECK(a->sequence() == 0);  // NULL reads as 0, as lnd's Sequence()
    CHECK_FALSE(test::require_value(root.bucket(lndsql::k_already_migrated)));
    CHECK(source->counters().reads > 0);
  }
  CHECK(test::slurp(path) == before);  // read-only: not a byte changed
}

TEST_CASE("SQLite files that are not lnd's kv tables are refused, and only regular files are opened") {
  test::ScratchDir dir;
  make_sqlite(dir / "plain.sqlite", "", "");
  test::require_error(lndsql::open_sqlite_kv(dir / "plain.sqlite", "channeldb", {}), "not_lnd_sql", ExitClass::incompatible);

  make_sqlite(dir / "wallet.sqlite", "walletdb_kv", "");
  const Error missing = test::require_error(lndsql::open_sqlite_kv(dir / "wallet.sqlite", "channeldb", {}), "lnd_kv_table_missing",
                                            ExitClass::incompatible);
  CHECK(missing.message.find("walletdb") != std::string::npos);  // names the tables that are there

  test::require_error(lndsql::open_sqlite_kv(dir / "absent.sqlite", "channeldb", {}), "source_not_found", ExitClass::io);

  {
    std::ofstream text(dir / "notes.txt");
    text << "SQLite format 2, not really\n";
  }
  CHECK_FALSE(lndsql::looks_like_sqlite(dir / "notes.txt"));
  CHECK_FALSE(lndsql::looks_like_sqlite(dir.path()));
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
  CHECK_FALSE(lndsql::looks_like_sqlite(dir / "fifo"));  // returns at once: a FIFO is never opened
}

TEST_CASE("DSNs lose their password in every message, and table prefixes follow lnd's namespaces") {
  CHECK(lndsql::scrub_dsn("postgresql://lnd:s3cret@db.example/lnd?sslmode=require").find("s3cret") == std::string::npos);
  CHECK(lndsql::scrub_dsn("postgresql://lnd:s3cret@db.example/lnd") == "postgresql://lnd@db.example/lnd");
  CHECK(lndsql::scrub_dsn("host=/run/pg dbname=lnd password=s3cret user=lnd") == "host=/run/pg dbname=lnd password=*** user=lnd");
  CHECK(lndsql::scrub_dsn("postgres:///lnd?host=/run/pg&password=s3cret&user=lnd") == "postgres:///lnd?host=/run/pg&password=***&user=lnd");
  CHECK(lndsql::scrub_dsn("postgresql:///lnd?host=/run/pg") == "postgresql:///lnd?host=/run/pg");

  CHECK(lndsql::valid_table_prefix("channeldb"));
  CHECK(lndsql::valid_table_prefix("towerclientdb"));
  CHECK(lndsql::valid_table_prefix(std::string(63, 'a')));
  CHECK_FALSE(lndsql::valid_table_prefix(std::string(64, 'a')));
  CHECK_FALSE(lndsql::valid_table_prefix(""));
  CHECK_FALSE(lndsql::valid_table_prefix("ChannelDB"));
  CHECK_FALSE(lndsql::valid_table_prefix("channel db"));
  CHECK_FALSE(lndsql::valid_table_prefix("x;DROP TABLE y"));
}
