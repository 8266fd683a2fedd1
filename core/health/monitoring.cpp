#include "core/health/monitoring.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <span>

#include "core/util/atomic_file.hpp"

namespace lnstore::health {

namespace {

// A label value as the exposition format escapes it.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

class Writer {
 public:
  void family(const char* name, const char* help) {
    m_out += "# HELP ";
    m_out += name;
    m_out += ' ';
    m_out += help;
    m_out += "\n# TYPE ";
    m_out += name;
    m_out += " gauge\n";
  }
  void sample(const char* name, std::int64_t value, const std::string& labels = {}) {
    m_out += name;
    if (!labels.empty()) m_out += "{" + labels + "}";
    m_out += ' ';
    m_out += std::to_string(value);
    m_out += '\n';
  }
  void gauge(const char* name, const char* help, std::int64_t value) {
    family(name, help);
    sample(name, value);
  }
  void gauge(const char* name, const char* help, const std::optional<std::int64_t>& value) {
    if (value) gauge(name, help, *value);
  }
  std::string take() { return std::move(m_out); }

 private:
  std::string m_out;
};

// Text for the status part of the plugin line: no '|' (it starts the
// performance data) and no newline.
std::string plugin_text(std::string s) {
  for (char& c : s)
    if (c == '|' || c == '\n' || c == '\r') c = '/';
  return s;
}

}  // namespace

std::string to_prometheus(const Report& report) {
  Writer w;
  const auto& s = report.summary;
  w.gauge("lnstore_health_status", "Overall health: 0 ok, 1 warning, 2 critical.", static_cast<std::int64_t>(report.status));
  w.family("lnstore_health_check_status", "Status of one check for one subject: 0 ok, 1 warning, 2 critical.");
  for (const auto& c : report.checks)
    w.sample("lnstore_health_check_status", static_cast<int>(c.status),
             "check=\"" + label(c.name) + "\",subject=\"" + label(c.subject) + "\"");
  w.family("lnstore_health_checks", "Number of checks by status.");
  for (auto st : {Status::ok, Status::warning, Status::critical})
    w.sample("lnstore_health_checks", report.count(st), "status=\"" + std::string(to_string(st)) + "\"");
  w.gauge("lnstore_health_last_run_timestamp_seconds", "Unix time the health checks ran.", report.now);
  w.gauge("lnstore_database_size_bytes", "Size of the database file in bytes.", s.database_size_bytes);
  w.gauge("lnstore_towers", "Watchtowers in the database.", s.towers);
  w.gauge("lnstore_towers_active", "Active watchtowers.", s.towers_active);
  w.gauge("lnstore_sessions", "Watchtower sessions in the database.", s.sessions);
  w.gauge("lnstore_sessions_active", "Active (not terminal) watchtower sessions.", s.sessions_active);
  w.gauge("lnstore_sessions_exhausted", "Watchtower sessions that used all their updates.", s.sessions_exhausted);
  w.family("lnstore_channels", "Channels by status.");
  w.sample("lnstore_channels", s.channels_open, "status=\"open\"");
  w.sample("lnstore_channels", s.channels_waiting_close, "status=\"waiting_close\"");
  w.sample("lnstore_channels", s.channels_closed, "status=\"closed\"");
  w.gauge("lnstore_pending_updates", "Updates committed to a session and not yet acknowledged by its tower.", s.committed_updates);
  w.gauge("lnstore_pending_updates_oldest_seconds", "Age of the oldest unacknowledged update, in seconds.",
          s.pending_updates_oldest_seconds);
  w.gauge("lnstore_backup_channels", "Channels in the backup file.", s.backup_channels);
  w.gauge("lnstore_backup_channels_missing", "Open and waiting-close channels missing from the backup file.", s.backup_channels_missing);
  w.gauge("lnstore_backup_channels_stale", "Channels whose data in the backup file is older than their last change.",
          s.backup_channels_stale);
  w.gauge("lnstore_backup_age_seconds", "Seconds since the backup file was last written.", s.backup_age_seconds);
  if (!s.channel_lags.empty()) {
    w.family("lnstore_channel_watchtower_lag", "Commitment height of an open channel minus the highest height a tower acknowledged.");
    for (const auto& l : s.channel_lags)
      w.sample("lnstore_channel_watchtower_lag", l.lag, "chan_point=\"" + label(l.chan_point) + "\"");
  }
  if (!s.session_fills.empty()) {
    w.family("lnstore_session_updates_remaining", "Updates an active watchtower session can still take.");
    for (const auto& f : s.session_fills)
      w.sample("lnstore_session_updates_remaining", f.updates_remaining, "session=\"" + label(f.session) + "\"");
  }
  return w.take();
}

Result<void> write_prometheus_file(const std::filesystem::path& path, const Report& report) {
  const std::string text = to_prometheus(report);
  auto file = LNSTORE_TRY(util::AtomicFile::create(path));
  LNSTORE_TRY(file.write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())));
  if (::chmod(file.temp_path().c_str(), 0644) != 0)
    return fail(ExitClass::io, "io_error", "cannot set the mode of " + file.temp_path().string() + ": " + std::strerror(errno));
  return file.commit();
}

std::string to_nagios(const Report& report) {
  static constexpr const char* k_names[] = {"OK", "WARNING", "CRITICAL"};
  const auto& s = report.summary;
  const auto crit = report.count(Status::critical), warn = report.count(Status::warning), ok = report.count(Status::ok);
  std::string text;
  if (report.status == Status::ok) {
    text = std::to_string(ok) + " checks ok, " + std::to_string(s.channels_open) + " open channels";
  } else {
    text = std::to_string(crit) + " critical, " + std::to_string(warn) + " warning";
    int shown = 0;
    for (auto level : {Status::critical, Status::warning})
      for (const auto& c : report.checks) {
        if (c.status != level || shown >= 3) continue;
        text += (shown++ ? "; " : ": ") + c.name + " " + c.subject + ": " + c.message;
      }
    if (crit + warn > shown) text += "; and " + std::to_string(crit + warn - shown) + " more";
  }
  std::string perf = "critical=" + std::to_string(crit) + ";;;0 warning=" + std::to_string(warn) + ";;;0 ok=" + std::to_string(ok) +
                     ";;;0 channels_open=" + std::to_string(s.channels_open) + ";;;0 pending_updates=" +
                     std::to_string(s.committed_updates) + ";;;0";
  if (s.pending_updates_oldest_seconds) perf += " pending_oldest=" + std::to_string(*s.pending_updates_oldest_seconds) + "s;;;0";
  if (s.backup_channels_missing) perf += " backup_missing=" + std::to_string(*s.backup_channels_missing) + ";;1;0";
  if (s.backup_age_seconds) perf += " backup_age=" + std::to_string(*s.backup_age_seconds) + "s;;;0";
  perf += " db_size=" + std::to_string(s.database_size_bytes) + "B;;;0";
  return "LNSTORE " + std::string(k_names[static_cast<int>(report.status)]) + " - " + plugin_text(text) + " | " + perf;
}

int nagios_exit(const Report& report) { return static_cast<int>(report.status); }

std::string nagios_unknown(const std::string& message) { return "LNSTORE UNKNOWN - " + plugin_text(message); }

}  // namespace lnstore::health
