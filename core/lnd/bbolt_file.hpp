// BoltDb: a read-only bbolt file (lnd's channel.db, wtclient.db)
// (spec/lnd-import.md section 1). The file is mapped read-only (PROT_READ,
// MAP_SHARED; never writable) and read lazily: opening reads only the two
// meta pages, and a reader touches only the pages of the buckets it visits,
// each validated as it is loaded (page id below the high-water mark, header
// id and type, overflow within the file, element, key and value bounds; a
// walk caps depth and refuses a page reached twice). Memory and time are
// bounded by what is read, not by the file's size. A full-file validation
// walk (BoltCheck::full) is still there for `--verify-source`.
//
// The source is never written: it is opened O_RDONLY under a shared,
// non-blocking flock held as long as the BoltDb (or any bucket of it) lives,
// so a running lnd (which holds an exclusive lock) makes the open fail, and
// lnd cannot start writing while the file is read.
//
// The file must not shrink while it is read: touching a mapped page past the
// end of a truncated file raises SIGBUS. The open checks that the pages the
// meta counts fit in the file; lnd and bbolt only grow a file under their
// exclusive lock, which the shared lock excludes, so only a foreign process
// ignoring the lock (truncate, a copy over the file) can shrink it. If that
// happens, a SIGBUS handler installed with the first mapping names the
// source, says nothing was written, and exits 7 (I/O): never a silent crash.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/lnd/bbolt_bucket.hpp"
#include "core/lnd/bbolt_page.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::lnd {

// The meta page in use.
struct BoltMetaInfo {
  std::uint32_t page_size = 0;
  std::uint64_t txid = 0;
  std::uint64_t root = 0;      // root bucket page
  std::uint64_t pgid = 0;      // high-water mark
  std::uint64_t freelist = 0;  // k_bolt_no_freelist when not persisted
  int meta_page = 0;           // 0 or 1
  std::uint64_t file_size = 0;
  // Why the other meta page was not used when it is invalid (a warning worth
  // logging: the file was cut during a write, or is damaged). nullopt when
  // both metas are valid and this one simply has the higher txid.
  std::optional<std::string> other_meta_rejected;
};

// Counts from the validation walk, comparable with bbolt's own tx.Page and
// Bucket.Stats. The root bucket's pages are counted; the root bucket itself
// is not counted as a bucket.
struct BoltStats {
  std::uint64_t branch_pages = 0;           // logical branch pages
  std::uint64_t branch_overflow_pages = 0;  // extra pages of those
  std::uint64_t leaf_pages = 0;             // logical leaf pages, inline ones excluded
  std::uint64_t leaf_overflow_pages = 0;
  std::uint64_t buckets = 0;  // every bucket but the root
  std::uint64_t inline_buckets = 0;
  std::uint64_t values = 0;  // key/value pairs (bucket entries excluded)
  int max_bucket_depth = 0;  // 1 = only top-level buckets
  int max_tree_depth = 0;    // page levels of the deepest bucket tree
};

// How much of a file is validated before it is read.
enum class BoltCheck {
  lazy,  // the meta pages; every other page when (and if) it is read
  full,  // also every page reachable from the root, at once (stats())
};

class BoltDb {
 public:
  // Opens `path` read-only: O_RDONLY, flock(LOCK_SH | LOCK_NB) (held until
  // the last BoltDb or BoltBucket of it dies), maps the file and chooses the
  // meta page like open_from_bytes. Fails with exit class busy, code
  // "source_locked" when another process (lnd) holds an exclusive lock; io
  // "source_not_found" / "source_unreadable" when the file cannot be opened,
  // locked or mapped; incompatible "corrupt_source" (details.page names the
  // page) or "unsupported_source" (big-endian file) from validation. The file
  // is never modified. Error details carry "path".
  [[nodiscard]] static Result<BoltDb> open(const std::filesystem::path& path, BoltCheck check = BoltCheck::lazy);

  // The same reader over an image held in memory (tests, fuzzing). Chooses
  // the meta page (both checked for magic, version 2 and FNV-1a checksum;
  // the valid one with the higher txid wins, the other is the fallback) and
  // checks that the pages it counts fit the image. With BoltCheck::full it
  // then walks every page reachable from the root bucket without recursion,
  // checking page ids against the high-water mark and the image, page
  // headers, element bounds (overflow pages included), strictly increasing
  // keys within branch bounds, nested bucket headers and inline pages, a
  // depth cap and that no page is reached twice (cycles, shared pages); after
  // that every later read is expected to succeed (they are still
  // bounds-checked). Fails with "corrupt_source" (incompatible) naming the
  // page, or "unsupported_source" for a big-endian file.
  [[nodiscard]] static Result<BoltDb> open_from_bytes(util::Bytes image, BoltCheck check = BoltCheck::lazy);

  // The full validation walk of BoltCheck::full on an open file, with its
  // stats (also kept in stats()). Reads every reachable page.
  [[nodiscard]] Result<BoltStats> verify();

  // Called after every node load with the running counters (not rate
  // limited: the callee decides what to report, and when).
  void set_read_observer(std::function<void(const BoltReadCounters&)> observer) const;
  const BoltReadCounters& read_counters() const { return m_image->read; }

  // The root bucket (its entries are the top-level buckets).
  BoltBucket root() const;
  const BoltMetaInfo& meta() const { return m_meta; }
  // Zero unless the file was verified (BoltCheck::full or verify()).
  const BoltStats& stats() const { return m_stats; }

 private:
  BoltDb() = default;
  std::shared_ptr<const BoltImage> m_image;
  BoltMetaInfo m_meta;
  BoltStats m_stats;
};

}  // namespace lnstore::lnd
