// KvBucket and KvSource: the one bucket interface lnd's record decoders read
// through, whatever keeps the buckets. lnd's kvdb has three backends with the
// same bucket trees (spec/lnd-sql.md): bbolt files, and key/value tables in
// SQLite or PostgreSQL. A source implements KvBucketImpl (get, nested bucket,
// for_each in key order, sequence); the decoders, the import and its checks
// are shared. This part implements bbolt (BoltKvSource); the SQL sources live
// in core/lndsql, which links SQLite and libpq (the decoders library does not).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/lnd/bbolt_file.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::lnd {

// One entry of a bucket, as for_each reports it. The spans are valid during
// the visit only.
struct KvEntry {
  std::span<const std::uint8_t> key;
  // The value; always empty for a nested bucket. A plain value may be empty
  // too ("present and empty"), so test is_bucket, not value.empty().
  std::span<const std::uint8_t> value;
  bool is_bucket = false;
  // The source's handle of a nested bucket, for open_nested without a second
  // lookup: bbolt's entry (bucket header and page), an SQL row id. Set by
  // the source, read only by it.
  const void* source_entry = nullptr;
  std::int64_t row_id = 0;
};

using KvVisitor = std::function<Result<void>(const KvEntry&)>;

class KvBucket;

// What a source implements for one bucket.
class KvBucketImpl {
 public:
  virtual ~KvBucketImpl() = default;
  virtual std::uint64_t sequence() const = 0;
  // As BoltBucket::get: nullopt when absent or a nested bucket; an empty
  // value is an empty Bytes.
  virtual Result<std::optional<util::Bytes>> get(std::span<const std::uint8_t> key) const = 0;
  // nullopt when absent or a plain value.
  virtual Result<std::optional<KvBucket>> bucket(std::span<const std::uint8_t> key) const = 0;
  // Every entry in bbolt's key order (compare_bolt_keys: Go's bytes.Compare),
  // without descending into nested buckets; an error of `visit` stops the
  // walk and is returned.
  virtual Result<void> for_each(const KvVisitor& visit) const = 0;
  // The nested bucket of an entry this bucket's for_each reported.
  virtual Result<KvBucket> open_nested(const KvEntry& entry) const = 0;
};

// A bucket of any source: a cheap handle (shared, immutable).
class KvBucket {
 public:
  explicit KvBucket(std::shared_ptr<const KvBucketImpl> impl) : m_impl(std::move(impl)) {}

  // The bucket sequence (NextSequence/SetSequence counter; 0 when never set).
  std::uint64_t sequence() const { return m_impl->sequence(); }
  [[nodiscard]] Result<std::optional<util::Bytes>> get(std::span<const std::uint8_t> key) const {
    return m_impl->get(key);
  }
  [[nodiscard]] Result<std::optional<util::Bytes>> get(std::string_view key) const { return get(as_key(key)); }
  [[nodiscard]] Result<std::optional<KvBucket>> bucket(std::span<const std::uint8_t> key) const {
    return m_impl->bucket(key);
  }
  [[nodiscard]] Result<std::optional<KvBucket>> bucket(std::string_view key) const { return bucket(as_key(key)); }
  [[nodiscard]] Result<void> for_each(const KvVisitor& visit) const { return m_impl->for_each(visit); }
  [[nodiscard]] Result<KvBucket> open_nested(const KvEntry& entry) const { return m_impl->open_nested(entry); }

 private:
  static std::span<const std::uint8_t> as_key(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
  }
  std::shared_ptr<const KvBucketImpl> m_impl;
};

// How much of a source has been read, for progress reports.
struct KvReadCounters {
  std::uint64_t reads = 0;  // bbolt: node loads; SQL: rows fetched
  std::uint64_t bytes = 0;  // bytes of those
  std::uint64_t total_bytes = 0;  // the file's size (0 when unknown: PostgreSQL)
};

// One opened lnd database namespace (a channel.db, a wtclient.db, or their
// kv table), read-only, seen as one consistent snapshot while it lives.
class KvSource {
 public:
  virtual ~KvSource() = default;
  // The root bucket: its entries are the top-level buckets.
  virtual KvBucket root() const = 0;
  virtual KvReadCounters counters() const = 0;
  // Called after every read with no rate limit (the callee decides); empty
  // to stop.
  virtual void set_read_observer(std::function<void()> observer) const = 0;
  // "bbolt", "sqlite" or "postgres".
  virtual std::string_view kind() const = 0;
};

// The bbolt source over an open file (or an image in memory).
class BoltKvSource final : public KvSource {
 public:
  explicit BoltKvSource(BoltDb db) : m_db(std::move(db)) {}
  KvBucket root() const override;
  KvReadCounters counters() const override;
  void set_read_observer(std::function<void()> observer) const override;
  std::string_view kind() const override { return "bbolt"; }
  const BoltDb& db() const { return m_db; }

 private:
  BoltDb m_db;
};

// A BoltBucket seen through the interface.
KvBucket bolt_kv_bucket(BoltBucket bucket);

}  // namespace lnstore::lnd
