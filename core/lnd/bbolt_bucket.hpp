// BoltBucket: read-only access to one bucket of a bbolt file (the root
// bucket, a top-level bucket or a nested one, inline or not): lookups,
// in-order iteration and the bucket sequence. Obtained from BoltDb::root().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "core/lnd/bbolt_page.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::lnd {

// One entry of a bucket, as BoltBucket::for_each reports it. The spans point
// into the file image and stay valid while the BoltDb or any BoltBucket of
// it is alive.
struct BoltEntry {
  std::span<const std::uint8_t> key;
  // The value; always empty for a nested bucket. A plain value may be empty
  // too ("present and empty"), so test is_bucket, not value.empty().
  std::span<const std::uint8_t> value;
  bool is_bucket = false;
  // For a nested bucket: its raw header (+ inline page), for open_nested().
  std::span<const std::uint8_t> bucket_value;
  // The file page holding this entry (for error messages).
  std::uint64_t page = 0;
};

// Called once per entry in key order; an error stops the walk and is
// returned by for_each unchanged.
using BoltVisitor = std::function<Result<void>(const BoltEntry&)>;

class BoltBucket {
 public:
  // The bucket's sequence (bbolt NextSequence/SetSequence counter).
  std::uint64_t sequence() const { return m_sequence; }
  bool is_inline() const { return m_root == 0; }
  // Nesting depth: 0 for the root bucket, 1 for a top-level bucket.
  int depth() const { return m_depth; }

  // The value stored under `key`. nullopt when the key is absent or names a
  // nested bucket (as bbolt's Get). An empty value is returned as an empty
  // Bytes, distinct from nullopt. Fails with corrupt_source if a page on the
  // way is corrupt.
  [[nodiscard]] Result<std::optional<util::Bytes>> get(std::span<const std::uint8_t> key) const;
  [[nodiscard]] Result<std::optional<util::Bytes>> get(std::string_view key) const;

  // The nested bucket under `key`. nullopt when the key is absent or holds a
  // plain value. Fails with corrupt_source on a corrupt page or bucket header,
  // or when nesting exceeds k_bolt_max_bucket_depth.
  [[nodiscard]] Result<std::optional<BoltBucket>> bucket(std::span<const std::uint8_t> key) const;
  [[nodiscard]] Result<std::optional<BoltBucket>> bucket(std::string_view key) const;

  // Calls `visit` for every entry in key order (unsigned bytewise), without
  // descending into nested buckets. Iterative: an explicit stack capped at
  // k_bolt_max_tree_depth, each page visited at most once (a cycle is
  // corrupt_source). Returns the first error of `visit` or of the walk;
  // entries before it have been visited.
  [[nodiscard]] Result<void> for_each(const BoltVisitor& visit) const;

  // Opens the nested bucket of an entry reported by for_each on this bucket
  // (no second lookup). Fails with exit class internal ("not_a_bucket") if
  // the entry is not a bucket, corrupt_source on a bad header or too deep
  // nesting.
  [[nodiscard]] Result<BoltBucket> open_nested(const BoltEntry& entry) const;

 private:
  friend class BoltDb;
  BoltBucket(std::shared_ptr<const BoltImage> image, std::uint64_t root, std::uint64_t sequence,
             std::span<const std::uint8_t> inline_page, std::uint64_t host_page, int depth);

  struct Found {
    BoltLeafElement element;
    std::uint64_t page = 0;
  };

  Result<BoltNode> root_node() const;
  Result<std::optional<Found>> find(std::span<const std::uint8_t> key) const;
  Result<BoltBucket> nested(std::span<const std::uint8_t> value, std::uint64_t host_page) const;

  std::shared_ptr<const BoltImage> m_image;
  std::uint64_t m_root = 0;  // 0: inline, the page is m_inline_page
  std::uint64_t m_sequence = 0;
  std::span<const std::uint8_t> m_inline_page;
  std::uint64_t m_host_page = 0;  // page holding an inline bucket's value
  int m_depth = 0;
};

}  // namespace lnstore::lnd
