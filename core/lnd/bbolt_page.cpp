#include "core/lnd/bbolt_page.hpp"

#include <algorithm>
#include <cstring>

namespace lnstore::lnd {

namespace {

// Little-endian loads; callers have checked `off + width <= bytes.size()`.
std::uint16_t le16(std::span<const std::uint8_t> b, std::size_t off) {
  return static_cast<std::uint16_t>(b[off] | b[off + 1] << 8);
}
std::uint32_t le32(std::span<const std::uint8_t> b, std::size_t off) {
  return static_cast<std::uint32_t>(b[off]) | static_cast<std::uint32_t>(b[off + 1]) << 8 |
         static_cast<std::uint32_t>(b[off + 2]) << 16 | static_cast<std::uint32_t>(b[off + 3]) << 24;
}
std::uint64_t le64(std::span<const std::uint8_t> b, std::size_t off) {
  return static_cast<std::uint64_t>(le32(b, off)) | static_cast<std::uint64_t>(le32(b, off + 4)) << 32;
}

}  // namespace

std::unexpected<Error> bolt_corrupt(std::uint64_t page, std::string_view what) {
  return fail(ExitClass::incompatible, "corrupt_source",
              "corrupt bbolt file: page " + std::to_string(page) + ": " + std::string(what),
              nlohmann::json{{"page", page}});
}

std::uint64_t bolt_fnv1a64(std::span<const std::uint8_t> bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::uint8_t byte : bytes) {
    hash ^= byte;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

bool bolt_meta_is_big_endian(std::span<const std::uint8_t> page) {
  return page.size() >= 20 && page[16] == 0xED && page[17] == 0x0C && page[18] == 0xDA && page[19] == 0xED;
}

Result<BoltMeta> decode_bolt_meta(std::span<const std::uint8_t> page, std::uint64_t page_id, std::uint64_t file_size) {
  if (page.size() < k_bolt_meta_end) return bolt_corrupt(page_id, "meta page truncated");
  if (le64(page, 0) != page_id) return bolt_corrupt(page_id, "meta page header has the wrong page id");
  if (le16(page, 8) != k_bolt_meta_page) return bolt_corrupt(page_id, "meta page header is not a meta page");
  BoltMeta meta;
  meta.magic = le32(page, 16);
  meta.version = le32(page, 20);
  meta.page_size = le32(page, 24);
  meta.flags = le32(page, 28);
  meta.root = le64(page, 32);
  meta.root_sequence = le64(page, 40);
  meta.freelist = le64(page, 48);
  meta.pgid = le64(page, 56);
  meta.txid = le64(page, 64);
  meta.checksum = le64(page, 72);
  if (meta.magic != k_bolt_magic) return bolt_corrupt(page_id, "meta magic mismatch (not a bbolt file?)");
  if (meta.version != k_bolt_version)
    return bolt_corrupt(page_id, "meta version " + std::to_string(meta.version) + " is not 2");
  // Pre-2014 bolt wrote no checksum; no lnd release did, so zero is refused
  // rather than trusted.
  if (meta.checksum == 0) return bolt_corrupt(page_id, "meta has no checksum (pre-2014 bolt)");
  if (bolt_fnv1a64(page.subspan(16, 56)) != meta.checksum) return bolt_corrupt(page_id, "meta checksum mismatch");
  if (meta.page_size < k_bolt_min_page_size || meta.page_size > k_bolt_max_page_size)
    return bolt_corrupt(page_id, "meta page size " + std::to_string(meta.page_size) + " out of range");
  if (meta.pgid < 3 || meta.pgid > file_size / meta.page_size)
    return bolt_corrupt(page_id, "meta high-water mark " + std::to_string(meta.pgid) + " does not fit the file");
  if (meta.root < 2 || meta.root >= meta.pgid)
    return bolt_corrupt(page_id, "meta root page " + std::to_string(meta.root) + " out of range");
  if (meta.freelist != k_bolt_no_freelist && (meta.freelist < 2 || meta.freelist >= meta.pgid))
    return bolt_corrupt(page_id, "meta freelist page " + std::to_string(meta.freelist) + " out of range");
  return meta;
}

Result<BoltNode> BoltNode::parse(std::span<const std::uint8_t> span, std::uint64_t page_id, bool is_inline) {
  BoltNode node;
  node.m_span = span;
  node.m_page_id = page_id;
  node.m_inline = is_inline;
  if (span.size() < k_bolt_page_header_size) return node.corrupt("node header truncated");
  node.m_flags = le16(span, 8);
  node.m_count = le16(span, 10);
  node.m_overflow = le32(span, 12);
  if (is_inline) {
    if (node.m_flags != k_bolt_leaf_page) return node.corrupt("inline bucket page is not a leaf");
    if (node.m_overflow != 0) return node.corrupt("inline bucket page has overflow pages");
  } else if (node.m_flags != k_bolt_leaf_page && node.m_flags != k_bolt_branch_page) {
    return node.corrupt("expected a branch or leaf page, found flags " + std::to_string(node.m_flags));
  }
  if (k_bolt_page_header_size + std::uint64_t{node.m_count} * k_bolt_element_size > span.size())
    return node.corrupt("element array (" + std::to_string(node.m_count) + " elements) overruns the page");
  if (node.is_branch() && node.m_count == 0) return node.corrupt("empty branch page");
  return node;
}

std::unexpected<Error> BoltNode::corrupt(std::string_view what) const {
  if (!m_inline) return bolt_corrupt(m_page_id, what);
  auto error = bolt_corrupt(m_page_id, "inline bucket: " + std::string(what));
  error.error().details["inline"] = true;
  return error;
}

Result<BoltBranchElement> BoltNode::branch(std::size_t i) const {
  if (!is_branch()) return corrupt("branch element read from a leaf page");
  if (i >= m_count) return corrupt("branch element index out of range");
  const std::size_t element = k_bolt_page_header_size + i * k_bolt_element_size;
  const std::uint64_t pos = le32(m_span, element);
  const std::uint64_t ksize = le32(m_span, element + 4);
  const std::uint64_t start = element + pos;
  if (ksize == 0) return corrupt("branch element " + std::to_string(i) + " has an empty key");
  if (start < k_bolt_page_header_size + std::uint64_t{m_count} * k_bolt_element_size || start + ksize > m_span.size())
    return corrupt("branch element " + std::to_string(i) + " key out of bounds");
  return BoltBranchElement{m_span.subspan(static_cast<std::size_t>(start), static_cast<std::size_t>(ksize)),
                           le64(m_span, element + 8)};
}

Result<BoltLeafElement> BoltNode::leaf(std::size_t i) const {
  if (!is_leaf()) return corrupt("leaf element read from a branch page");
  if (i >= m_count) return corrupt("leaf element index out of range");
  const std::size_t element = k_bolt_page_header_size + i * k_bolt_element_size;
  BoltLeafElement out;
  out.flags = le32(m_span, element);
  const std::uint64_t pos = le32(m_span, element + 4);
  const std::uint64_t ksize = le32(m_span, element + 8);
  const std::uint64_t vsize = le32(m_span, element + 12);
  const std::uint64_t start = element + pos;
  if ((out.flags & ~k_bolt_bucket_leaf_flag) != 0)
    return corrupt("leaf element " + std::to_string(i) + " has unknown flags " + std::to_string(out.flags));
  if (m_inline && out.is_bucket())
    return corrupt("leaf element " + std::to_string(i) + " is a bucket inside an inline bucket");
  if (ksize == 0) return corrupt("leaf element " + std::to_string(i) + " has an empty key");
  if (start < k_bolt_page_header_size + std::uint64_t{m_count} * k_bolt_element_size ||
      start + ksize + vsize > m_span.size())
    return corrupt("leaf element " + std::to_string(i) + " key or value out of bounds");
  out.key = m_span.subspan(static_cast<std::size_t>(start), static_cast<std::size_t>(ksize));
  out.value = m_span.subspan(static_cast<std::size_t>(start + ksize), static_cast<std::size_t>(vsize));
  return out;
}

Result<BoltBucketHeader> decode_bolt_bucket_header(std::span<const std::uint8_t> value, std::uint64_t host_page) {
  if (value.size() < k_bolt_bucket_header_size)
    return bolt_corrupt(host_page, "nested bucket value shorter than 16 bytes");
  BoltBucketHeader header;
  header.root = le64(value, 0);
  header.sequence = le64(value, 8);
  if (header.root == 0) {
    if (value.size() < k_bolt_bucket_header_size + k_bolt_page_header_size)
      return bolt_corrupt(host_page, "inline bucket value shorter than 32 bytes");
    header.inline_page = value.subspan(k_bolt_bucket_header_size);
  }
  return header;
}

Result<BoltNode> load_bolt_node(const BoltImage& image, std::uint64_t page_id) {
  const BoltMeta& meta = image.meta;
  if (page_id < 2) return bolt_corrupt(page_id, "reference to a meta page");
  if (page_id >= meta.pgid)
    return bolt_corrupt(page_id, "page id beyond the high-water mark " + std::to_string(meta.pgid));
  // pgid * page_size <= file size was checked with the meta, so these
  // products cannot overflow.
  const std::size_t offset = static_cast<std::size_t>(page_id * meta.page_size);
  const std::span<const std::uint8_t> file = image.data();
  if (le64(file, offset) != page_id)
    return bolt_corrupt(page_id, "page header carries id " + std::to_string(le64(file, offset)));
  const std::uint64_t overflow = le32(file, offset + 12);
  if (page_id + overflow + 1 > meta.pgid)
    return bolt_corrupt(page_id, "overflow of " + std::to_string(overflow) + " pages runs past the high-water mark");
  const std::size_t length = static_cast<std::size_t>((overflow + 1) * meta.page_size);
  ++image.read.pages;
  image.read.bytes += length;
  if (image.on_read) image.on_read(image.read);
  return BoltNode::parse(file.subspan(offset, length), page_id, false);
}

int compare_bolt_keys(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  const std::size_t common = std::min(a.size(), b.size());
  if (common != 0) {
    if (int c = std::memcmp(a.data(), b.data(), common); c != 0) return c < 0 ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

}  // namespace lnstore::lnd
