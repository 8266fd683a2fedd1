#include "core/lndsql/sqlite_kv.hpp"

#include <sys/stat.h>

#include <array>
#include <cstring>
#include <fstream>
#include <utility>
#include <vector>

#include "core/lndsql/kv_table.hpp"
#include "core/storage/readonly_database.hpp"

namespace lnstore::lndsql {

namespace {

class SqliteRows final : public KvRows {
 public:
  SqliteRows(storage::ReadOnlyDatabase db, std::string table, std::uint64_t file_size)
      : m_db(std::move(db)), m_table(std::move(table)), m_file_size(file_size) {
    m_child = m_db.prepare("SELECT id, value IS NULL, value FROM " + m_table + " WHERE parent_id = ?1 AND key = ?2");
    m_top_child = m_db.prepare("SELECT id, value IS NULL, value FROM " + m_table +
                               " WHERE parent_id IS NULL AND key = ?1");
    m_sequence = m_db.prepare("SELECT sequence FROM " + m_table + " WHERE id = ?1");
  }
  ~SqliteRows() override {
    // Statements before the connection.
    m_child = {};
    m_top_child = {};
    m_sequence = {};
    m_free.clear();
  }

  Result<void> children(std::optional<std::int64_t> parent, const KvRowVisitor& visit) const override {
    // One statement per open walk (walks nest); finished ones are reused.
    // `parent_id = ?` walks lnd's (parent_id, key) index in key order, so a
    // bucket's rows stream without a sort; the few top-level rows are sorted.
    storage::Statement stmt;
    if (!parent) {
      stmt = m_db.prepare("SELECT id, key, value IS NULL, value FROM " + m_table +
                          " WHERE parent_id IS NULL ORDER BY key");
    } else if (!m_free.empty()) {
      stmt = std::move(m_free.back());
      m_free.pop_back();
    } else {
      stmt = m_db.prepare("SELECT id, key, value IS NULL, value FROM " + m_table +
                          " WHERE parent_id = ?1 ORDER BY key");
    }
    if (parent) stmt.bind(1, *parent);
    Result<void> result = [&]() -> Result<void> {
      KvRow row;
      while (LNSTORE_TRY(stmt.step())) {
        row.id = stmt.column_int(0);
        row.key = stmt.column_blob(1);
        wipe_value(row);
        if (stmt.column_int(2) == 0) row.value = stmt.column_blob(3);
        count(row);
        if (auto visited = visit(row); !visited) {
          wipe_value(row);
          return visited;
        }
      }
      wipe_value(row);
      return {};
    }();
    stmt.reset();
    if (parent) m_free.push_back(std::move(stmt));
    return result;
  }

  Result<std::optional<KvRow>> child(std::optional<std::int64_t> parent,
                                     std::span<const std::uint8_t> key) const override {
    storage::StatementRef stmt(parent ? m_child : m_top_child);
    if (parent) {
      stmt->bind(1, *parent);
      stmt->bind(2, key);
    } else {
      stmt->bind(1, key);
    }
    if (!LNSTORE_TRY(stmt->step())) return std::nullopt;
    KvRow row;
    row.id = stmt->column_int(0);
    row.key.assign(key.begin(), key.end());
    if (stmt->column_int(1) == 0) row.value = stmt->column_blob(2);
    count(row);
    return row;
  }

  Result<std::uint64_t> sequence(std::int64_t id) const override {
    storage::StatementRef stmt(m_sequence);
    stmt->bind(1, id);
    if (!LNSTORE_TRY(stmt->step())) return 0;
    return static_cast<std::uint64_t>(stmt->column_opt_int(0).value_or(0));  // stored as int64(v)
  }

  lnd::KvReadCounters counters() const override { return {m_reads, m_bytes, m_file_size}; }
  void set_read_observer(std::function<void()> observer) const override { m_observer = std::move(observer); }

 private:
  void count(const KvRow& row) const {
    ++m_reads;
    m_bytes += row.key.size() + (row.value ? row.value->size() : 0);
    if (m_observer) m_observer();
  }

  storage::ReadOnlyDatabase m_db;
  std::string m_table;
  std::uint64_t m_file_size = 0;
  mutable storage::Statement m_child;
  mutable storage::Statement m_top_child;
  mutable storage::Statement m_sequence;
  mutable std::vector<storage::Statement> m_free;
  mutable std::uint64_t m_reads = 0;
  mutable std::uint64_t m_bytes = 0;
  mutable std::function<void()> m_observer;
};

std::unexpected<Error> with_details(Error e, const std::filesystem::path& path, const std::string& table) {
  e.details["path"] = path.string();
  e.details["table"] = table;
  return std::unexpected(std::move(e));
}

}  // namespace

bool looks_like_sqlite(const std::filesystem::path& path) {
  // Only a regular file is looked into: opening a FIFO would block (the
  // bbolt reader then refuses it as not_a_regular_file).
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  std::array<char, 16> header{};
  if (!in.read(header.data(), header.size())) return false;
  return std::memcmp(header.data(), "SQLite format 3\0", 16) == 0;
}

Result<std::shared_ptr<const lnd::KvSource>> open_sqlite_kv(const std::filesystem::path& path,
                                                           const std::string& prefix,
                                                           const lnd::LndReadOptions& options) {
  const std::string table = prefix + "_kv";
  auto opened = storage::ReadOnlyDatabase::open(path);
  if (!opened) return with_details(std::move(opened).error(), path, table);
  storage::ReadOnlyDatabase db = std::move(*opened);
  if (auto begun = db.begin_snapshot(); !begun) return with_details(std::move(begun).error(), path, table);

  // Which kv tables are there: the schema is read inside the snapshot too.
  std::vector<std::string> kv_tables;
  {
    storage::Statement list =
        db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '%\\_kv' ESCAPE '\\' ORDER BY name");
    for (;;) {
      Result<bool> more = list.step();
      if (!more) return with_details(std::move(more).error(), path, table);
      if (!*more) break;
      kv_tables.push_back(list.column_text(0));
    }
  }
  LNSTORE_TRY(require_kv_table(kv_tables, table, path.string(), " is a SQLite file but not lnd's: it has no kv table",
                               {{"path", path.string()}, {"table", table}}));
  {
    // lnd's columns, whatever else the table has.
    storage::Statement probe = db.prepare("SELECT id, key, value, parent_id, sequence FROM " + table + " LIMIT 0");
    if (auto ok = probe.step(); !ok)
      return with_details(Error{ExitClass::incompatible, "corrupt_source",
                                "table " + table + " of " + path.string() +
                                    " lacks lnd's kv columns (id, key, value, parent_id, sequence)"},
                          path, table);
  }
  if (options.verify_source) {
    storage::Statement check = db.prepare("PRAGMA quick_check");
    for (;;) {
      Result<bool> more = check.step();
      if (!more) return with_details(std::move(more).error(), path, table);
      if (!*more) break;
      const std::string line = check.column_text(0);
      if (line != "ok")
        return with_details(
            Error{ExitClass::incompatible, "corrupt_source", path.string() + " fails SQLite's quick_check: " + line},
            path, table);
    }
  }
  struct stat st {};
  const std::uint64_t size = ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  auto rows = std::make_shared<const SqliteRows>(std::move(db), table, size);
  return kv_table_source(std::move(rows), "sqlite");
}

}  // namespace lnstore::lndsql
