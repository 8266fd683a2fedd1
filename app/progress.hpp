// Progress of a long read on stderr: one line rewritten in place, only when
// stderr is a terminal and -q is not given (a cron job's or a pipe's stderr
// stays clean), at most five times a second and not before the read has run
// for 200 ms (a quick import prints nothing), erased when the read ends.
#pragma once

#include <chrono>
#include <string>

#include "app/context.hpp"
#include "core/lnd/lnd_source.hpp"

namespace lnstore::app {

class TerminalProgress {
 public:
  // `records` names what LndReadProgress::records counts ("channels").
  TerminalProgress(const GlobalOptions& options, std::string records);
  ~TerminalProgress();
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  // The callback for LndReadOptions::progress; empty when disabled.
  lnd::LndProgress callback();

 private:
  void update(const lnd::LndReadProgress& progress);

  bool m_enabled = false;
  bool m_shown = false;
  std::string m_records;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::milliseconds m_first_report;
  std::chrono::steady_clock::time_point m_last;
};

}  // namespace lnstore::app
