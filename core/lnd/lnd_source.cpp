#include "core/lnd/lnd_source.hpp"

#include <optional>
#include <string>
#include <utility>

namespace lnstore::lnd {

LndProgressCounter::LndProgressCounter(const BoltDb& db, LndProgress progress)
    : m_db(db), m_progress(std::move(progress)) {
  if (!m_progress) return;
  db.set_read_observer([this](const BoltReadCounters&) { report(); });
}

LndProgressCounter::~LndProgressCounter() {
  if (m_progress) m_db.set_read_observer({});
}

void LndProgressCounter::record() {
  ++m_records;
  report();
}

void LndProgressCounter::report() const {
  if (!m_progress) return;
  const BoltReadCounters& read = m_db.read_counters();
  m_progress(LndReadProgress{read.pages, read.bytes, m_db.meta().file_size, m_records});
}

Result<BoltDb> open_lnd_source(const std::filesystem::path& path, const LndReadOptions& options) {
  BoltDb db = LNSTORE_TRY(BoltDb::open(path, BoltCheck::lazy));
  if (!options.verify_source) return db;
  Result<BoltStats> verified = [&] {
    LndProgressCounter counter(db, options.progress);  // the walk reports its pages too
    return db.verify();
  }();
  if (!verified) {
    verified.error().details["path"] = path.string();
    return std::unexpected(std::move(verified).error());
  }
  return db;
}

Result<bool> has_migration_tombstone(const BoltBucket& root) {
  const std::optional<BoltBucket> bucket = LNSTORE_TRY(root.bucket("data-migration-tombstone"));
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
