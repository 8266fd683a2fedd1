// Health of a node's safety net, offline and for every channel (`lnstore
// health`): the database, the channel.backup file, the watchtower client's
// towers and sessions, and each open channel's coverage by a tower. A check
// is a finding, never an error: run_health fails only when the checks cannot
// run (the database cannot be read), and reports every finding at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/channels/node_binding.hpp"
#include "core/codec/network.hpp"
#include "core/storage/store.hpp"
#include "core/util/error.hpp"

namespace lnstore::health {

using Json = nlohmann::ordered_json;

// Ordered by severity: a report's status is its worst check's.
enum class Status : int { ok = 0, warning = 1, critical = 2 };
std::string_view to_string(Status status);

// Documented defaults (man/lnstore-health.1); every one settable in the
// config file.
struct Thresholds {
  double session_warn = 0.9;                 // warn when seqnum >= this fraction of max_updates
  std::int64_t pending_warn_seconds = 3600;  // warn when a committed update waits longer for its ack
  std::int64_t lag_warn = 10;                // warn when num_updates - highest acked height >= this
  std::int64_t lag_crit = 100;               // critical from this gap on
};

// Parses a duration: a whole number with an optional unit s, m, h or d
// ("90" is 90 seconds). Usage error "bad_duration" otherwise.
[[nodiscard]] Result<std::int64_t> parse_duration(std::string_view text);

// The backup file to check and what reading it needs.
struct BackupInput {
  std::filesystem::path path;
  std::span<const std::uint8_t> key;  // lnd's backup key (from the root key)
};

struct Options {
  Thresholds thresholds;
  bool watchtower = true;  // false: the node runs no watchtower client; tower and coverage checks are off
  // false: the database check leaves out what reads every committed update
  // (quick_check of that table and the pending-count invariant), so its cost
  // does not grow with pending updates; true: all of quick_check and every invariant.
  bool full_database_check = false;
  codec::Network network = codec::Network::mainnet;
  std::optional<BackupInput> backup;
  // What the root key (its node key and --network's chain) or --network
  // alone says this node is; none: the node check only reports the binding.
  std::optional<channels::NodeClaim> node_claim;
  std::int64_t now = 0;  // unix seconds the ages are measured at
};

struct Check {
  std::string name;     // database, node, backup_file, backup_age, channel_backup, backup_closed_channel,
                        // watchtower, towers, tower, blob_type, session, channel_coverage
  Status status = Status::ok;
  std::string message;  // one line saying what was found (and, when not ok, what to do)
  std::string subject;  // what it is about: a path, a tower pubkey, a session id, a channel point, a blob type
  Json details = Json::object();
};

// Numbers for monitoring (the report's summary and the Prometheus gauges).
// A value not measured (its check did not run) is nullopt.
struct ChannelLag {
  std::string chan_point;
  std::int64_t lag = 0;  // num_updates - highest acked height (num_updates + 1 when nothing is acked)
};
struct SessionFill {
  std::string session;
  std::int64_t updates_remaining = 0;
};
struct Summary {
  std::int64_t database_size_bytes = 0;
  std::int64_t towers = 0, towers_active = 0;
  std::int64_t sessions = 0, sessions_active = 0, sessions_exhausted = 0;
  std::int64_t channels_open = 0, channels_waiting_close = 0, channels_closed = 0;
  std::int64_t committed_updates = 0;  // pending: committed, not acknowledged
  std::optional<std::int64_t> pending_updates_oldest_seconds;
  std::optional<std::int64_t> backup_channels;  // Singles in the file
  std::optional<std::int64_t> backup_channels_missing;
  std::optional<std::int64_t> backup_channels_stale;
  std::optional<std::int64_t> backup_age_seconds;
  std::vector<ChannelLag> channel_lags;     // open channels registered with the watchtower client
  std::vector<SessionFill> session_fills;   // active sessions
};

struct Report {
  Status status = Status::ok;
  std::vector<Check> checks;  // in the order run: database, backup, towers and sessions, channels
  Summary summary;
  std::int64_t now = 0;
  std::int64_t count(Status s) const;
};

// Runs every check on `store` (inside the caller's read transaction, so one
// snapshot). Fails only with the errors of reading the database; a backup
// file that is missing, unreadable or undecryptable is a critical finding.
[[nodiscard]] Result<Report> run_health(storage::Store& store, const Options& options);

// {"status", "checks": [{"name", "status", "message", "subject", "details"}], "summary": {...}}
Json to_json(const Report& report);
// A short human summary, problems first (critical, then warnings), then a
// count of the checks that passed.
std::string to_text(const Report& report);

}  // namespace lnstore::health
