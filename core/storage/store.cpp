#include "core/storage/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/util/fault_injection.hpp"
#include "core/util/file_reader.hpp"

namespace lnstore::storage {

namespace {

Result<void> create_file_0600(const std::filesystem::path& path) {
  std::error_code ec;
  auto parent = path.parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    if (ec) return fail(ExitClass::io, "io_error", "cannot create directory " + parent.string() + ": " + ec.message());
    ::chmod(parent.c_str(), 0700);
  }
  int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    return fail(ExitClass::io, "io_error", "cannot create " + path.string() + ": " + std::strerror(errno));
  if (fd >= 0) ::close(fd);
  return {};
}

std::unexpected<Error> empty_database(const std::filesystem::path& path) {
  return fail(ExitClass::incompatible, "database_empty",
              path.string() + " is empty, not an lnstore database yet (run 'lnstore db init' to initialise it)",
              {{"path", path.string()}});
}

}  // namespace

void Store::tighten_permissions() {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string p = m_path.string() + suffix;
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const mode_t mode = st.st_mode & 07777;
    // The database itself is only ever tightened (a read-only 0400 file is
    // its owner's choice); its companions must be writable by the owner.
    const bool loose = (mode & 077) != 0;
    if (mode == 0600 || (!loose && *suffix == '\0')) continue;
    if (::chmod(p.c_str(), 0600) != 0)
      m_warnings.push_back(p + " has mode " + std::to_string(mode >> 6) + std::to_string((mode >> 3) & 7) +
                           std::to_string(mode & 7) + " and cannot be made 0600: " + std::strerror(errno));
  }
}

Store::Store(Store&& other) noexcept
    : m_db(other.m_db),
      m_path(std::move(other.m_path)),
      m_created(other.m_created),
      m_opened_version(other.m_opened_version),
      m_warnings(std::move(other.m_warnings)),
      m_cache(std::move(other.m_cache)),
      m_literal_cache(std::move(other.m_literal_cache)) {
  other.m_db = nullptr;
}

Store& Store::operator=(Store&& other) noexcept {
  if (this != &other) {
    m_literal_cache.clear();
    m_cache.clear();
    if (m_db) sqlite3_close_v2(m_db);
    m_db = other.m_db;
    m_path = std::move(other.m_path);
    m_created = other.m_created;
    m_opened_version = other.m_opened_version;
    m_warnings = std::move(other.m_warnings);
    m_cache = std::move(other.m_cache);
    m_literal_cache = std::move(other.m_literal_cache);
    other.m_db = nullptr;
  }
  return *this;
}

Store::~Store() {
  m_cache.clear();  // statements must be finalized before the connection closes
  if (m_db) sqlite3_close_v2(m_db);
}

