#include "core/lndsql/postgres_kv.hpp"

#include <cstring>
#include <utility>
#include <vector>

#include "core/lndsql/kv_table.hpp"

#ifdef LNSTORE_HAVE_LIBPQ
#include "core/lndsql/libpq_loader.hpp"
#endif

namespace lnstore::lndsql {

std::string scrub_dsn(std::string_view dsn) {
  std::string out(dsn);
  // URI form: scheme://user:password@host...
  if (const auto scheme = out.find("://"); scheme != std::string::npos) {
    const std::size_t start = scheme + 3;
    const std::size_t end = out.find_first_of("/?", start);
    const std::size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at >= start) {
      const std::size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // Query or key/value form: password=VALUE up to & or blank.
  for (std::size_t pos = out.find("password="); pos != std::string::npos; pos = out.find("password=", pos + 1)) {
    const std::size_t value = pos + std::strlen("password=");
    const std::size_t end = out.find_first_of("& ", value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

#ifndef LNSTORE_HAVE_LIBPQ

bool postgres_supported() { return false; }

Result<std::shared_ptr<const lnd::KvSource>> open_postgres_kv(const std::string&, const std::string&,
                                                             const lnd::LndReadOptions&) {
  return fail(ExitClass::usage, "postgres_unsupported",
              "this lnstore was built without PostgreSQL support: install libpq-dev (apt-get install libpq-dev) "
              "and rebuild, or import from lnd's SQLite or bbolt files");
}

#else

namespace {

constexpr int k_fetch_rows = 1000;

struct PgResult {
  PGresult* res = nullptr;
  explicit PgResult(PGresult* r) : res(r) {}
  ~PgResult() { pq::PQclear(res); }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
};

std::string strip(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::uint64_t be64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | static_cast<std::uint8_t>(p[i]);
  return v;
}

class PgConnection {
 public:
  explicit PgConnection(PGconn* conn) : m_conn(conn) {}
  ~PgConnection() {
    if (m_conn) pq::PQfinish(m_conn);  // ends the read-only transaction (nothing to commit)
  }
  PGconn* get() const { return m_conn; }

 private:
  PGconn* m_conn;
};

class PgRows final : public KvRows {
 public:
  PgRows(std::shared_ptr<PgConnection> conn, std::string table, std::string source)
      : m_conn(std::move(conn)), m_table(std::move(table)), m_source(std::move(source)) {}

  Result<void> children(std::optional<std::int64_t> parent, const KvRowVisitor& visit) const override {
    // Keyset pages in key order, as lnd's own cursor steps (key > last):
    // one round trip for a small bucket, at most k_fetch_rows rows held
    // for a large one, and walks nest freely. The id is ours (an int64),
    // never user text; the last key is a binary parameter.
    const std::string where = parent ? "parent_id = " + std::to_string(*parent) : "parent_id IS NULL";
    const std::string first = "SELECT id, key, value FROM " + m_table + " WHERE " + where + " ORDER BY key LIMIT " +
                              std::to_string(k_fetch_rows);
    const std::string next = "SELECT id, key, value FROM " + m_table + " WHERE " + where +
                             " AND key > $1 ORDER BY key LIMIT " + std::to_string(k_fetch_rows);
    KvRow row;
    util::Bytes last;
    for (bool more = true, start = true; more; start = false) {
      const char* values[1] = {reinterpret_cast<const char*>(last.data())};
      const int lengths[1] = {static_cast<int>(last.size())};
      const int formats[1] = {1};
      PgResult res(start ? pq::PQexecParams(m_conn->get(), first.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1)
                         : pq::PQexecParams(m_conn->get(), next.c_str(), 1, nullptr, values, lengths, formats, 1));
      LNSTORE_TRY(check(res.res, PGRES_TUPLES_OK, "SELECT"));
      const int n = pq::PQntuples(res.res);
      for (int i = 0; i < n; ++i) {
        LNSTORE_TRY(decode(res.res, i, row));
        if (auto visited = visit(row); !visited) {
          wipe_value(row);
          return visited;
        }
      }
      wipe_value(row);
      more = n == k_fetch_rows;
      if (more) last = row.key;
    }
    return {};
  }

  Result<std::optional<KvRow>> child(std::optional<std::int64_t> parent,
                                     std::span<const std::uint8_t> key) const override {
    const std::string sql = "SELECT id, key, value FROM " + m_table +
                            (parent ? " WHERE parent_id = " + std::to_string(*parent) + " AND key = $1"
                                    : std::string(" WHERE parent_id IS NULL AND key = $1"));
    const char* values[1] = {reinterpret_cast<const char*>(key.data())};
    const int lengths[1] = {static_cast<int>(key.size())};
    const int formats[1] = {1};
    PgResult res(pq::PQexecParams(m_conn->get(), sql.c_str(), 1, nullptr, values, lengths, formats, 1));
    LNSTORE_TRY(check(res.res, PGRES_TUPLES_OK, "SELECT"));
    if (pq::PQntuples(res.res) == 0) return std::nullopt;
    KvRow row;
    LNSTORE_TRY(decode(res.res, 0, row));
    return row;
  }

  Result<std::uint64_t> sequence(std::int64_t id) const override {
    const std::string sql = "SELECT sequence FROM " + m_table + " WHERE id = " + std::to_string(id);
    PgResult res(pq::PQexecParams(m_conn->get(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 1));
    LNSTORE_TRY(check(res.res, PGRES_TUPLES_OK, "SELECT"));
    if (pq::PQntuples(res.res) == 0 || pq::PQgetisnull(res.res, 0, 0)) return 0;
    if (pq::PQgetlength(res.res, 0, 0) != 8) return bad_type("sequence");
    return be64(pq::PQgetvalue(res.res, 0, 0));
  }

  lnd::KvReadCounters counters() const override { return {m_reads, m_bytes, 0}; }
  void set_read_observer(std::function<void()> observer) const override { m_observer = std::move(observer); }

  Result<void> command(const std::string& sql) const {
    PgResult res(pq::PQexec(m_conn->get(), sql.c_str()));
    return check(res.res, PGRES_COMMAND_OK, sql.substr(0, sql.find(' ')));
  }

 private:
  std::unexpected<Error> bad_type(std::string_view column) const {
    return fail(ExitClass::incompatible, "corrupt_source",
                "table " + m_table + ": column " + std::string(column) + " is not lnd's type",
                {{"table", m_table}});
  }

  Result<void> decode(PGresult* res, int i, KvRow& row) const {
    if (pq::PQgetlength(res, i, 0) != 8 || pq::PQgetisnull(res, i, 1)) return bad_type("id/key");
    row.id = static_cast<std::int64_t>(be64(pq::PQgetvalue(res, i, 0)));
    const auto* key = reinterpret_cast<const std::uint8_t*>(pq::PQgetvalue(res, i, 1));
    row.key.assign(key, key + pq::PQgetlength(res, i, 1));
    wipe_value(row);
    if (!pq::PQgetisnull(res, i, 2)) {
      const auto* value = reinterpret_cast<const std::uint8_t*>(pq::PQgetvalue(res, i, 2));
      row.value.emplace(value, value + pq::PQgetlength(res, i, 2));
    }
    ++m_reads;
    m_bytes += row.key.size() + (row.value ? row.value->size() : 0);
    if (m_observer) m_observer();
    return {};
  }

  Result<void> check(PGresult* res, ExecStatusType want, std::string_view what) const {
    if (res && pq::PQresultStatus(res) == want) return {};
    const char* state = res ? pq::PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const std::string message = strip(res ? pq::PQresultErrorMessage(res) : pq::PQerrorMessage(m_conn->get()));
    if (pq::PQstatus(m_conn->get()) != CONNECTION_OK)
      return fail(ExitClass::io, "postgres_unreachable",
                  "lost the PostgreSQL connection to " + m_source + ": " + message);
    return fail(ExitClass::io, "postgres_error",
                std::string(what) + " on " + m_table + " failed: " + message,
                {{"sqlstate", state ? state : ""}});
  }

  std::shared_ptr<PgConnection> m_conn;
  std::string m_table;
  std::string m_source;
  mutable std::uint64_t m_reads = 0;
  mutable std::uint64_t m_bytes = 0;
  mutable std::function<void()> m_observer;
};

// libpq's message with any password text taken out (it does not echo one
// today; this keeps it so).
std::string scrubbed(std::string message, const std::string& password) {
  message = strip(std::move(message));
  if (!password.empty())
    for (std::size_t pos = message.find(password); pos != std::string::npos; pos = message.find(password, pos))
      message.replace(pos, password.size(), "***");
  return message;
}

}  // namespace

bool postgres_supported() { return true; }

Result<std::shared_ptr<const lnd::KvSource>> open_postgres_kv(const std::string& dsn, const std::string& prefix,
                                                             const lnd::LndReadOptions&) {
  const std::string shown = scrub_dsn(dsn);
  const std::string table = prefix + "_kv";
  LNSTORE_TRY(load_libpq());
  {
    char* error = nullptr;
    PQconninfoOption* parsed = pq::PQconninfoParse(dsn.c_str(), &error);
    if (!parsed) {
      std::string why = error ? scrubbed(error, "") : "out of memory";
      pq::PQfreemem(error);
      return fail(ExitClass::malformed, "bad_dsn", "not a PostgreSQL DSN (" + shown + "): " + scrub_dsn(why));
    }
    bool has_password = false;
    for (PQconninfoOption* o = parsed; o->keyword; ++o)
      if (std::strcmp(o->keyword, "password") == 0 && o->val && *o->val) has_password = true;
    pq::PQconninfoFree(parsed);
    if (has_password)
      return fail(ExitClass::usage, "password_in_dsn",
                  "the DSN carries a password (" + shown +
                      "): a command line is visible to other users; put it in PGPASSFILE (or ~/.pgpass) or "
                      "PGPASSWORD instead");
  }
  // connect_timeout first: a DSN's own setting overrides it.
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "lnstore", dsn.c_str(), nullptr};
  auto conn = std::make_shared<PgConnection>(pq::PQconnectdbParams(keywords, values, 1));
  if (!conn->get()) return fail(ExitClass::io, "postgres_unreachable", "cannot allocate a PostgreSQL connection");
  if (pq::PQstatus(conn->get()) != CONNECTION_OK) {
    const std::string message = scrubbed(pq::PQerrorMessage(conn->get()), "");
    const bool auth = pq::PQconnectionNeedsPassword(conn->get()) ||
                      message.find("password authentication failed") != std::string::npos ||
                      message.find("authentication failed") != std::string::npos;
    if (auth)
      return fail(ExitClass::auth, "authentication_failed",
                  "PostgreSQL refused the login to " + shown + ": " + message +
                      " (the password comes from PGPASSFILE or ~/.pgpass, or PGPASSWORD)");
    return fail(ExitClass::io, "postgres_unreachable", "cannot connect to PostgreSQL at " + shown + ": " + message);
  }
  auto rows = std::make_shared<PgRows>(conn, table, shown);
  LNSTORE_TRY(rows->command("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  // The kv tables of schema public, inside the snapshot.
  std::vector<std::string> kv_tables;
  {
    // pg_catalog, not information_schema (a view that costs more than a
    // small import).
    PgResult res(pq::PQexec(conn->get(),
                        "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                        "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
                        "AND c.relname LIKE '%\\_kv' ORDER BY c.relname"));
    if (pq::PQresultStatus(res.res) != PGRES_TUPLES_OK)
      return fail(ExitClass::io, "postgres_error", "listing tables failed: " + strip(pq::PQresultErrorMessage(res.res)));
    for (int i = 0; i < pq::PQntuples(res.res); ++i) kv_tables.emplace_back(pq::PQgetvalue(res.res, i, 0));
  }
  const nlohmann::json details = {{"source", shown}, {"table", table}};
  LNSTORE_TRY(require_kv_table(kv_tables, table, "the PostgreSQL database " + shown,
                               " is not lnd's: schema public has no kv table", details));
  {
    PgResult res(pq::PQexec(conn->get(), ("SELECT id, key, value, parent_id, sequence FROM " + table + " LIMIT 0").c_str()));
    if (pq::PQresultStatus(res.res) != PGRES_TUPLES_OK)
      return fail(ExitClass::incompatible, "corrupt_source",
                  "table " + table + " lacks lnd's kv columns (id, key, value, parent_id, sequence)", details);
  }
  return kv_table_source(std::move(rows), "postgres");
}

#endif

}  // namespace lnstore::lndsql
