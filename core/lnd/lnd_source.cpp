#include "core/lnd/lnd_source.hpp"

#include <optional>
#include <string>
#include <utility>

namespace lnstore::lnd {

LndProgressCounter::LndProgressCounter(const KvSource& source, LndProgress progress)
    : m_source(source), m_progress(std::move(progress)) {
  if (!m_progress) return;
  source.set_read_observer([this] { report(); });
}

LndProgressCounter::~LndProgressCounter() {
  if (m_progress) m_source.set_read_observer({});
}

void LndProgressCounter::record() {
  ++m_records;
  report();
}

void LndProgressCounter::report() const {
  if (!m_progress) return;
  const KvReadCounters read = m_source.counters();
  m_progress(LndReadProgress{read.reads, read.bytes, read.total_bytes, m_records});
}

Result<BoltDb> open_lnd_source(const std::filesystem::path& path, const LndReadOptions& options) {
  BoltDb db = LNSTORE_TRY(BoltDb::open(path, BoltCheck::lazy));
  if (!options.verify_source) return db;
  Result<BoltStats> verified = [&] {
    const BoltKvSource source(db);
    LndProgressCounter counter(source, options.progress);  // the walk reports its pages too
    return db.verify();
  }();
  if (!verified) {
    verified.error().details["path"] = path.string();
    return std::unexpected(std::move(verified).error());
  }
  return db;
}

Result<std::shared_ptr<const KvSource>> open_lnd_bolt_source(const std::filesystem::path& path,
                                                            const LndReadOptions& options) {
  Result<BoltDb> db = open_lnd_source(path, options);
  if (!db) {
    db.error().details["path"] = path.string();
    return std::unexpected(std::move(db).error());
  }
  return std::make_shared<const BoltKvSource>(std::move(*db));
}

Result<bool> has_migration_tombstone(const KvBucket& root) {
  const std::optional<KvBucket> bucket = LNSTORE_TRY(root.bucket("data-migration-tombstone"));
  if (!bucket) return false;
  const std::optional<util::Bytes> marker = LNSTORE_TRY(bucket->get("data-migration-tombstone"));
  return marker && !marker->empty();
}

std::unexpected<Error> tombstoned(std::string code, std::string_view file_name) {
  return fail(ExitClass::incompatible, std::move(code),
              "lnd " + std::string(file_name) +
                  " was migrated to SQL (lndinit migrate-db tombstone): its content is stale; import from the "
                  "node's current database instead",
              {{"db_path", "data-migration-tombstone"}});
}

}  // namespace lnstore::lnd
