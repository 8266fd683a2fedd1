#include "core/lndsql/lnd_sources.hpp"

#include <utility>

#include "core/lndsql/kv_table.hpp"
#include "core/lndsql/postgres_kv.hpp"
#include "core/lndsql/sqlite_kv.hpp"

namespace lnstore::lndsql {

namespace {

template <class T>
Result<T> with_source(Result<T> result, const std::string& source) {
  if (!result) {
    result.error().details["source"] = display_source(source);
    if (!is_postgres_dsn(source) && !result.error().details.contains("path")) result.error().details["path"] = source;
  }
  return result;
}

}  // namespace

bool is_postgres_dsn(std::string_view source) {
  return source.starts_with("postgres://") || source.starts_with("postgresql://");
}

std::string display_source(std::string_view source) {
  return is_postgres_dsn(source) ? scrub_dsn(source) : std::string(source);
}

Result<std::shared_ptr<const lnd::KvSource>> open_lnd_kv_source(const std::string& source,
                                                               std::string_view default_prefix,
                                                               const LndSourceOptions& options) {
  const std::string prefix = options.table_prefix.value_or(std::string(default_prefix));
  if (!valid_table_prefix(prefix))
    return fail(ExitClass::usage, "bad_table_prefix",
                "--table-prefix must be 1 to 63 of a-z, 0-9 and _ (lnd's namespaces: channeldb, towerclientdb)");
  if (is_postgres_dsn(source)) return open_postgres_kv(source, prefix, options.read);
  if (looks_like_sqlite(source)) return open_sqlite_kv(source, prefix, options.read);
  if (options.table_prefix)
    return fail(ExitClass::usage, "table_prefix_not_sql",
                "--table-prefix names a table of lnd's SQL backends; " + source + " is not a SQLite file");
  return lnd::open_lnd_bolt_source(source, options.read);
}

Result<lnd::LndChannelDb> read_lnd_channeldb_source(const std::string& source, const LndSourceOptions& options) {
  const auto db = LNSTORE_TRY(with_source(open_lnd_kv_source(source, k_channeldb_prefix, options), source));
  return with_source(lnd::read_lnd_channeldb(*db, options.read.progress), source);
}

Result<lnd::LndWtclientDb> read_lnd_wtclient_source(const std::string& source, const LndSourceOptions& options) {
  const auto db = LNSTORE_TRY(with_source(open_lnd_kv_source(source, k_towerclientdb_prefix, options), source));
  return with_source(lnd::read_lnd_wtclient(*db, options.read.progress), source);
}

}  // namespace lnstore::lndsql
