// ReadOnlyDatabase: a foreign SQLite file read without ever writing it, as
// one consistent snapshot (lnd's channel.sqlite while lnd runs). It knows
// nothing of what the file holds: its user prepares statements and steps
// them. The only way this part opens a file that is not lnstore's.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/storage/statement.hpp"
#include "core/util/error.hpp"

namespace lnstore::storage {

class ReadOnlyDatabase {
 public:
  // Opens `path` as the URI `file:PATH?mode=ro` (SQLITE_OPEN_READONLY: no
  // write, no checkpoint; never `immutable`, which would ignore a -wal file
  // holding committed transactions), query_only on, a busy timeout of
  // `busy_timeout_ms` for the moments a writer holds the WAL index
  // exclusively. The file must exist ("source_not_found", io). Errors as
  // sqlite_error (a file that is not SQLite: "database_corrupt").
  [[nodiscard]] static Result<ReadOnlyDatabase> open(const std::filesystem::path& path, int busy_timeout_ms = 5000);

  ReadOnlyDatabase(ReadOnlyDatabase&& other) noexcept;
  ReadOnlyDatabase& operator=(ReadOnlyDatabase&& other) noexcept;
  ReadOnlyDatabase(const ReadOnlyDatabase&) = delete;
  ReadOnlyDatabase& operator=(const ReadOnlyDatabase&) = delete;
  // Ends the read transaction and closes; finalize every Statement first.
  ~ReadOnlyDatabase();

  // BEGIN, then a first read, which fixes the snapshot (in WAL mode a
  // deferred transaction takes it at its first read): every statement
  // stepped until this object dies sees the file as it was here, whatever
  // a writer commits meanwhile. A file in WAL mode in a directory this
  // process cannot write, without its -shm file, fails here (io): SQLite
  // needs the shared-memory index beside it to read a WAL file.
  [[nodiscard]] Result<void> begin_snapshot();

  // A prepared statement on this connection; a statement that fails to
  // prepare reports it from step().
  Statement prepare(std::string_view sql) const;

  const std::filesystem::path& path() const { return m_path; }

 private:
  ReadOnlyDatabase() = default;
  sqlite3* m_db = nullptr;
  std::filesystem::path m_path;
  bool m_in_transaction = false;
};

}  // namespace lnstore::storage
