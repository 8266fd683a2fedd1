#include "core/lndsql/kv_table.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "core/lnd/bbolt_page.hpp"

namespace lnstore::lndsql {

namespace {

bool is_marker(std::optional<std::int64_t> parent, std::span<const std::uint8_t> key) {
  return !parent && std::equal(key.begin(), key.end(), k_already_migrated.begin(), k_already_migrated.end());
}

class SqlBucket final : public lnd::KvBucketImpl {
 public:
  SqlBucket(std::shared_ptr<const KvRows> rows, std::optional<std::int64_t> id)
      : m_rows(std::move(rows)), m_id(id) {}

  std::uint64_t sequence() const override {
    if (!m_id) return 0;  // the root has none
    // lnd reads a NULL sequence as 0; an error reading it shows up again in
    // the next read of the same snapshot.
    const Result<std::uint64_t> seq = m_rows->sequence(*m_id);
    return seq ? *seq : 0;
  }

  Result<std::optional<util::Bytes>> get(std::span<const std::uint8_t> key) const override {
    if (is_marker(m_id, key)) return std::nullopt;
    std::optional<KvRow> row = LNSTORE_TRY(m_rows->child(m_id, key));
    if (!row || !row->value) return std::nullopt;
    return std::move(*row->value);
  }

  Result<std::optional<lnd::KvBucket>> bucket(std::span<const std::uint8_t> key) const override {
    if (is_marker(m_id, key)) return std::nullopt;
    const std::optional<KvRow> row = LNSTORE_TRY(m_rows->child(m_id, key));
    if (!row || row->value) return std::nullopt;
    return lnd::KvBucket(std::make_shared<const SqlBucket>(m_rows, row->id));
  }

  Result<void> for_each(const lnd::KvVisitor& visit) const override {
    util::Bytes previous;
    bool first = true;
    return m_rows->children(m_id, [&](const KvRow& row) -> Result<void> {
      // The database sorted them; a collation or a damaged index that did
      // otherwise would silently change what the decoders see.
      if (!first && lnd::compare_bolt_keys(previous, row.key) >= 0)
        return fail(ExitClass::incompatible, "corrupt_source",
                    "lnd kv table rows are not in key order (or a key repeats) under parent " +
                        (m_id ? std::to_string(*m_id) : std::string("NULL")),
                    {{"row_id", row.id}});
      first = false;
      previous = row.key;
      if (is_marker(m_id, row.key)) return {};
      static constexpr std::uint8_t k_none = 0;
      const std::span<const std::uint8_t> value =
          row.value ? std::span<const std::uint8_t>(*row.value) : std::span<const std::uint8_t>(&k_none, 0);
      return visit(lnd::KvEntry{row.key, value, !row.value.has_value(), nullptr, row.id});
    });
  }

  Result<lnd::KvBucket> open_nested(const lnd::KvEntry& entry) const override {
    if (!entry.is_bucket || entry.row_id == 0)
      return fail(ExitClass::internal, "not_a_bucket", "open_nested on an entry that is not a bucket");
    return lnd::KvBucket(std::make_shared<const SqlBucket>(m_rows, entry.row_id));
  }

 private:
  std::shared_ptr<const KvRows> m_rows;
  std::optional<std::int64_t> m_id;  // nullopt: the root
};

}  // namespace

lnd::KvBucket kv_table_root(std::shared_ptr<const KvRows> rows) {
  return lnd::KvBucket(std::make_shared<const SqlBucket>(std::move(rows), std::nullopt));
}

bool valid_table_prefix(std::string_view prefix) {
  return !prefix.empty() && prefix.size() <= 63 && std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<void> require_kv_table(const std::vector<std::string>& kv_tables, const std::string& table,
                              const std::string& source, std::string_view not_lnd, nlohmann::ordered_json details) {
  if (kv_tables.empty())
    return fail(ExitClass::incompatible, "not_lnd_sql", source + std::string(not_lnd) + " (" + table + ")", std::move(details));
  if (std::find(kv_tables.begin(), kv_tables.end(), table) != kv_tables.end()) return {};
  std::string names;
  for (const std::string& name : kv_tables) names += (names.empty() ? "" : ", ") + name;
  return fail(ExitClass::incompatible, "lnd_kv_table_missing",
              source + " has no table " + table + " (kv tables: " + names + "); name another with --table-prefix",
              std::move(details));
}

namespace {

class KvTableSource final : public lnd::KvSource {
 public:
  KvTableSource(std::shared_ptr<const KvRows> rows, std::string_view kind) : m_rows(std::move(rows)), m_kind(kind) {}
  lnd::KvBucket root() const override { return kv_table_root(m_rows); }
  lnd::KvReadCounters counters() const override { return m_rows->counters(); }
  void set_read_observer(std::function<void()> observer) const override { m_rows->set_read_observer(std::move(observer)); }
  std::string_view kind() const override { return m_kind; }

 private:
  std::shared_ptr<const KvRows> m_rows;
  std::string_view m_kind;  // a literal of the caller's
};

}  // namespace

std::shared_ptr<const lnd::KvSource> kv_table_source(std::shared_ptr<const KvRows> rows, std::string_view kind) {
  return std::make_shared<const KvTableSource>(std::move(rows), kind);
}

}  // namespace lnstore::lndsql
