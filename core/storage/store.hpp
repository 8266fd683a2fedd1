// Store: one open lnstore SQLite database. Opening checks identity and
// version before anything is written (SPEC section 3).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

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
  // Refuse (exit 6, "schema_mismatch") a schema that is not exactly what the
  // migrations make (open_store; see verify_schema). Only `db check` opens
  // without it, to report the differences instead.
  bool verify_schema = true;
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
  // io "not_a_regular_file". A database, -wal or -shm file that others can
  // read (made 0644 by another program or umask) is made 0600; so is a
  // -wal or -shm file SQLite created read-only (0400, copying the mode of a
  // read-only database), which would otherwise break every later write.
  // When that is not possible (another owner) it is a warning().
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
  // What connect() could not put right but the operator should know (a
  // database file readable by others that it could not make private).
  const std::vector<std::string>& warnings() const { return m_warnings; }
  int opened_version() const { return m_opened_version; }

  // A cached prepared statement, reset when the returned reference dies.
  StatementRef query(std::string_view sql);
  // The same for a string literal: looked up by its address first, so the
  // hot path neither copies nor hashes the SQL text; the address is only a
  // memo, checked against the statement's text, never the key.
  StatementRef query(const char* literal_sql);

  [[nodiscard]] Result<void> exec(std::string_view sql);
  [[nodiscard]] Result<std::int64_t> pragma_int(std::string_view pragma);
  // PRAGMA data_version: changes whenever another connection commits, so a
  // watcher learns of a change with one cheap query.
  [[nodiscard]] Result<std::int64_t> data_version() { return pragma_int("data_version"); }

  // Transactions: BEGIN IMMEDIATE so a writer waits for the lock up front
  // (busy timeout) instead of failing on upgrade mid-command.
  [[nodiscard]] Result<void> begin();
  // A deferred BEGIN: the snapshot is taken at the first read and no write
  // lock is held (ReadTransaction).
  [[nodiscard]] Result<void> begin_read();
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
  // The database and its -wal/-shm files private to their owner (0600),
  // whoever made them: see connect().
  void tighten_permissions();
  sqlite3* m_db = nullptr;
  std::filesystem::path m_path;
  bool m_created = false;
  int m_opened_version = 0;
  std::vector<std::string> m_warnings;
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

// RAII read transaction: every read made while it lives sees one consistent
// snapshot of the database, whatever other connections commit meanwhile.
//
// begin(): a deferred BEGIN, so no lock is taken until the first read and
// (WAL mode) writers are never blocked. On failure (busy, io: the SQLite
// error) no transaction is open and nothing changed.
// The end is the destructor, which rolls the transaction back: a read has
// nothing to commit, so ending it cannot fail and needs no call. Anything
// written through the store while it lives is discarded with it.
class ReadTransaction {
 public:
  [[nodiscard]] static Result<ReadTransaction> begin(Store& store) {
    LNSTORE_TRY(store.begin_read());
    return ReadTransaction(store);
  }
  ReadTransaction(ReadTransaction&& other) noexcept : m_store(std::exchange(other.m_store, nullptr)) {}
  ReadTransaction& operator=(ReadTransaction&&) = delete;
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  ~ReadTransaction() {
    if (m_store) m_store->rollback();
  }

 private:
  explicit ReadTransaction(Store& store) : m_store(&store) {}
  Store* m_store;
};

// RAII savepoint inside an open transaction (apply --atomic: one per line).
// begin() fails with the SQLite error and opens nothing. release() keeps the
// changes made since begin() in the enclosing transaction; without it (an
// error path) the destructor undoes them and leaves the enclosing
// transaction open, as it was before begin().
class Savepoint {
 public:
  [[nodiscard]] static Result<Savepoint> begin(Store& store) {
    LNSTORE_TRY(store.savepoint());
    return Savepoint(store);
  }
  Savepoint(Savepoint&& other) noexcept : m_store(std::exchange(other.m_store, nullptr)) {}
  Savepoint& operator=(Savepoint&&) = delete;
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint() {
    if (m_store) m_store->rollback_to();
  }
  [[nodiscard]] Result<void> release() {
    LNSTORE_TRY(m_store->release());
    m_store = nullptr;
    return {};
  }

 private:
  explicit Savepoint(Store& store) : m_store(&store) {}
  Store* m_store;
};

}  // namespace lnstore::storage
