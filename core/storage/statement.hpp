// Statement: an RAII prepared SQLite statement. Bound values are never
// logged (they may hold keys or ciphertext).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::storage {

// Maps a SQLite result code to an Error with the right exit class: BUSY and
// LOCKED are "database_busy" (5), CORRUPT/NOTADB "database_corrupt" (6),
// FULL "disk_full" (7, as a file write that meets ENOSPC; an IOERR whose
// errno is ENOSPC too), other I/O, CANTOPEN, PERM and READONLY "io_error"
// (7), anything else "sqlite_error" (70).
Error sqlite_error(sqlite3* db, int rc, std::string_view context);

class Statement {
 public:
  Statement() = default;
  // A statement that fails to prepare reports the failure from step().
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::span<const std::uint8_t> blob);
  Statement& bind_text(int index, std::string_view text);
  Statement& bind_null(int index);
  Statement& bind(int index, std::optional<std::int64_t> value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Steps once: true when a row is available, false when done.
  [[nodiscard]] Result<bool> step();
  // Steps to completion, expecting no rows, and resets.
  [[nodiscard]] Result<void> run();

  std::int64_t column_int(int col) const;
  bool column_null(int col) const;
  util::Bytes column_blob(int col) const;
  std::string column_text(int col) const;
  std::optional<std::int64_t> column_opt_int(int col) const;

  // Resets and clears bindings; statements are reused from the store cache.
  void reset();
  sqlite3_stmt* handle() const { return m_stmt; }

 private:
  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_stmt = nullptr;
  std::string m_prepare_error;
};

// A borrowed cached statement that is reset when it goes out of scope, so a
// cached statement never keeps a read transaction open or stale bindings.
class StatementRef {
 public:
  explicit StatementRef(Statement& stmt) : m_stmt(&stmt) {}
  ~StatementRef() { m_stmt->reset(); }
  StatementRef(const StatementRef&) = delete;
  StatementRef& operator=(const StatementRef&) = delete;
  Statement* operator->() { return m_stmt; }
  Statement& operator*() { return *m_stmt; }

 private:
  Statement* m_stmt;
};

}  // namespace lnstore::storage
