// Store: one open lnstore SQLite database. Opening checks identity and
// version before anything is written (SPEC section 3).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include <sqlite3.h>

#include "core/util/error.hpp"
#include "core/storage/statement.hpp"

namespace lnstore::storage {

// lnstore's PRAGMA application_id: "LNST".
inline constexpr std::int32_t k_application_id = 0x4c4e5354;

struct StoreOptions {
  std::filesystem::path path;
  bool create = false;   // create the file (0600) when missing; otherwise a missing file is an I/O error
  bool migrate = true;   // apply pending migrations on open (open_store)
  int busy_timeout_ms = 5000;
};

class Store {
 public:
  // Connects to (and with `create`, creates) the database. Fails with exit class
  // io when the file is missing and `create` is false, incompatible when it
  // is not SQLite, carries another application id, is a non-empty SQLite
  // file without lnstore's id, or has a user_version above the newest known
  // migration; busy when locked past the timeout. Nothing is written to a
  // database that fails these checks. Without `create`, an empty file (0
  // bytes, or SQLite with no schema) fails with incompatible
  // "database_empty" and stays as it was (no -wal or -shm is left); with
  // `create` it is initialised. A directory, FIFO or device at the path is
  // io "not_a_regular_file".
  // `newest_known_version` is the newest schema version this binary knows:
  // a database above it is incompatible "database_too_new". Connecting
  // applies no migration (open_store in database.hpp composes the two).
  [[nodiscard]] static Result<Store> connect(const StoreOptions& options, int newest_known_version);

  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  ~Store();

  sqlite3* handle() const { return m_db; }
  const std::filesystem::path& path() const { return m_path; }
  bool created() const { return m_created; }
  int opened_version() const { return m_opened_version; }

  // A cached prepared statement, reset when the returned reference dies.
  StatementRef query(std::string_view sql);
  // The same for a string literal: looked up by its address first, so the
  // hot path neither copies nor hashes the SQL text; the address is only a
  // memo, checked against the statement's text, never the key.
  StatementRef query(const char* literal_sql);

  [[nodiscard]] Result<void> exec(std::string_view sql);
  [[nodiscard]] Result<std::int64_t> pragma_int(std::string_view pragma);

  // Transactions: BEGIN IMMEDIATE so a writer waits for the lock up front
  // (busy timeout) instead of failing on upgrade mid-command.
  [[nodiscard]] Result<void> begin();
  [[nodiscard]] Result<void> commit();
  void rollback();
  // Savepoints nest inside a transaction (apply --atomic: one per line).
  [[nodiscard]] Result<void> savepoint();
  [[nodiscard]] Result<void> release();
  void rollback_to();
  bool in_transaction() const { return sqlite3_get_autocommit(m_db) == 0; }

  std::int64_t changes() const { return sqlite3_changes64(m_db); }
  std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(m_db); }

 private:
  Store() = default;
  sqlite3* m_db = nullptr;
  std::filesystem::path m_path;
  bool m_created = false;
  int m_opened_version = 0;
  std::unordered_map<std::string, std::unique_ptr<Statement>> m_cache;
  using CacheEntry = std::pair<const std::string, std::unique_ptr<Statement>>;
  std::unordered_map<const char*, CacheEntry*> m_literal_cache;
};

// RAII write transaction: rolls back unless commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Store& store) : m_store(store) {}
  ~Transaction() {
    if (m_open) m_store.rollback();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  [[nodiscard]] Result<void> begin() {
    auto r = m_store.begin();
    m_open = r.has_value();
    return r;
  }
  [[nodiscard]] Result<void> commit() {
    auto r = m_store.commit();
    if (r) m_open = false;
    return r;
  }

 private:
  Store& m_store;
  bool m_open = false;
};

}  // namespace lnstore::storage
