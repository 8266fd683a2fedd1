// What both lnd readers (channel.db, wtclient.db) share: how a file is
// read (a full validation walk first or not, progress reports) and lndinit's
// migration tombstone.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "core/lnd/bbolt_file.hpp"
#include "core/lnd/kv_bucket.hpp"
#include "core/util/error.hpp"

namespace lnstore::lnd {

// Where a read is. Reported after every page read and every record decoded;
// the callee rate-limits.
struct LndReadProgress {
  std::uint64_t pages_read = 0;  // bbolt node loads (a page and its overflow pages), or SQL rows
  std::uint64_t bytes_read = 0;
  std::uint64_t file_size = 0;  // 0 when unknown (PostgreSQL)
  std::uint64_t records = 0;  // channels (channel.db) or sessions (wtclient.db) decoded
};
using LndProgress = std::function<void(const LndReadProgress&)>;

struct LndReadOptions {
  // Walk and validate every page of the file before decoding (BoltCheck::full:
  // corruption anywhere is refused, and the whole file is read). Off, only the
  // pages of the buckets an import needs are read, each validated as it is.
  bool verify_source = false;
  LndProgress progress;  // may be empty
};

// Counts records and forwards page counters to an LndProgress.
class LndProgressCounter {
 public:
  // Installs itself as `source`'s read observer (when `progress` is set)
  // until it dies; `source` must outlive it and stay where it is.
  LndProgressCounter(const KvSource& source, LndProgress progress);
  ~LndProgressCounter();
  LndProgressCounter(const LndProgressCounter&) = delete;
  LndProgressCounter& operator=(const LndProgressCounter&) = delete;
  // One more record decoded.
  void record();

 private:
  void report() const;
  const KvSource& m_source;
  LndProgress m_progress;
  std::uint64_t m_records = 0;
};

// BoltDb::open with the options' check and progress observer; verify_source
// walks the file before returning. Errors as BoltDb::open.
[[nodiscard]] Result<BoltDb> open_lnd_source(const std::filesystem::path& path, const LndReadOptions& options);

// open_lnd_source as a KvSource, with "path" in the details of an error.
[[nodiscard]] Result<std::shared_ptr<const KvSource>> open_lnd_bolt_source(const std::filesystem::path& path,
                                                                          const LndReadOptions& options);

// True when the root bucket carries lndinit migrate-db's tombstone: a
// top-level bucket `data-migration-tombstone` holding a key of the same name
// with a non-empty value (lnd refuses such a file: its content moved to SQL).
[[nodiscard]] Result<bool> has_migration_tombstone(const KvBucket& root);

// The shared refusal of a tombstoned file: incompatible, code `code`.
[[nodiscard]] std::unexpected<Error> tombstoned(std::string code, std::string_view file_name);

}  // namespace lnstore::lnd
