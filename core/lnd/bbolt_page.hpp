// Bounds-checked views of bbolt's on-disk structures: meta pages, branch and
// leaf nodes (with their overflow pages), inline bucket pages and bucket
// headers (spec/lnd-import.md section 1). Every count, offset, length and page
// id read from the file is checked before it is used; fields are assembled
// byte by byte (little-endian, no pointer casts), so unaligned inline pages
// are fine. Used by BoltBucket and BoltDb; importers use those instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::lnd {

inline constexpr std::uint32_t k_bolt_magic = 0xED0CDAED;
inline constexpr std::uint32_t k_bolt_version = 2;
inline constexpr std::size_t k_bolt_page_header_size = 16;
inline constexpr std::size_t k_bolt_element_size = 16;
inline constexpr std::size_t k_bolt_bucket_header_size = 16;
inline constexpr std::size_t k_bolt_meta_end = 80;  // page header + meta struct
inline constexpr std::uint16_t k_bolt_branch_page = 0x01;
inline constexpr std::uint16_t k_bolt_leaf_page = 0x02;
inline constexpr std::uint16_t k_bolt_meta_page = 0x04;
inline constexpr std::uint16_t k_bolt_freelist_page = 0x10;
inline constexpr std::uint32_t k_bolt_bucket_leaf_flag = 0x01;
inline constexpr std::uint64_t k_bolt_no_freelist = 0xFFFFFFFFFFFFFFFFull;
// bbolt takes the page size from the creating host; these bounds cover every
// real host (4 KiB to 64 KiB pages) and bbolt's own probe range (up to 16 MiB).
inline constexpr std::uint32_t k_bolt_min_page_size = 512;
inline constexpr std::uint32_t k_bolt_max_page_size = 1u << 24;
// Caps on untrusted depth: branch levels within one bucket, and bucket
// nesting. Real files stay far below (a B+tree of 2^64 keys is < 64 deep).
inline constexpr int k_bolt_max_tree_depth = 64;
inline constexpr int k_bolt_max_bucket_depth = 64;

// The exit-class incompatible error "corrupt_source" naming the page:
// "corrupt bbolt file: page N: WHAT", details {"page": N}.
[[nodiscard]] std::unexpected<Error> bolt_corrupt(std::uint64_t page, std::string_view what);

// FNV-1a 64, the checksum of bbolt's meta page.
std::uint64_t bolt_fnv1a64(std::span<const std::uint8_t> bytes);

