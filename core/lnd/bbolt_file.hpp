// BoltDb: a read-only bbolt file (lnd's channel.db, wtclient.db) held in
// memory and fully validated on open (spec/lnd-import.md section 1). The
// source file is never written: it is opened O_RDONLY under a shared,
// non-blocking flock, so a running lnd (which holds an exclusive lock) makes
// the open fail instead of reading pages lnd may be rewriting.
#pragma once

#include <cstdint>
#include <filesystem>
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

class BoltDb {
 public:
  // Opens `path` read-only: O_RDONLY, flock(LOCK_SH | LOCK_NB), reads the
  // whole file, releases the lock, then validates like open_from_bytes.
  // Fails with exit class busy, code "source_locked" when another process
  // (lnd) holds an exclusive lock; io "source_not_found" / "source_unreadable"
  // when the file cannot be opened or read; incompatible "corrupt_source"
  // (details.page names the page) or "unsupported_source" (big-endian file)
  // from validation. The file is never modified. Error details carry "path".
  [[nodiscard]] static Result<BoltDb> open(const std::filesystem::path& path);

  // Validates a file image: chooses the meta page (both checked for magic,
  // version 2 and FNV-1a checksum; the valid one with the higher txid wins,
  // the other is the fallback), then walks every page reachable from the
  // root bucket without recursion, checking page ids against the high-water
  // mark and the image, page headers, element bounds (overflow pages
  // included), strictly increasing keys within branch bounds, nested bucket
  // headers and inline pages, a depth cap and that no page is reached twice
  // (cycles, shared pages). On success every later read of the returned
  // BoltDb's buckets is expected to succeed (they are still bounds-checked).
  // Fails with "corrupt_source" (incompatible) naming the page, or
  // "unsupported_source" for a big-endian file.
  [[nodiscard]] static Result<BoltDb> open_from_bytes(util::Bytes image);

  // The root bucket (its entries are the top-level buckets).
  BoltBucket root() const;
  const BoltMetaInfo& meta() const { return m_meta; }
  const BoltStats& stats() const { return m_stats; }

 private:
  BoltDb() = default;
  std::shared_ptr<const BoltImage> m_image;
  BoltMetaInfo m_meta;
  BoltStats m_stats;
};

}  // namespace lnstore::lnd
