// lnd's kv tables in PostgreSQL (db.backend=postgres: schema public, table
// `<prefix>_kv`), read through libpq: one `REPEATABLE READ READ ONLY`
// transaction (one snapshot for the whole read), a bucket's rows streamed
// in key-ordered pages of 1000 (`key > last ... LIMIT`, as lnd's own cursor
// steps; a table or a large bucket is never loaded at once; walks nest). The password comes only from libpq's
// own sources (PGPASSFILE / ~/.pgpass, PGPASSWORD): a DSN carrying one is
// refused, and no message ever shows one.
#pragma once

#include <memory>
#include <string>

#include "core/lnd/kv_bucket.hpp"
#include "core/lnd/lnd_source.hpp"
#include "core/util/error.hpp"

namespace lnstore::lndsql {

// False when this build has no libpq (open_postgres_kv then says how to get it).
bool postgres_supported();

// The DSN with the password of a `user:password@` or `password=` part
// removed (for messages; a DSN with a password is refused anyway).
std::string scrub_dsn(std::string_view dsn);

// Connects and opens table public.`<prefix>_kv`. Fails with usage
// "password_in_dsn" (2), malformed "bad_dsn" (3), authentication
// "authentication_failed" (4: no or wrong password), io "postgres_unreachable"
// (7: no server, refused, timeout, unknown database or role), incompatible
// "not_lnd_sql" / "lnd_kv_table_missing" / "corrupt_source" (6, as the
// SQLite source), usage "postgres_unsupported" (2) in a build without libpq.
[[nodiscard]] Result<std::shared_ptr<const lnd::KvSource>> open_postgres_kv(const std::string& dsn,
                                                                           const std::string& prefix,
                                                                           const lnd::LndReadOptions& options);

}  // namespace lnstore::lndsql
