#include "app/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace lnstore::app {

namespace {

constexpr auto k_first_report = std::chrono::milliseconds(200);
constexpr auto k_interval = std::chrono::milliseconds(200);

std::string mib(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return text;
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
  if (now - m_start < k_first_report || (m_shown && now - m_last < k_interval)) return;
  m_last = now;
  m_shown = true;
  put("\r\033[Klnstore: read " + mib(progress.bytes_read) + " in " + std::to_string(progress.pages_read) +
      " pages of a " + mib(progress.file_size) + " file, " + std::to_string(progress.records) + " " + m_records +
      " decoded");
}

}  // namespace lnstore::app
