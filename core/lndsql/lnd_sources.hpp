// Opening an lnd database namespace from what the user names, whatever its
// backend (spec/lnd-sql.md): a `postgres://` or `postgresql://` DSN is lnd's
// PostgreSQL database; a file starting with SQLite's header is lnd's
// channel.sqlite; any other file is a bbolt file (channel.db, wtclient.db).
// Each gives an lnd::KvSource the shared decoders read.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/lnd/kv_bucket.hpp"
#include "core/lnd/lnd_channeldb_reader.hpp"
#include "core/lnd/lnd_source.hpp"
#include "core/lnd/lnd_wtclient_reader.hpp"
#include "core/util/error.hpp"

namespace lnstore::lndsql {

// lnd's namespaces (lncfg NS*): the kv table prefix of each.
inline constexpr std::string_view k_channeldb_prefix = "channeldb";
inline constexpr std::string_view k_towerclientdb_prefix = "towerclientdb";

struct LndSourceOptions {
  lnd::LndReadOptions read;
  // The kv table prefix on SQL backends (nullopt: the namespace's own).
  // Refused (usage) with a bbolt file, or when not [a-z0-9_]{1,63}.
  std::optional<std::string> table_prefix;
};

// True for a postgres:// or postgresql:// DSN.
bool is_postgres_dsn(std::string_view source);

// What to show of a source in output and messages: a path as given, a DSN
// with any password removed.
std::string display_source(std::string_view source);

// Opens `source` read-only as one consistent snapshot; `default_prefix` is
// the namespace's table prefix. Errors as lnd::open_lnd_bolt_source,
// open_sqlite_kv and open_postgres_kv.
[[nodiscard]] Result<std::shared_ptr<const lnd::KvSource>> open_lnd_kv_source(const std::string& source,
                                                                             std::string_view default_prefix,
                                                                             const LndSourceOptions& options);

// open_lnd_kv_source then the shared decoder; errors carry "source".
[[nodiscard]] Result<lnd::LndChannelDb> read_lnd_channeldb_source(const std::string& source,
                                                                  const LndSourceOptions& options);
[[nodiscard]] Result<lnd::LndWtclientDb> read_lnd_wtclient_source(const std::string& source,
                                                                   const LndSourceOptions& options);

}  // namespace lnstore::lndsql
