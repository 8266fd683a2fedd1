// Monitoring outputs of a health report, following their conventions: the
// Prometheus text exposition format that node_exporter's textfile collector
// reads, and the monitoring-plugin (Nagios) status line with performance data.
#pragma once

#include <filesystem>
#include <string>

#include "core/health/health.hpp"
#include "core/util/error.hpp"

namespace lnstore::health {

// Every gauge with its # HELP and # TYPE lines, one sample per check and
// subject (lnstore_health_check_status{check, subject}) and per channel and
// session; families without a sample are left out.
std::string to_prometheus(const Report& report);

// Writes to_prometheus(report) to `path` atomically (a temporary file in the
// same directory, fsynced, renamed over it, the directory fsynced), so the
// collector never reads half a file. Mode 0644: the collector runs as
// another user, and the file holds no secret. io errors; on failure `path`
// is as it was.
[[nodiscard]] Result<void> write_prometheus_file(const std::filesystem::path& path, const Report& report);

// "LNSTORE OK|WARNING|CRITICAL - what | perfdata", one line without newline.
std::string to_nagios(const Report& report);
// The plugin exit code: 0 ok, 1 warning, 2 critical.
int nagios_exit(const Report& report);
// The line for a health run that could not run at all (exit 3, UNKNOWN).
std::string nagios_unknown(const std::string& message);

}  // namespace lnstore::health
