// Hand-built bbolt file images for reader tests: a few pages laid out from
// the format description (spec/lnd-import.md section 1), written here
// independently of core/bbolt_*. Used to make precise corruptions that a
// real writer never produces.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::test {

inline void put_le(util::Bytes& out, std::size_t offset, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) out[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

inline util::Bytes bytes_of(std::string_view text) { return util::Bytes(text.begin(), text.end()); }

// FNV-1a 64 (written separately from core's, checked against published
// vectors in test_bbolt_page.cpp).
inline std::uint64_t test_fnv1a64(const std::uint8_t* data, std::size_t size) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < size; ++i) hash = (hash ^ data[i]) * 0x100000001b3ull;
  return hash;
}

struct BoltTestEntry {
  util::Bytes key;
  util::Bytes value;
  bool bucket = false;  // value is a bucket header (+ inline page)
};

// A node's bytes: 16-byte header, elements, then keys/values packed in
// element order. Padded to whole pages (the overflow field set accordingly)
// when page_size is non-zero; left unpadded for an inline bucket.
// A node's 16-byte header and `count` zeroed 16-byte elements.
inline util::Bytes bolt_node_start(std::uint64_t id, std::uint16_t flags, std::size_t count) {
  util::Bytes out(16 + 16 * count);
  put_le(out, 0, id, 8);
  put_le(out, 8, flags, 2);
  put_le(out, 10, count, 2);
  return out;
}

// Pads a node to whole pages and records the overflow in its header.
inline void bolt_pad_to_pages(util::Bytes& out, std::size_t page_size) {
  const std::size_t pages = std::max<std::size_t>(1, (out.size() + page_size - 1) / page_size);
  out.resize(pages * page_size);
  put_le(out, 12, pages - 1, 4);
}

inline util::Bytes bolt_leaf(const std::vector<BoltTestEntry>& entries, std::uint64_t id, std::size_t page_size) {
  util::Bytes out = bolt_node_start(id, 0x02, entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::size_t element = 16 + 16 * i;
    put_le(out, element, entries[i].bucket ? 1 : 0, 4);
    put_le(out, element + 4, out.size() - element, 4);
    put_le(out, element + 8, entries[i].key.size(), 4);
    put_le(out, element + 12, entries[i].value.size(), 4);
    out.insert(out.end(), entries[i].key.begin(), entries[i].key.end());
    out.insert(out.end(), entries[i].value.begin(), entries[i].value.end());
  }
  if (page_size != 0) bolt_pad_to_pages(out, page_size);
  return out;
}

inline util::Bytes bolt_branch(const std::vector<std::pair<util::Bytes, std::uint64_t>>& children, std::uint64_t id,
                         std::size_t page_size) {
  util::Bytes out = bolt_node_start(id, 0x01, children.size());
  for (std::size_t i = 0; i < children.size(); ++i) {
    const std::size_t element = 16 + 16 * i;
    put_le(out, element, out.size() - element, 4);
    put_le(out, element + 4, children[i].first.size(), 4);
    put_le(out, element + 8, children[i].second, 8);
    out.insert(out.end(), children[i].first.begin(), children[i].first.end());
  }
  bolt_pad_to_pages(out, page_size);
  return out;
}

// A nested bucket's value: root page id and sequence.
inline util::Bytes bolt_bucket_value(std::uint64_t root, std::uint64_t sequence) {
  util::Bytes out(16);
  put_le(out, 0, root, 8);
  put_le(out, 8, sequence, 8);
  return out;
}

inline util::Bytes bolt_inline_bucket(std::uint64_t sequence, const std::vector<BoltTestEntry>& entries) {
  util::Bytes out = bolt_bucket_value(0, sequence);
  const util::Bytes page = bolt_leaf(entries, 0, 0);
  out.insert(out.end(), page.begin(), page.end());
  return out;
}

