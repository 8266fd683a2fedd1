// lnd's kvdb tables (`<prefix>_kv`: id, key, value, parent_id, sequence;
// spec/lnd-sql.md) seen as lnd::KvBucket trees. A bucket is a row whose
// value is NULL; top-level buckets have parent_id NULL; a bucket's entries
// are the rows whose parent_id is its id, returned in key order by the
// database (ORDER BY key: memcmp then length for BLOB and BYTEA, bbolt's
// order) and checked against lnd::compare_bolt_keys as they arrive, so the
// row ids (insertion order, with gaps) never matter. KvRows is what a
// database (SQLite, PostgreSQL) provides: rows of one table in one snapshot,
// streamed, never a whole table.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/lnd/kv_bucket.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::lndsql {

// One row. `value` nullopt: a bucket.
struct KvRow {
  std::int64_t id = 0;
  util::Bytes key;
  std::optional<util::Bytes> value;
};

// Row buffers are reused from row to row; a value may hold a secret (the
// legacy revocation producer root), so it is wiped before it is dropped.
inline void wipe_value(KvRow& row) {
  if (row.value) util::secure_wipe(row.value->data(), row.value->size());
  row.value.reset();
}

using KvRowVisitor = std::function<Result<void>(const KvRow&)>;

class KvRows {
 public:
  virtual ~KvRows() = default;
  // The rows whose parent_id is `parent` (IS NULL for nullopt), in key
  // order, streamed; an error of `visit` stops and is returned. Calls nest
  // (a visitor may walk a child bucket).
  virtual Result<void> children(std::optional<std::int64_t> parent, const KvRowVisitor& visit) const = 0;
  // The row under `parent` with `key`, if any.
  virtual Result<std::optional<KvRow>> child(std::optional<std::int64_t> parent,
                                             std::span<const std::uint8_t> key) const = 0;
  // A bucket row's sequence (NULL reads as 0, as lnd's Sequence()).
  virtual Result<std::uint64_t> sequence(std::int64_t id) const = 0;
  virtual lnd::KvReadCounters counters() const = 0;
  virtual void set_read_observer(std::function<void()> observer) const = 0;
};

// lndinit's marker in a migrated SQL table: a top-level bucket lnd ignores,
// and so does this reader (it is never in the bbolt file it came from).
inline constexpr std::string_view k_already_migrated = "data-migration-already-migrated";

// The root bucket of a table.
lnd::KvBucket kv_table_root(std::shared_ptr<const KvRows> rows);

// Which kv tables a source has decides whether `table` can be read: none
// at all is incompatible "not_lnd_sql" (`source` + `not_lnd`, e.g. " is not
// lnd's: ..."), others but not this one "lnd_kv_table_missing" naming them.
// `details` go with either error.
[[nodiscard]] Result<void> require_kv_table(const std::vector<std::string>& kv_tables, const std::string& table,
                                            const std::string& source, std::string_view not_lnd, nlohmann::ordered_json details);

// A table's rows as lnd's bucket source; `kind` names the backend ("sqlite",
// "postgres") in the import's result.
std::shared_ptr<const lnd::KvSource> kv_table_source(std::shared_ptr<const KvRows> rows, std::string_view kind);

// A table prefix as lnd names namespaces: lowercase letters, digits and
// '_', 1..63 bytes (a PostgreSQL identifier needs no quoting then).
bool valid_table_prefix(std::string_view prefix);

}  // namespace lnstore::lndsql
