#include "core/lnd/bbolt_file.hpp"

#include <signal.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "core/util/file_reader.hpp"

namespace lnstore::lnd {

namespace {

// The mapped ranges a SIGBUS may come from. A handler can only read
// lock-free atomics, so a fixed table of slots: a mapping that finds no free
// slot is still read, only without the explanation on SIGBUS.
struct MappedRange {
  std::atomic<std::uintptr_t> begin{0};
  std::atomic<std::uintptr_t> end{0};
};
std::array<MappedRange, 16> g_mapped_ranges;

void on_sigbus(int signal, siginfo_t* info, void*) {
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  for (const MappedRange& range : g_mapped_ranges) {
    const std::uintptr_t begin = range.begin.load();
    if (begin != 0 && address >= begin && address < range.end.load()) {
      static constexpr char k_message[] =
          "lnstore: error: the bbolt source file shrank while it was read (another process truncated or "
          "replaced it, ignoring its lock): nothing was written\n";
      (void)!::write(STDERR_FILENO, k_message, sizeof k_message - 1);
      ::_exit(7);
    }
  }
  // Not ours: die of it as if no handler were installed.
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void install_sigbus_handler() {
  static const bool installed = [] {
    struct sigaction action {};
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    return ::sigaction(SIGBUS, &action, nullptr) == 0;
  }();
  (void)installed;
}

// A read-only mapping of a locked source file; unmapped (and unlocked, when
// the file closes) with the last BoltDb or BoltBucket that uses it.
class Mapping {
 public:
  Mapping(util::InputFile file, const std::uint8_t* data, std::size_t size) : m_file(std::move(file)), m_data(data), m_size(size) {
    for (MappedRange& range : g_mapped_ranges) {
      std::uintptr_t expected = 0;
      const auto begin = reinterpret_cast<std::uintptr_t>(data);
      if (range.begin.compare_exchange_strong(expected, begin)) {
        range.end.store(begin + size);
        m_slot = &range;
        break;
      }
    }
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    if (m_slot) {
      m_slot->end.store(0);
      m_slot->begin.store(0);
    }
    ::munmap(const_cast<std::uint8_t*>(m_data), m_size);
  }
  std::span<const std::uint8_t> bytes() const { return {m_data, m_size}; }

 private:
  util::InputFile m_file;  // its descriptor holds the shared lock
  const std::uint8_t* m_data;
  std::size_t m_size;
  MappedRange* m_slot = nullptr;
};

std::unexpected<Error> io_failure(std::string code, const std::filesystem::path& path, std::string_view what, int err) {
  return fail(ExitClass::io, std::move(code), path.string() + ": " + std::string(what) + ": " + std::strerror(err),
              nlohmann::json{{"path", path.string()}});
}

// Chooses the meta page like bbolt's DB.meta(): of the valid metas, the one
// with the higher txid (meta 0 on a tie).
Result<BoltMetaInfo> choose_meta(std::span<const std::uint8_t> file, BoltMeta& chosen) {
  const std::uint64_t size = file.size();
  Result<BoltMeta> meta0 = decode_bolt_meta(file, 0, size);
  // Page size: from meta 0 when it is valid, else probe where meta 1 would
  // be for each plausible page size (bbolt's getPageSize).
  std::uint64_t page_size = 0;
  Result<BoltMeta> meta1 = bolt_corrupt(1, "meta page not found");
  if (meta0) {
    page_size = meta0->page_size;
    if (page_size + k_bolt_meta_end <= size) meta1 = decode_bolt_meta(file.subspan(page_size), 1, size);
    if (meta1 && meta1->page_size != page_size) meta1 = bolt_corrupt(1, "meta page size differs from meta 0");
  } else {
    for (std::uint64_t probe = k_bolt_min_page_size; probe <= k_bolt_max_page_size; probe <<= 1) {
      if (probe + k_bolt_meta_end > size) break;
      Result<BoltMeta> candidate = decode_bolt_meta(file.subspan(probe), 1, size);
      if (candidate && candidate->page_size == probe) {
        page_size = probe;
        meta1 = std::move(candidate);
        break;
      }
    }
  }
  if (!meta0 && !meta1) {
    if (bolt_meta_is_big_endian(file))
      return fail(ExitClass::incompatible, "unsupported_source",
                  "bbolt file written on a big-endian host; such files are not portable", {{"page", 0}});
    return fail(ExitClass::incompatible, "corrupt_source",
                "corrupt bbolt file: no valid meta page (" + meta0.error().message + "; " + meta1.error().message + ")",
                {{"page", 0}});
  }
  BoltMetaInfo info;
  if (meta0 && (!meta1 || meta0->txid >= meta1->txid)) {
    chosen = *meta0;
    info.meta_page = 0;
    if (!meta1) info.other_meta_rejected = meta1.error().message;
  } else {
    chosen = *meta1;
    info.meta_page = 1;
    if (!meta0) info.other_meta_rejected = meta0.error().message;
  }
  info.page_size = chosen.page_size;
  info.txid = chosen.txid;
  info.root = chosen.root;
  info.pgid = chosen.pgid;
  info.freelist = chosen.freelist;
  info.file_size = size;
  return info;
}

// One node waiting to be checked. Bounds are the separators of the parent
// branch: every key of the node must be >= lower and < upper.
struct Work {
  std::uint64_t page = 0;                     // file page, or the host page of an inline node
  std::span<const std::uint8_t> inline_page;  // non-empty for an inline bucket's node
  bool is_inline = false;
  std::span<const std::uint8_t> lower;
  std::span<const std::uint8_t> upper;
  bool has_lower = false;
  bool has_upper = false;
  int tree_depth = 1;
  int bucket_depth = 0;
};

// Walks every node reachable from the root bucket (explicit stack, no
// recursion) and checks what bbolt's tx.Check checks about structure.
constexpr std::uint64_t k_release_every_bytes = std::uint64_t{16} << 20;

Result<BoltStats> check_tree(const BoltImage& image) {
  BoltStats stats;
  std::uint64_t released_at = image.read.bytes;
  std::vector<bool> visited(static_cast<std::size_t>(image.meta.pgid), false);
  std::vector<Work> stack;
  Work root;
  root.page = image.meta.root;
  stack.push_back(root);
  std::vector<Work> children;
  while (!stack.empty()) {
    const Work work = stack.back();
    stack.pop_back();
    BoltNode node = work.is_inline ? LNSTORE_TRY(BoltNode::parse(work.inline_page, work.page, true))
                                   : LNSTORE_TRY(load_bolt_node(image, work.page));
    // A mapped file's pages stay in this process's resident set once
    // touched. They are clean copies of the page cache, so dropping them
    // from time to time keeps the walk's memory flat; the spans still held
    // (keys, inline pages) simply fault back in when read.
    if (image.mapping && image.read.bytes - released_at >= k_release_every_bytes) {
      (void)::madvise(const_cast<std::uint8_t*>(image.mapped.data()), image.mapped.size(), MADV_DONTNEED);
      released_at = image.read.bytes;
    }
    if (!work.is_inline) {
      for (std::uint64_t page = work.page; page <= work.page + node.overflow(); ++page) {
        if (visited[static_cast<std::size_t>(page)])
          return bolt_corrupt(page, "page reached twice (cycle or shared page)");
        visited[static_cast<std::size_t>(page)] = true;
      }
      if (node.is_branch()) {
        ++stats.branch_pages;
        stats.branch_overflow_pages += node.overflow();
      } else {
        ++stats.leaf_pages;
        stats.leaf_overflow_pages += node.overflow();
      }
    }
    stats.max_tree_depth = std::max(stats.max_tree_depth, work.tree_depth);
    stats.max_bucket_depth = std::max(stats.max_bucket_depth, work.bucket_depth);

    children.clear();
    std::span<const std::uint8_t> previous;
    for (std::size_t i = 0; i < node.count(); ++i) {
      std::span<const std::uint8_t> key;
      std::uint64_t child = 0;
      BoltLeafElement leaf;
      if (node.is_branch()) {
        const BoltBranchElement element = LNSTORE_TRY(node.branch(i));
        key = element.key;
        child = element.child;
      } else {
        leaf = LNSTORE_TRY(node.leaf(i));
        key = leaf.key;
      }
      if (i > 0 && compare_bolt_keys(previous, key) >= 0)
        return node.corrupt("keys not strictly increasing at element " + std::to_string(i));
      if (i == 0 && work.has_lower && compare_bolt_keys(key, work.lower) < 0)
        return node.corrupt("first key sorts before the parent branch's separator");
      if (work.has_upper && compare_bolt_keys(key, work.upper) >= 0)
        return node.corrupt("key " + std::to_string(i) + " not below the parent branch's next separator");
      previous = key;

      if (node.is_branch()) {
        if (work.tree_depth + 1 > k_bolt_max_tree_depth)
          return node.corrupt("tree deeper than " + std::to_string(k_bolt_max_tree_depth) + " levels");
        if (!children.empty()) {
          children.back().upper = key;
          children.back().has_upper = true;
        }
        Work next;
        next.page = child;
        next.lower = key;
        next.has_lower = true;
        next.upper = work.upper;
        next.has_upper = work.has_upper;
        next.tree_depth = work.tree_depth + 1;
        next.bucket_depth = work.bucket_depth;
        children.push_back(next);
        continue;
      }
      if (!leaf.is_bucket()) {
        ++stats.values;
        continue;
      }
      const BoltBucketHeader header = LNSTORE_TRY(decode_bolt_bucket_header(leaf.value, node.page_id()));
      if (work.bucket_depth + 1 > k_bolt_max_bucket_depth)
        return node.corrupt("buckets nested deeper than " + std::to_string(k_bolt_max_bucket_depth));
      ++stats.buckets;
      Work next;
      next.page = header.root;
      next.bucket_depth = work.bucket_depth + 1;
      if (header.root == 0) {
        ++stats.inline_buckets;
        next.page = node.page_id();
        next.inline_page = header.inline_page;
        next.is_inline = true;
      }
      children.push_back(next);
    }
    // Reversed, so that pages are checked in key order (stable error reports).
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
  return stats;
}

}  // namespace

Result<BoltDb> BoltDb::open_from_bytes(util::Bytes bytes, BoltCheck check) {
  auto image = std::make_shared<BoltImage>();
  image->bytes = std::move(bytes);
  BoltDb db;
  db.m_meta = LNSTORE_TRY(choose_meta(image->data(), image->meta));
  db.m_image = std::move(image);
  if (check == BoltCheck::full) LNSTORE_TRY(db.verify());
  return db;
}

Result<BoltStats> BoltDb::verify() {
  // The walk reads about every page, mostly in file order: let the kernel
  // read ahead while it runs (lazy readers jump, MADV_RANDOM).
  const bool mapped = m_image->mapping != nullptr;
  auto* data = const_cast<std::uint8_t*>(m_image->mapped.data());
  if (mapped) (void)::madvise(data, m_image->mapped.size(), MADV_SEQUENTIAL);
  Result<BoltStats> stats = check_tree(*m_image);
  if (mapped) (void)::madvise(data, m_image->mapped.size(), MADV_RANDOM);
  m_stats = LNSTORE_TRY(std::move(stats));
  return m_stats;
}

void BoltDb::set_read_observer(std::function<void(const BoltReadCounters&)> observer) const {
  m_image->on_read = std::move(observer);
}

Result<BoltDb> BoltDb::open(const std::filesystem::path& path, BoltCheck check) {
  // The one file reader: a directory, FIFO or device is refused without
  // blocking ("not_a_regular_file"); other failures keep this unit's codes.
  auto opened = util::InputFile::open(path);
  if (!opened) {
    Error e = std::move(opened.error());
    if (e.code == "file_not_found") e.code = "source_not_found";
    else if (e.code != "not_a_regular_file") e.code = "source_unreadable";
    return std::unexpected(std::move(e));
  }
  util::InputFile file = std::move(*opened);
  const int fd = file.fd();
  // bbolt locks with flock: lnd holds LOCK_EX while it runs. A shared
  // non-blocking lock fails exactly then.
  while (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    const int err = errno;
    if (err == EINTR) continue;
    if (err == EWOULDBLOCK)
      return fail(ExitClass::busy, "source_locked",
                  path.string() +
                      " is locked by another process (lnd appears to be running); "
                      "stop lnd before importing",
                  nlohmann::json{{"path", path.string()}});
    return io_failure("source_unreadable", path, "cannot lock", err);
  }
  // The size under the lock: the meta's page count is checked against it.
  struct stat st {};
  if (::fstat(fd, &st) != 0) return io_failure("source_unreadable", path, "cannot stat", errno);
  const auto size = static_cast<std::uint64_t>(st.st_size);
  auto image = std::make_shared<BoltImage>();
  if (size > 0) {
    if (size > std::numeric_limits<std::size_t>::max())
      return io_failure("source_unreadable", path, "cannot map", EFBIG);
    void* data = ::mmap(nullptr, static_cast<std::size_t>(size), PROT_READ, MAP_SHARED, fd, 0);
    if (data == MAP_FAILED) return io_failure("source_unreadable", path, "cannot map", errno);
    // Readers jump between pages; read-ahead would only fill the page cache.
    (void)::madvise(data, static_cast<std::size_t>(size), MADV_RANDOM);
    install_sigbus_handler();
    auto mapping =
        std::make_shared<const Mapping>(std::move(file), static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size));
    image->mapped = mapping->bytes();
    image->mapping = std::move(mapping);
  }
  BoltDb db;
  Result<BoltMetaInfo> meta = choose_meta(image->data(), image->meta);
  if (!meta) {
    meta.error().details["path"] = path.string();
    return std::unexpected(std::move(meta).error());
  }
  db.m_meta = *meta;
  db.m_image = std::move(image);
  if (check == BoltCheck::full) {
    if (auto verified = db.verify(); !verified) {
      verified.error().details["path"] = path.string();
      return std::unexpected(std::move(verified).error());
    }
  }
  return db;
}

BoltBucket BoltDb::root() const {
  return BoltBucket(m_image, m_image->meta.root, m_image->meta.root_sequence, {}, m_image->meta.root, 0);
}

}  // namespace lnstore::lnd