Result<Store> Store::connect(const StoreOptions& options, int newest_known_version) {
  Store store;
  store.m_path = options.path;
  std::error_code ec;
  if (!LNSTORE_TRY(util::regular_file_exists(options.path))) {
    if (!options.create)
      return fail(ExitClass::io, "database_not_found", "database not found: " + options.path.string() +
                                                            " (run 'lnstore db init' to create it)");
    LNSTORE_TRY(create_file_0600(options.path));
  } else if (!options.create && std::filesystem::file_size(options.path, ec) == 0 && !ec) {
    // Checked before SQLite opens the file, so nothing (not even a -wal or
    // -shm file) is created: only db init and write commands initialise it.
    return empty_database(options.path);
  }

  int rc = sqlite3_open_v2(options.path.c_str(), &store.m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(store.m_db, rc, "cannot open " + options.path.string()));
  sqlite3_extended_result_codes(store.m_db, 1);
  sqlite3_busy_timeout(store.m_db, options.busy_timeout_ms);

  // Identity first: nothing is written to a file that is not ours.
  auto app_id = store.pragma_int("application_id");
  if (!app_id) {
    if (app_id.error().exit == ExitClass::incompatible || app_id.error().exit == ExitClass::internal)
      return fail(ExitClass::incompatible, "not_lnstore_database",
                  options.path.string() + " is not an lnstore database (not SQLite)");
    return std::unexpected(app_id.error());
  }
  auto version = LNSTORE_TRY(store.pragma_int("user_version"));
  if (*app_id != 0 && *app_id != k_application_id)
    return fail(ExitClass::incompatible, "not_lnstore_database",
                options.path.string() + " is not an lnstore database (foreign application id)");
  if (*app_id == 0) {
    auto q = store.query("SELECT count(*) FROM sqlite_master");
    if (!LNSTORE_TRY(q->step())) return fail(ExitClass::internal, "sqlite_error", "cannot read schema");
    if (q->column_int(0) != 0)
      return fail(ExitClass::incompatible, "not_lnstore_database",
                  options.path.string() + " is an SQLite database of another program");
    if (!options.create) return empty_database(options.path);  // a blank SQLite file: nothing to read yet
    store.m_created = true;
  }
  if (version > newest_known_version)
    return fail(ExitClass::incompatible, "database_too_new",
                "database schema version " + std::to_string(version) + " is newer than this lnstore knows (" +
                    std::to_string(newest_known_version) + "); upgrade lnstore",
                {{"schema_version", version}, {"latest_version", newest_known_version}});
  store.m_opened_version = static_cast<int>(version);
  // After the first reads, which made the -shm file (and -wal) if missing.
  store.tighten_permissions();

  LNSTORE_TRY(store.exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"));
  if (store.m_created || (options.migrate && version < newest_known_version)) {
    // WAL is a persistent property of the file; set it before the first write.
    auto mode = store.query("PRAGMA journal_mode=WAL");
    LNSTORE_TRY(mode->step());
  }
  return store;
}

StatementRef Store::query(std::string_view sql) {
  auto it = m_cache.find(std::string(sql));
  if (it == m_cache.end())
    it = m_cache.emplace(std::string(sql), std::make_unique<Statement>(m_db, sql)).first;
  return StatementRef(*it->second);
}

StatementRef Store::query(const char* literal_sql) {
  // The pointer is only a memo in front of the text key: a hit counts only
  // if the statement's own text equals `literal_sql`, so a reused buffer
  // (a std::string's c_str(), a stack array) can never get another query's
  // statement; a mismatch rebinds the pointer to the right one.
  auto it = m_literal_cache.find(literal_sql);
  if (it != m_literal_cache.end() && it->second->first == literal_sql) return StatementRef(*it->second->second);
  const std::string sql(literal_sql);
  auto cached = m_cache.find(sql);
  if (cached == m_cache.end()) cached = m_cache.emplace(sql, std::make_unique<Statement>(m_db, sql)).first;
  m_literal_cache.insert_or_assign(literal_sql, &*cached);
  return StatementRef(*cached->second);
}

Result<void> Store::exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return std::unexpected(sqlite_error(m_db, rc, "sqlite"));
  return {};
}

Result<std::int64_t> Store::pragma_int(std::string_view pragma) {
  sqlite3_stmt* stmt = nullptr;
  std::string sql = "PRAGMA " + std::string(pragma);
  int rc = sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    Error e = sqlite_error(m_db, rc, "sqlite");
    sqlite3_finalize(stmt);
    return std::unexpected(e);
  }
  rc = sqlite3_step(stmt);
  std::int64_t v = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return std::unexpected(sqlite_error(m_db, rc, "sqlite"));
  return v;
}

Result<void> Store::begin() {
  if (util::fault::should_fail("sql.begin")) return fail(ExitClass::io, "io_error", "injected fault: sql.begin");
  return query("BEGIN IMMEDIATE")->run();
}
Result<void> Store::begin_read() { return query("BEGIN DEFERRED")->run(); }
Result<void> Store::commit() {
  // A failed COMMIT leaves the transaction open for the caller to roll back.
  if (util::fault::should_fail("sql.commit")) return fail(ExitClass::io, "io_error", "injected fault: sql.commit");
  return query("COMMIT")->run();
}
void Store::rollback() {
  if (in_transaction()) (void)query("ROLLBACK")->run();
}
Result<void> Store::savepoint() { return query("SAVEPOINT lnstore_op")->run(); }
Result<void> Store::release() { return query("RELEASE lnstore_op")->run(); }
void Store::rollback_to() {
  (void)query("ROLLBACK TO lnstore_op")->run();
  (void)query("RELEASE lnstore_op")->run();
}

}  // namespace lnstore::storage