// bbolt orders keys like Go's bytes.Compare: unsigned bytewise, a prefix
// first. Returns -1, 0 or 1.
int compare_bolt_keys(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

// A meta page (pages 0 and 1): the fields after the 16-byte page header.
struct BoltMeta {
  std::uint32_t magic = 0;
  std::uint32_t version = 0;
  std::uint32_t page_size = 0;
  std::uint32_t flags = 0;
  std::uint64_t root = 0;           // page id of the root bucket
  std::uint64_t root_sequence = 0;  // unused by bbolt for the root
  std::uint64_t freelist = 0;       // k_bolt_no_freelist when not persisted
  std::uint64_t pgid = 0;           // high-water mark: every page id is below it
  std::uint64_t txid = 0;
  std::uint64_t checksum = 0;
};

// Decodes and validates the meta page stored at the start of `page`, which
// claims to be page `page_id` (0 or 1) of a file of `file_size` bytes.
// Succeeds only if the header is a meta page with that id, the magic is
// little-endian 0xED0CDAED, the version is 2, the FNV-1a checksum matches
// (a zero checksum from pre-2014 bolt is refused), the page size is within
// [k_bolt_min_page_size, k_bolt_max_page_size], 2 <= root < pgid, the
// freelist is absent or in range, and pgid pages fit in the file. On failure
// returns corrupt_source naming the page and the first check that failed.
[[nodiscard]] Result<BoltMeta> decode_bolt_meta(std::span<const std::uint8_t> page, std::uint64_t page_id,
                                                std::uint64_t file_size);

// True if the bytes at a meta offset carry the magic in big-endian order,
// i.e. the file was written on a big-endian host (not portable).
bool bolt_meta_is_big_endian(std::span<const std::uint8_t> page);

struct BoltBranchElement {
  std::span<const std::uint8_t> key;
  std::uint64_t child = 0;  // page id
};

struct BoltLeafElement {
  std::uint32_t flags = 0;
  std::span<const std::uint8_t> key;
  std::span<const std::uint8_t> value;  // for a nested bucket: the bucket header (+ inline page)
  bool is_bucket() const { return (flags & k_bolt_bucket_leaf_flag) != 0; }
};

// One branch or leaf node: a file page with its overflow pages, or the leaf
// page embedded in an inline bucket's value. Element spans point into the
// bytes given to parse() and live as long as they do.
class BoltNode {
 public:
  // Checks the node header in `span` (all bytes of the node): flags exactly
  // branch or leaf (leaf only, overflow 0, when `is_inline`), the element
  // array inside the span, a branch not empty. `page_id` is the file page
  // (for an inline node: the page holding the bucket's value) used in errors.
  [[nodiscard]] static Result<BoltNode> parse(std::span<const std::uint8_t> span, std::uint64_t page_id,
                                              bool is_inline);

  bool is_leaf() const { return m_flags == k_bolt_leaf_page; }
  bool is_branch() const { return m_flags == k_bolt_branch_page; }
  bool is_inline() const { return m_inline; }
  std::uint16_t count() const { return m_count; }
  std::uint32_t overflow() const { return m_overflow; }
  std::uint64_t page_id() const { return m_page_id; }

  // Element i of a branch node: the key must be non-empty and lie inside the
  // node after the element array. Fails with corrupt_source otherwise (or if
  // i >= count() or this is a leaf).
  [[nodiscard]] Result<BoltBranchElement> branch(std::size_t i) const;
  // Element i of a leaf node: same checks for key and value; the flags must
  // be 0 or the nested-bucket flag, which an inline node may not use.
  [[nodiscard]] Result<BoltLeafElement> leaf(std::size_t i) const;

  // corrupt_source naming this node's page (and that it is inline).
  [[nodiscard]] std::unexpected<Error> corrupt(std::string_view what) const;

 private:
  std::span<const std::uint8_t> m_span;
  std::uint64_t m_page_id = 0;
  std::uint16_t m_flags = 0;
  std::uint16_t m_count = 0;
  std::uint32_t m_overflow = 0;
  bool m_inline = false;
};

// The 16-byte header at the start of a nested bucket's value: its root page
// (0 = inline) and its sequence, plus the inline page bytes when inline.
struct BoltBucketHeader {
  std::uint64_t root = 0;
  std::uint64_t sequence = 0;
  std::span<const std::uint8_t> inline_page;  // empty unless root == 0
};

// Decodes a nested bucket's value found in page `host_page`. Fails with
// corrupt_source if the value is shorter than 16 bytes, or, for an inline
// bucket (root 0), shorter than 32 bytes.
[[nodiscard]] Result<BoltBucketHeader> decode_bolt_bucket_header(std::span<const std::uint8_t> value,
                                                                 std::uint64_t host_page);

// What has been read of an image so far: every node load (a page with its
// overflow pages) counts, repeated loads included. For progress reports.
struct BoltReadCounters {
  std::uint64_t pages = 0;  // node loads
  std::uint64_t bytes = 0;  // bytes of those nodes (page size x (1 + overflow))
};

// A file image with its chosen meta, shared (read-only) by a BoltDb and every
// BoltBucket opened from it. Either the bytes are held in memory (`bytes`,
// for tests and fuzzing), or `mapped` views a read-only mapping of the file
// that `mapping` keeps alive (with the file's shared lock). Nothing is read
// from a mapping until a node is loaded, so only the pages a reader visits
// are ever touched.
struct BoltImage {
  util::Bytes bytes;
  std::span<const std::uint8_t> mapped;
  std::shared_ptr<const void> mapping;
  BoltMeta meta;
  // Progress: counted by load_bolt_node, which then calls `on_read` (when
  // set). Mutable: reading is logically const.
  mutable BoltReadCounters read;
  mutable std::function<void(const BoltReadCounters&)> on_read;

  std::span<const std::uint8_t> data() const { return mapping ? mapped : std::span<const std::uint8_t>(bytes); }
};

// Loads node `page_id` of the image: 2 <= id, id + overflow < pgid, the
// header's own id equal to `page_id`, then BoltNode::parse over the page and
// its overflow pages (the page type is checked there). Fails with
// corrupt_source naming the page. This is where a lazy reader validates what
// it reads, page by page; it also counts the read (image.read, on_read).
[[nodiscard]] Result<BoltNode> load_bolt_node(const BoltImage& image, std::uint64_t page_id);

}  // namespace lnstore::lnd
