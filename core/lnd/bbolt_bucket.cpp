#include "core/lnd/bbolt_bucket.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_set>
#include <utility>
#include <vector>

namespace lnstore::lnd {

namespace {

std::span<const std::uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

BoltBucket::BoltBucket(std::shared_ptr<const BoltImage> image, std::uint64_t root, std::uint64_t sequence,
                       std::span<const std::uint8_t> inline_page, std::uint64_t host_page, int depth)
    : m_image(std::move(image)),
      m_root(root),
      m_sequence(sequence),
      m_inline_page(inline_page),
      m_host_page(host_page),
      m_depth(depth) {}

Result<BoltNode> BoltBucket::root_node() const {
  if (m_root == 0) return BoltNode::parse(m_inline_page, m_host_page, true);
  return load_bolt_node(*m_image, m_root);
}

Result<std::optional<BoltBucket::Found>> BoltBucket::find(std::span<const std::uint8_t> key) const {
  BoltNode node = LNSTORE_TRY(root_node());
  // A loop, not recursion: the descent is capped whatever the file says.
  for (int level = 0; level <= k_bolt_max_tree_depth; ++level) {
    if (node.is_leaf()) {
      // First element whose key is >= `key`.
      std::size_t lo = 0;
      std::size_t hi = node.count();
      while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const BoltLeafElement element = LNSTORE_TRY(node.leaf(mid));
        if (compare_bolt_keys(element.key, key) < 0)
          lo = mid + 1;
        else
          hi = mid;
      }
      if (lo == node.count()) return std::nullopt;
      BoltLeafElement element = LNSTORE_TRY(node.leaf(lo));
      if (compare_bolt_keys(element.key, key) != 0) return std::nullopt;
      return Found{element, node.page_id()};
    }
    // Branch: the last element whose key is <= `key`, or the first one if
    // none is (bbolt Cursor.search).
    std::size_t lo = 0;
    std::size_t hi = node.count();
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      const BoltBranchElement element = LNSTORE_TRY(node.branch(mid));
      if (compare_bolt_keys(element.key, key) <= 0)
        lo = mid + 1;
      else
        hi = mid;
    }
    const std::size_t index = lo == 0 ? 0 : lo - 1;
    const BoltBranchElement element = LNSTORE_TRY(node.branch(index));
    node = LNSTORE_TRY(load_bolt_node(*m_image, element.child));
  }
  return node.corrupt("tree deeper than " + std::to_string(k_bolt_max_tree_depth) + " levels");
}

Result<std::optional<util::Bytes>> BoltBucket::get(std::span<const std::uint8_t> key) const {
  const std::optional<Found> found = LNSTORE_TRY(find(key));
  if (!found || found->element.is_bucket()) return std::nullopt;
  return util::Bytes(found->element.value.begin(), found->element.value.end());
}

Result<std::optional<util::Bytes>> BoltBucket::get(std::string_view key) const { return get(as_bytes(key)); }

Result<BoltBucket> BoltBucket::nested(std::span<const std::uint8_t> value, std::uint64_t host_page) const {
  const BoltBucketHeader header = LNSTORE_TRY(decode_bolt_bucket_header(value, host_page));
  if (m_depth + 1 > k_bolt_max_bucket_depth)
    return bolt_corrupt(host_page, "buckets nested deeper than " + std::to_string(k_bolt_max_bucket_depth));
  return BoltBucket(m_image, header.root, header.sequence, header.inline_page, host_page, m_depth + 1);
}

Result<std::optional<BoltBucket>> BoltBucket::bucket(std::span<const std::uint8_t> key) const {
  const std::optional<Found> found = LNSTORE_TRY(find(key));
  if (!found || !found->element.is_bucket()) return std::nullopt;
  return LNSTORE_TRY(nested(found->element.value, found->page));
}

Result<std::optional<BoltBucket>> BoltBucket::bucket(std::string_view key) const { return bucket(as_bytes(key)); }

Result<BoltBucket> BoltBucket::open_nested(const BoltEntry& entry) const {
  if (!entry.is_bucket) return fail(ExitClass::internal, "not_a_bucket", "open_nested called on a plain value");
  return nested(entry.bucket_value, entry.page);
}

Result<void> BoltBucket::for_each(const BoltVisitor& visit) const {
  struct Frame {
    BoltNode node;
    std::size_t next = 0;
  };
  std::vector<Frame> stack;
  stack.push_back({LNSTORE_TRY(root_node()), 0});
  std::unordered_set<std::uint64_t> visited;
  if (m_root != 0) visited.insert(m_root);
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (frame.next >= frame.node.count()) {
      stack.pop_back();
      continue;
    }
    const std::size_t index = frame.next++;
    if (frame.node.is_branch()) {
      const BoltBranchElement element = LNSTORE_TRY(frame.node.branch(index));
      if (stack.size() > static_cast<std::size_t>(k_bolt_max_tree_depth))
        return frame.node.corrupt("tree deeper than " + std::to_string(k_bolt_max_tree_depth) + " levels");
      if (!visited.insert(element.child).second)
        return bolt_corrupt(element.child, "page reached twice (cycle or shared page)");
      BoltNode child = LNSTORE_TRY(load_bolt_node(*m_image, element.child));
      stack.push_back({child, 0});  // invalidates `frame`
      continue;
    }
    const BoltLeafElement element = LNSTORE_TRY(frame.node.leaf(index));
    BoltEntry entry;
    entry.key = element.key;
    entry.is_bucket = element.is_bucket();
    if (entry.is_bucket)
      entry.bucket_value = element.value;
    else
      entry.value = element.value;
    entry.page = frame.node.page_id();
    LNSTORE_TRY(visit(entry));
  }
  return {};
}

}  // namespace lnstore::lnd
