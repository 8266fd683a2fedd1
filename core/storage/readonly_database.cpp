#include "core/storage/readonly_database.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

namespace lnstore::storage {

namespace {

// SQLite's URI filenames treat '%', '?' and '#' specially: escape them (and
// anything outside printable ASCII) so any path names exactly its file.
std::string file_uri(const std::filesystem::path& path) {
  std::string uri = "file:";
  for (unsigned char c : path.string()) {
    if (c == '%' || c == '?' || c == '#' || c <= 0x20 || c >= 0x7f) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      uri += buf;
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?mode=ro";
}

}  // namespace

Result<ReadOnlyDatabase> ReadOnlyDatabase::open(const std::filesystem::path& path, int busy_timeout_ms) {
  // SQLite would report a missing file as "unable to open": say which.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return fail(ExitClass::io, errno == ENOENT ? "source_not_found" : "source_unreadable",
                "cannot open " + path.string() + ": " + std::string(std::strerror(errno)), {{"path", path.string()}});
  ReadOnlyDatabase db;
  db.m_path = path;
  const std::string uri = file_uri(path);
  int rc = sqlite3_open_v2(uri.c_str(), &db.m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(db.m_db, rc, "cannot open " + path.string()));
  sqlite3_extended_result_codes(db.m_db, 1);
  sqlite3_busy_timeout(db.m_db, busy_timeout_ms);
  rc = sqlite3_exec(db.m_db, "PRAGMA query_only=1", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(db.m_db, rc, path.string()));
  return db;
}

ReadOnlyDatabase::ReadOnlyDatabase(ReadOnlyDatabase&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)),
      m_path(std::move(other.m_path)),
      m_in_transaction(std::exchange(other.m_in_transaction, false)) {}

ReadOnlyDatabase& ReadOnlyDatabase::operator=(ReadOnlyDatabase&& other) noexcept {
  if (this != &other) {
    this->~ReadOnlyDatabase();
    m_db = std::exchange(other.m_db, nullptr);
    m_path = std::move(other.m_path);
    m_in_transaction = std::exchange(other.m_in_transaction, false);
  }
  return *this;
}

ReadOnlyDatabase::~ReadOnlyDatabase() {
  if (!m_db) return;
  if (m_in_transaction) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close_v2(m_db);
  m_db = nullptr;
}

Result<void> ReadOnlyDatabase::begin_snapshot() {
  int rc = sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(m_db, rc, m_path.string()));
  m_in_transaction = true;
  rc = sqlite3_exec(m_db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(m_db, rc, "cannot read " + m_path.string());
    if ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY)
      e.message += " (a SQLite file in WAL mode needs its -shm file or a writable directory to be read)";
    if ((rc & 0xff) == SQLITE_NOTADB) e.code = "not_sqlite";
    e.details["path"] = m_path.string();
    return std::unexpected(std::move(e));
  }
  return {};
}

Statement ReadOnlyDatabase::prepare(std::string_view sql) const { return Statement(m_db, sql); }

}  // namespace lnstore::storage
