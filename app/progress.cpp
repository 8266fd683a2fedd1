#include "app/progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace lnstore::app {

namespace {

constexpr auto k_first_report = std::chrono::milliseconds(200);
constexpr auto k_interval = std::chrono::milliseconds(200);

std::string mib(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
}

// The delay before the first report: 200 ms, so a quick import prints
// nothing. LNSTORE_PROGRESS_DELAY_MS overrides it, so a test can see the
// report whatever the speed of the machine and its page cache.
std::chrono::milliseconds first_report_delay() {
  if (const char* v = std::getenv("LNSTORE_PROGRESS_DELAY_MS"); v && *v) {
    char* end = nullptr;
    const long ms = std::strtol(v, &end, 10);
    if (end && *end == '\0' && ms >= 0 && ms <= 60000) return std::chrono::milliseconds(ms);
  }
  return k_first_report;
}

void put(const std::string& text) {
  // Progress is best effort: a failed write is not worth an error.
  (void)std::fputs(text.c_str(), stderr);
  (void)std::fflush(stderr);
}

}  // namespace

TerminalProgress::TerminalProgress(const GlobalOptions& options, std::string records)
    : m_enabled(options.quiet == 0 && ::isatty(STDERR_FILENO) == 1),
      m_records(std::move(records)),
      m_start(std::chrono::steady_clock::now()),
      m_first_report(first_report_delay()),
      m_last(m_start) {}

TerminalProgress::~TerminalProgress() {
  if (m_shown) put("\r\033[K");
}

lnd::LndProgress TerminalProgress::callback() {
  if (!m_enabled) return {};
  return [this](const lnd::LndReadProgress& progress) { update(progress); };
}

void TerminalProgress::update(const lnd::LndReadProgress& progress) {
  const auto now = std::chrono::steady_clock::now();
  if (now - m_start < m_first_report || (m_shown && now - m_last < k_interval)) return;
  m_last = now;
  m_shown = true;
  put("\r\033[Klnstore: read " + mib(progress.bytes_read) + " in " + std::to_string(progress.pages_read) +
      " pages of a " + mib(progress.file_size) + " file, " + std::to_string(progress.records) + " " + m_records +
      " decoded");
}

}  // namespace lnstore::app
