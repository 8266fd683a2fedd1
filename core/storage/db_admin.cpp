#include "core/storage/db_admin.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/util/atomic_file.hpp"
#include "core/util/text.hpp"
#include "core/storage/migration.hpp"

namespace lnstore::storage {

namespace {

using Json = nlohmann::ordered_json;

Result<std::int64_t> count_rows(Store& store, const std::string& table) {
  auto q = store.query("SELECT count(*) FROM " + table);
  (void)LNSTORE_TRY(q->step());
  return q->column_int(0);
}

Result<bool> table_exists(Store& store, const std::string& table) {
  auto q = store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  q->bind_text(1, table);
  return LNSTORE_TRY(q->step());
}

// A model invariant: every row the query returns is one problem; the query
// yields (subject, detail) columns.
struct Invariant {
  const char* kind;
  const char* table;  // checked only when this table exists
  const char* sql;
  const char* message;
  bool reads_all_updates = false;  // left out of CheckScope::bounded
};

constexpr Invariant k_invariants[] = {
    // A session's highest committed seqnum is one lookup in the primary key,
    // so these two cost no more with a million pending updates.
    {"seqnum_behind_commits", "committed_updates",
     "SELECT lower(hex(id)), m FROM (SELECT id, seqnum, (SELECT max(c.seqnum) FROM committed_updates c"
     " WHERE c.session_db_id = s.db_id) AS m FROM sessions s) WHERE m > seqnum",
     "session seqnum is below a committed update's seqnum"},
    {"last_applied_ahead", "sessions",
     "SELECT lower(hex(id)), tower_last_applied FROM sessions WHERE tower_last_applied > seqnum",
     "tower_last_applied exceeds the session's seqnum"},
    {"seqnum_beyond_max_updates", "sessions",
     "SELECT lower(hex(id)), seqnum FROM sessions WHERE seqnum > max_updates",
     "session seqnum exceeds max_updates"},
    {"commit_beyond_max_updates", "committed_updates",
     "SELECT lower(hex(id)), m FROM (SELECT id, max_updates, (SELECT max(c.seqnum) FROM committed_updates c"
     " WHERE c.session_db_id = s.db_id) AS m FROM sessions s) WHERE m > max_updates",
     "committed update seqnum exceeds max_updates"},
    {"acked_ranges_overlap", "acked_ranges",
     "SELECT lower(hex(s.id)), lower(hex(ch.chan_id)) FROM acked_ranges a JOIN acked_ranges b ON a.session_db_id = b.session_db_id"
     " AND a.channel_db_id = b.channel_db_id AND b.start_height > a.start_height AND b.start_height <= a.end_height + 1"
     " JOIN sessions s ON s.db_id = a.session_db_id JOIN tower_channels ch ON ch.db_id = a.channel_db_id",
     "acked ranges overlap or touch (must be disjoint and non-adjacent)"},
    {"closable_with_pending", "closable_sessions",
     "SELECT lower(hex(s.id)), count(*) FROM closable_sessions x JOIN sessions s ON s.db_id = x.session_db_id"
     " JOIN committed_updates c ON c.session_db_id = s.db_id GROUP BY s.db_id",
     "closable session still has committed updates"},
    {"tower_without_address", "towers",
     "SELECT lower(hex(t.pubkey)), t.id FROM towers t WHERE NOT EXISTS (SELECT 1 FROM tower_addresses a WHERE a.tower_id = t.id)",
     "tower has no address"},
    {"sequence_behind", "sequences",
     "SELECT name, value FROM sequences WHERE"
     " (name = 'tower_id' AND value < (SELECT coalesce(max(id), 0) FROM towers)) OR"
     " (name = 'session_db_id' AND value < (SELECT coalesce(max(db_id), 0) FROM sessions)) OR"
     " (name = 'channel_db_id' AND value < (SELECT coalesce(max(db_id), 0) FROM tower_channels)) OR"
     " (name = 'session_key_index' AND value < (SELECT max(coalesce((SELECT max(key_index) FROM key_index_reservations), 0),"
     "   coalesce((SELECT max(key_index) FROM sessions), 0))))",
     "an id allocator is behind the ids in use"},
    {"balance_exceeds_capacity", "channels",
     "SELECT lower(hex(chan_id)), capacity_sat FROM channels WHERE local_balance_msat + remote_balance_msat > capacity_sat * 1000",
     "channel balances exceed its capacity"},
    {"channel_keys_incomplete", "channel_keys",
     "SELECT lower(hex(c.chan_id)), count(k.purpose) FROM channels c LEFT JOIN channel_keys k ON k.channel_id = c.id"
     " GROUP BY c.id HAVING count(k.purpose) <> 10",
     "channel does not have its ten basepoints"},
    {"closed_without_summary", "closed_channels",
     "SELECT lower(hex(c.chan_id)), c.status FROM channels c WHERE (c.status = 'closed') <> EXISTS"
     " (SELECT 1 FROM closed_channels x WHERE x.channel_id = c.id OR (x.funding_txid = c.funding_txid"
     " AND x.funding_output_index = c.funding_output_index))",
     "channel status and closed-channel summary disagree"},
    {"too_many_revocation_secrets", "revocation_secrets",
     "SELECT lower(hex(c.chan_id)), count(*) FROM revocation_secrets r JOIN channels c ON c.id = r.channel_id"
     " GROUP BY r.channel_id HAVING count(*) > 49",
     "more than 49 stored revocation secrets"},
    {"pending_count_mismatch", "sessions",
     "SELECT lower(hex(s.id)), s.num_pending FROM sessions s WHERE s.num_pending <>"
     " (SELECT count(*) FROM committed_updates c WHERE c.session_db_id = s.db_id)",
     "the session's pending-update count disagrees with its committed updates", true},
    {"sequence_negative", "sequences", "SELECT name, value FROM sequences WHERE value < 0",
     "an id allocator is negative"},
    {"rogue_beyond_max_updates", "sessions",
     "SELECT lower(hex(id)), rogue_update_count FROM sessions WHERE rogue_update_count > max_updates",
     "rogue update count exceeds max_updates"},
};

}  // namespace

Result<Json> db_info(Store& store) {
  Json counts = Json::object();
  struct Count {
    const char* key;
    const char* table;
  };
  constexpr Count k_counts[] = {{"towers", "towers"},     {"sessions", "sessions"},
                                {"committed_updates", "committed_updates"}, {"channels", "channels"},
                                {"closed_channels", "closed_channels"},     {"peers", "peers"}};
  for (auto c : k_counts)
    counts[c.key] = LNSTORE_TRY(table_exists(store, c.table)) ? Json(LNSTORE_TRY(count_rows(store, c.table))) : Json(0);
  // Channels that are closed are counted once, as closed channels.
  if (LNSTORE_TRY(table_exists(store, "channels")))
    counts["channels"] = LNSTORE_TRY(count_rows(store, "channels WHERE status <> 'closed'"));
  std::error_code ec;
  auto size = std::filesystem::file_size(store.path(), ec);
  auto mode = store.query("PRAGMA journal_mode");
  (void)LNSTORE_TRY(mode->step());
  std::string journal = mode->column_text(0);
  mode->reset();
  // Fallible reads first: an error must not leave a half-built initializer.
  const auto schema_version = LNSTORE_TRY(store.pragma_int("user_version"));
  const auto application_id = LNSTORE_TRY(store.pragma_int("application_id"));
  return Json{{"path", std::filesystem::absolute(store.path()).string()},
              {"schema_version", schema_version},
              {"latest_version", latest_schema_version()},
              {"application_id", application_id},
              {"size_bytes", ec ? 0 : size},
              {"journal_mode", journal},
              {"counts", counts}};
}

namespace {

// Text columns whose values are not UTF-8 (lnstore writes only UTF-8, and
// JSON output needs it): one problem per column, with the count. Values are
// read as blobs, so the scan itself never trips over them.
Result<void> check_text(Store& store, std::vector<CheckProblem>& problems, bool skip_updates) {
  std::vector<std::string> tables;
  {
    auto q = store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    while (LNSTORE_TRY(q->step()))
      if (!skip_updates || q->column_text(0) != "committed_updates") tables.push_back(q->column_text(0));
  }
  auto quoted = [](const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  for (const auto& table : tables) {
    std::vector<std::string> columns;
    {
      auto q = store.query("SELECT name FROM pragma_table_info(?1)");
      q->bind_text(1, table);
      while (LNSTORE_TRY(q->step())) columns.push_back(q->column_text(0));
    }
    for (const auto& column : columns) {
      auto q = store.query("SELECT CAST(" + quoted(column) + " AS BLOB) FROM " + quoted(table) + " WHERE typeof(" + quoted(column) +
                           ") = 'text'");
      std::int64_t bad = 0;
      while (LNSTORE_TRY(q->step())) {
        auto bytes = q->column_blob(0);
        if (!util::is_valid_utf8(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()))) ++bad;
      }
      if (bad > 0)
        problems.push_back({"invalid_utf8", std::to_string(bad) + " value(s) of " + table + "." + column + " are not UTF-8", table});
    }
  }
  return {};
}

}  // namespace

Result<CheckReport> db_check(Store& store, CheckScope scope) {
  CheckReport report;
  auto& problems = report.problems;
  // The schema first: exactly what the migrations make for its version.
  for (auto& d : LNSTORE_TRY(schema_differences(store))) problems.push_back({"schema", std::move(d), std::nullopt});
  const bool schema_ok = problems.empty();
  auto integrity = [&](std::string_view pragma) -> Result<void> {
    auto q = store.query(pragma);
    while (LNSTORE_TRY(q->step())) {
      auto line = q->column_text(0);
      if (line != "ok") problems.push_back({"integrity", line, std::nullopt});
    }
    return {};
  };
  auto foreign_keys = [&](std::string_view pragma) -> Result<void> {
    auto q = store.query(pragma);
    while (LNSTORE_TRY(q->step()))
      problems.push_back({"foreign_key",
                          "row " + std::to_string(q->column_int(1)) + " of " + q->column_text(0) +
                              " references a missing row of " + q->column_text(2),
                          q->column_text(0)});
    return {};
  };
  const bool bounded = scope == CheckScope::bounded;
  if (bounded) {
    // quick_check(TABLE) and foreign_key_check(TABLE) check one table (and its indexes).
    std::vector<std::string> tables;
    auto q = store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'committed_updates' ORDER BY name");
    while (LNSTORE_TRY(q->step())) tables.push_back(q->column_text(0));
    for (const auto& t : tables) LNSTORE_TRY(integrity("PRAGMA quick_check(\"" + t + "\")"));
    for (const auto& t : tables) LNSTORE_TRY(foreign_keys("PRAGMA foreign_key_check(\"" + t + "\")"));
  } else {
    LNSTORE_TRY(integrity(scope == CheckScope::quick ? "PRAGMA quick_check" : "PRAGMA integrity_check"));
    LNSTORE_TRY(foreign_keys("PRAGMA foreign_key_check"));
  }
  // An older schema is not a problem: it is consistent, and the next write
  // migrates it (db info shows both versions).
  // The model invariants are written for the current schema; an older one
  // (a migration not yet applied) is checked for integrity only.
  LNSTORE_TRY(check_text(store, problems, bounded));
  bool current = LNSTORE_TRY(store.pragma_int("user_version")) == latest_schema_version();
  for (const auto& inv : k_invariants) {
    if (!current) break;
    if (bounded && inv.reads_all_updates) continue;
    if (!LNSTORE_TRY(table_exists(store, inv.table))) continue;
    auto q = store.query(inv.sql);
    for (;;) {
      auto row = q->step();
      if (!row) {
        // A schema that is not lnstore's (already a finding) can make the
        // query itself fail: that is one more finding, not a crash.
        if (schema_ok && row.error().exit != ExitClass::incompatible) return std::unexpected(row.error());
        problems.push_back({"not_checked", std::string(inv.kind) + " could not be checked: " + row.error().message, std::nullopt});
        break;
      }
      if (!*row) break;
      problems.push_back({inv.kind, std::string(inv.message) + " (" + q->column_text(0) + ": " + q->column_text(1) + ")",
                          q->column_text(0)});
    }
  }
  return report;
}

Json to_json(const CheckReport& report) {
  Json problems = Json::array();
  for (const auto& p : report.problems)
    problems.push_back({{"kind", p.kind}, {"message", p.message}, {"subject", p.subject ? Json(*p.subject) : Json(nullptr)}});
  return Json{{"ok", report.ok()}, {"problems", problems}};
}

Result<InitReport> db_init_report(Store& store) {
  // The version first: an early return out of a half-built aggregate leaks
  // the members already built (GCC).
  const auto version = LNSTORE_TRY(store.pragma_int("user_version"));
  return InitReport{std::filesystem::absolute(store.path()), version, store.created()};
}

Json to_json(const InitReport& report) {
  return Json{{"path", report.path.string()}, {"schema_version", report.schema_version}, {"created", report.created}};
}

Result<MigrateReport> db_migrate(Store& store, bool dry_run) {
  MigrateReport report;
  report.from = store.opened_version();
  report.dry_run = dry_run;
  if (dry_run) {
    report.to = latest_schema_version();
    report.applied = pending_migrations(report.from);
    return report;
  }
  report.applied = LNSTORE_TRY(apply_migrations(store));
  report.to = static_cast<int>(LNSTORE_TRY(store.pragma_int("user_version")));
  return report;
}

Json to_json(const MigrateReport& report) {
  Json applied = Json::array();
  for (const auto& m : report.applied) applied.push_back({{"version", m.version}, {"name", std::string(m.name)}});
  return Json{{"from", report.from}, {"to", report.to}, {"applied", applied}, {"dry_run", report.dry_run}};
}

Result<Json> db_backup(Store& store, const std::filesystem::path& dest) {
  std::error_code ec;
  if (std::filesystem::exists(dest, ec))
    return fail(ExitClass::io, "file_exists", "refusing to overwrite existing file " + dest.string());
  auto temp = LNSTORE_TRY(util::AtomicFile::create(dest));
  sqlite3* out = nullptr;
  int rc = sqlite3_open_v2(temp.temp_path().c_str(), &out, SQLITE_OPEN_READWRITE, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(out, rc, "cannot open backup file");
    sqlite3_close_v2(out);
    return std::unexpected(e);
  }
  sqlite3_backup* b = sqlite3_backup_init(out, "main", store.handle(), "main");
  if (!b) {
    Error e = sqlite_error(out, sqlite3_errcode(out), "backup");
    sqlite3_close_v2(out);
    return std::unexpected(e);
  }
  // Copy in steps so concurrent writers are not starved; a write by another
  // connection restarts the copy, which SQLite handles inside step().
  do {
    rc = sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    Error e = sqlite_error(out, rc, "backup");
    sqlite3_close_v2(out);
    return std::unexpected(e);
  }
  // The copy keeps WAL mode; checkpoint so the single file is complete.
  sqlite3_exec(out, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;", nullptr, nullptr, nullptr);
  rc = sqlite3_close_v2(out);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(nullptr, rc, "backup"));
  LNSTORE_TRY(temp.commit_existing());
  auto size = std::filesystem::file_size(dest, ec);
  return Json{{"path", std::filesystem::absolute(dest).string()}, {"size_bytes", ec ? 0 : size}};
}

}  // namespace lnstore::storage
