#include "core/lnd/kv_bucket.hpp"

#include <utility>

namespace lnstore::lnd {

namespace {

class BoltKvBucket final : public KvBucketImpl {
 public:
  explicit BoltKvBucket(BoltBucket bucket) : m_bucket(std::move(bucket)) {}

  std::uint64_t sequence() const override { return m_bucket.sequence(); }

  Result<std::optional<util::Bytes>> get(std::span<const std::uint8_t> key) const override {
    return m_bucket.get(key);
  }

  Result<std::optional<KvBucket>> bucket(std::span<const std::uint8_t> key) const override {
    std::optional<BoltBucket> nested = LNSTORE_TRY(m_bucket.bucket(key));
    if (!nested) return std::nullopt;
    return bolt_kv_bucket(std::move(*nested));
  }

  Result<void> for_each(const KvVisitor& visit) const override {
    return m_bucket.for_each([&](const BoltEntry& e) -> Result<void> {
      return visit(KvEntry{e.key, e.value, e.is_bucket, &e, 0});
    });
  }

  Result<KvBucket> open_nested(const KvEntry& entry) const override {
    // for_each above put the BoltEntry there; it lives during the visit.
    const auto* bolt = static_cast<const BoltEntry*>(entry.source_entry);
    if (bolt == nullptr) return fail(ExitClass::internal, "not_a_bucket", "entry of another source");
    return bolt_kv_bucket(LNSTORE_TRY(m_bucket.open_nested(*bolt)));
  }

 private:
  BoltBucket m_bucket;
};

}  // namespace

KvBucket bolt_kv_bucket(BoltBucket bucket) {
  return KvBucket(std::make_shared<const BoltKvBucket>(std::move(bucket)));
}

KvBucket BoltKvSource::root() const { return bolt_kv_bucket(m_db.root()); }

KvReadCounters BoltKvSource::counters() const {
  const BoltReadCounters& read = m_db.read_counters();
  return {read.pages, read.bytes, m_db.meta().file_size};
}

void BoltKvSource::set_read_observer(std::function<void()> observer) const {
  if (!observer) {
    m_db.set_read_observer({});
    return;
  }
  m_db.set_read_observer([observer = std::move(observer)](const BoltReadCounters&) { observer(); });
}

}  // namespace lnstore::lnd