inline util::Bytes bolt_meta(std::uint32_t page_size, std::uint64_t id, std::uint64_t root, std::uint64_t pgid,
                       std::uint64_t txid, std::uint64_t freelist = 0xFFFFFFFFFFFFFFFFull) {
  util::Bytes out(page_size);
  put_le(out, 0, id, 8);
  put_le(out, 8, 0x04, 2);
  put_le(out, 16, 0xED0CDAED, 4);
  put_le(out, 20, 2, 4);
  put_le(out, 24, page_size, 4);
  put_le(out, 32, root, 8);
  put_le(out, 48, freelist, 8);
  put_le(out, 56, pgid, 8);
  put_le(out, 64, txid, 8);
  put_le(out, 72, test_fnv1a64(out.data() + 16, 56), 8);
  return out;
}

// Recomputes a meta page's checksum after a test edited its fields.
inline void bolt_reseal_meta(util::Bytes& image, std::size_t offset) {
  put_le(image, offset + 72, test_fnv1a64(image.data() + offset + 16, 56), 8);
}

// A whole image: metas on pages 0 and 1 (meta 0 newer), then `pages`
// (each a whole number of pages) from page 2 on.
inline util::Bytes bolt_image(std::uint32_t page_size, const std::vector<util::Bytes>& pages, std::uint64_t root = 2) {
  std::size_t count = 2;
  for (const util::Bytes& page : pages) count += page.size() / page_size;
  util::Bytes out = bolt_meta(page_size, 0, root, count, 11);
  const util::Bytes meta1 = bolt_meta(page_size, 1, root, count, 10);
  out.insert(out.end(), meta1.begin(), meta1.end());
  for (const util::Bytes& page : pages) out.insert(out.end(), page.begin(), page.end());
  return out;
}

// A bucket tree to lay out as a file: buckets without sub-buckets are
// written inline (whatever their size), the others as leaf pages (with
// overflow pages when large). No branch pages.
struct BoltTestTree {
  std::uint64_t sequence = 0;
  std::map<util::Bytes, util::Bytes> values;
  std::map<util::Bytes, BoltTestTree> buckets;
};

// Appends the pages of `tree` (children first) to `pages`, numbering from
// `next_id`, and returns the bucket's value (header, + inline page). With
// `force_page` the bucket gets a page even without sub-buckets.
inline util::Bytes bolt_layout(const BoltTestTree& tree, std::vector<util::Bytes>& pages, std::uint64_t& next_id,
                         std::size_t page_size, bool force_page = false) {
  std::map<util::Bytes, BoltTestEntry> entries;
  for (const auto& [key, value] : tree.values) entries[key] = {key, value, false};
  for (const auto& [key, child] : tree.buckets)
    entries[key] = {key, bolt_layout(child, pages, next_id, page_size), true};
  std::vector<BoltTestEntry> sorted;
  for (auto& [key, entry] : entries) sorted.push_back(entry);
  if (tree.buckets.empty() && !force_page) return bolt_inline_bucket(tree.sequence, sorted);
  const std::uint64_t id = next_id;
  util::Bytes page = bolt_leaf(sorted, id, page_size);
  next_id += page.size() / page_size;
  pages.push_back(std::move(page));
  return bolt_bucket_value(id, tree.sequence);
}

// A whole file holding `root` as its root bucket.
inline util::Bytes bolt_tree_image(const BoltTestTree& root, std::uint32_t page_size = 4096) {
  std::vector<util::Bytes> pages;
  std::uint64_t next_id = 2;
  const util::Bytes value = bolt_layout(root, pages, next_id, page_size, true);
  std::uint64_t root_page = 0;
  for (int i = 0; i < 8; ++i) root_page |= static_cast<std::uint64_t>(value[i]) << (8 * i);
  return bolt_image(page_size, pages, root_page);
}

// `result` is refused as a corrupt source at `page`, its message naming `message_part`.
template <class T>
void check_corrupt(const Result<T>& result, std::uint64_t page, std::string_view message_part) {
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == "corrupt_source");
  CHECK(result.error().exit == ExitClass::incompatible);
  CHECK(result.error().details.value("page", ~0ull) == page);
  CHECK_MESSAGE(result.error().message.find(message_part) != std::string::npos, result.error().message);
}

}  // namespace lnstore::test
