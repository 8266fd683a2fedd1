#include "core/storage/statement.hpp"

#include "core/util/text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace lnstore::storage {

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
  const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string text = std::string(context) + ": " + (msg ? msg : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error{ExitClass::busy, "database_busy", std::string(context) + ": database is locked (retry later)"};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error{ExitClass::incompatible, "database_corrupt", text};
    case SQLITE_FULL:
      // The disk (or the filesystem's quota, or max_page_count) has no room:
      // the same code a file write that meets ENOSPC gives (atomic_file).
      return Error{ExitClass::io, "disk_full", text};
    case SQLITE_IOERR:
      // SQLite reports ENOSPC on write as SQLITE_FULL, but on fsync or a
      // WAL/shm extension as an I/O error: its errno tells.
      if (db && sqlite3_system_errno(db) == ENOSPC) return Error{ExitClass::io, "disk_full", text};
      return Error{ExitClass::io, "io_error", text};
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_AUTH:
      return Error{ExitClass::io, "io_error", text};
    default:
      return Error{ExitClass::internal, "sqlite_error", text};
  }
}

Statement::Statement(sqlite3* db, std::string_view sql) : m_db(db) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &m_stmt, nullptr);
  if (rc != SQLITE_OK) {
    // Our SQL is fixed at build time, so this means a schema that is not the
    // one it was written for: step() reports it as an error instead.
    m_prepare_error = sqlite3_errmsg(db);
    sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
  }
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_stmt(other.m_stmt), m_prepare_error(std::move(other.m_prepare_error)) {
  other.m_stmt = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(m_stmt);
    m_db = other.m_db;
    m_stmt = other.m_stmt;
    m_prepare_error = std::move(other.m_prepare_error);
    other.m_stmt = nullptr;
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (!m_stmt) return *this;
  sqlite3_bind_int64(m_stmt, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::span<const std::uint8_t> blob) {
  if (!m_stmt) return *this;
  // A zero-length blob must still bind as a blob, not NULL.
  static const std::uint8_t k_empty = 0;
  sqlite3_bind_blob(m_stmt, index, blob.empty() ? &k_empty : blob.data(), static_cast<int>(blob.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_text(int index, std::string_view text) {
  if (!m_stmt) return *this;
  sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (!m_stmt) return *this;
  sqlite3_bind_null(m_stmt, index);
  return *this;
}

Result<bool> Statement::step() {
  if (!m_stmt)
    return fail(ExitClass::internal, "sqlite_error", "cannot prepare statement: " + m_prepare_error);
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) {
    // lnstore writes only UTF-8 text (every input is checked), and every
    // text it reads may end up in JSON: text that is not UTF-8 was put there
    // by something else, so the database is refused as damaged (exit 6)
    // rather than failing later where the JSON is written.
    for (int col = 0, n = sqlite3_column_count(m_stmt); col < n; ++col) {
      if (sqlite3_column_type(m_stmt, col) != SQLITE_TEXT) continue;
      auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
      std::string_view text(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col)));
      if (util::is_valid_utf8(text)) continue;
      std::string name = sqlite3_column_name(m_stmt, col) ? sqlite3_column_name(m_stmt, col) : "?";
      sqlite3_reset(m_stmt);
      return fail(ExitClass::incompatible, "database_corrupt",
                  "the database holds text that is not UTF-8 (column " + name + "): it was changed outside lnstore",
                  {{"column", name}});
    }
    return true;
  }
  if (rc == SQLITE_DONE) return false;
  Error err = sqlite_error(m_db, rc, "sqlite");
  sqlite3_reset(m_stmt);
  return std::unexpected(std::move(err));
}

Result<void> Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
  }
  reset();
  return {};
}

std::int64_t Statement::column_int(int col) const { return m_stmt ? sqlite3_column_int64(m_stmt, col) : 0; }

bool Statement::column_null(int col) const { return !m_stmt || sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }

util::Bytes Statement::column_blob(int col) const {
  if (!m_stmt) return {};
  auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(m_stmt, col));
  int n = sqlite3_column_bytes(m_stmt, col);
  return p ? util::Bytes(p, p + n) : util::Bytes{};
}

std::string Statement::column_text(int col) const {
  if (!m_stmt) return {};
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
  int n = sqlite3_column_bytes(m_stmt, col);
  return p ? std::string(p, static_cast<std::size_t>(n)) : std::string{};
}

std::optional<std::int64_t> Statement::column_opt_int(int col) const {
  if (column_null(col)) return std::nullopt;
  return column_int(col);
}

void Statement::reset() {
  if (m_stmt) {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
  }
}

}  // namespace lnstore::storage
