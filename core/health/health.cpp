#include "core/health/health.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "core/backup/channel_backup.hpp"
#include "core/backup/scb_single.hpp"
#include "core/channels/channel_state.hpp"
#include "core/codec/blob_type.hpp"
#include "core/codec/chan_point.hpp"
#include "core/codec/channel_type.hpp"
#include "core/storage/db_admin.hpp"
#include "core/util/hex.hpp"
#include "core/util/rfc3339.hpp"
#include "core/wtclient/wtclient.hpp"

namespace lnstore::health {

namespace {

Status worst(Status a, Status b) { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }

std::string mode_text(unsigned mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

// The blob type lnd's watchtower client uses for a channel type: taproot
// channels have their own justice transactions, every anchor channel
// (zero-fee HTLC and leased ones too) the anchor type, older ones legacy.
std::uint16_t blob_type_for(codec::ChannelType type) {
  switch (type) {
    case codec::ChannelType::legacy:
    case codec::ChannelType::tweakless:
      return codec::k_blob_legacy;
    case codec::ChannelType::anchors:
    case codec::ChannelType::anchors_zero_fee_htlc:
    case codec::ChannelType::script_enforced_lease:
      return codec::k_blob_anchor;
    case codec::ChannelType::simple_taproot:
    case codec::ChannelType::tapscript_root:
      return codec::k_blob_taproot;
    case codec::ChannelType::simple_taproot_final:
      return codec::k_blob_taproot_final;
  }
  return codec::k_blob_anchor;
}

// A session of blob type `have` backs up channels needing `want`: the same
// commitment type, with or without a reward output.
bool serves(std::uint16_t have, std::uint16_t want) {
  return (have & ~codec::k_blob_flag_reward) == (want & ~codec::k_blob_flag_reward);
}

// A check's message from its problems: the first, then the rest after "; ".
std::string join_problems(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

std::string duration_text(std::int64_t seconds) {
  if (seconds % 86400 == 0 && seconds >= 86400) return std::to_string(seconds / 86400) + "d";
  if (seconds % 3600 == 0 && seconds >= 3600) return std::to_string(seconds / 3600) + "h";
  if (seconds % 60 == 0 && seconds >= 60) return std::to_string(seconds / 60) + "m";
  return std::to_string(seconds) + "s";
}

// An open or waiting-close channel, as the checks need it.
struct ChannelRow {
  codec::ChanPoint point;
  std::string chan_point;
  std::string chan_id_hex;
  std::string status;
  codec::ChannelType type = codec::ChannelType::anchors;
  std::int64_t num_updates = 0;
  std::optional<std::int64_t> backup_changed_at;
};

Result<std::vector<ChannelRow>> live_channels(storage::Store& store) {
  std::vector<ChannelRow> out;
  auto q = store.query(
      "SELECT funding_txid, funding_output_index, chan_id, status, type, num_updates, backup_changed_at FROM channels"
      " WHERE status IN ('open', 'waiting_close') ORDER BY funding_txid, funding_output_index");
  while (LNSTORE_TRY(q->step())) {
    ChannelRow c;
    auto txid = q->column_blob(0);
    if (txid.size() == c.point.txid.size()) std::copy(txid.begin(), txid.end(), c.point.txid.begin());
    c.point.index = static_cast<std::uint32_t>(q->column_int(1));
    c.chan_point = codec::to_string(c.point);
    c.chan_id_hex = util::to_hex(q->column_blob(2));
    c.status = q->column_text(3);
    c.type = codec::parse_channel_type(q->column_text(4)).value_or(codec::ChannelType::anchors);
    c.num_updates = q->column_int(5);
    c.backup_changed_at = q->column_opt_int(6);
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::int64_t> count_of(storage::Store& store, const char* sql) {
  auto q = store.query(sql);
  (void)LNSTORE_TRY(q->step());
  return q->column_int(0);
}

// ---- database ----------------------------------------------------------------

Result<void> check_database(storage::Store& store, const Options& options, Report& report) {
  auto found = LNSTORE_TRY(
      storage::db_check(store, options.full_database_check ? storage::CheckScope::quick : storage::CheckScope::bounded));
  Check c{"database", Status::ok, "", std::filesystem::absolute(store.path()).string(), Json::object()};
  if (found.ok()) {
    c.message = options.full_database_check ? "quick_check and every model invariant pass"
                                            : "quick_check and the model invariants pass (committed updates: run with --full)";
  } else {
    c.status = Status::critical;
    c.message = std::to_string(found.problems.size()) + " problem(s), first: " + found.problems.front().message +
                "; run 'lnstore db check' for all, restore the database from a copy if it is damaged";
  }
  c.details["scope"] = options.full_database_check ? "full" : "bounded";
  c.details["problems"] = storage::to_json(found)["problems"];
  report.checks.push_back(std::move(c));
  return {};
}

// ---- node ---------------------------------------------------------------------

Result<void> check_node(storage::Store& store, const Options& options, Report& report) {
  const auto binding = LNSTORE_TRY(channels::load_node_binding(store));
  Check c{"node", Status::ok, "", "node", channels::to_json(binding)};
  if (binding.node) c.subject = util::to_hex(*binding.node);
  if (!binding.node && !binding.chain) {
    c.message = "no node or chain recorded yet (the first import, export, restore or key info records them)";
  } else if (!options.node_claim) {
    c.message = "recorded node and chain not compared (give --root-key-file or --network)";
  } else if (auto r = channels::check_node_claim(binding, *options.node_claim); !r) {
    c.status = Status::critical;
    c.message = r.error().message + ": this database belongs to another node or chain than the key or --network given";
    c.details["error"] = r.error().code;
  } else {
    c.message = "the recorded node and chain match " +
                std::string(options.node_claim->node ? "the root key" : "--network");
  }
  report.checks.push_back(std::move(c));
  return {};
}

// ---- backup file -------------------------------------------------------------

Result<void> check_backup(storage::Store& store, const Options& options, const std::vector<ChannelRow>& channels,
                          Report& report) {
  const BackupInput& in = *options.backup;
  const std::string path = std::filesystem::absolute(in.path).string();
  auto& summary = report.summary;
  const auto must_hold = static_cast<std::int64_t>(channels.size());

  Check file{"backup_file", Status::ok, "", path, Json::object()};
  file.details = Json{{"mode", nullptr}, {"modified_at", nullptr}, {"channels", nullptr}, {"chain", nullptr}};
  auto unusable = [&](std::string message, std::string code) {
    file.status = Status::critical;
    file.message = std::move(message);
    file.details["error"] = std::move(code);
    // Nothing in the file can be relied on: every channel counts as missing.
    summary.backup_channels_missing = must_hold;
    report.checks.push_back(std::move(file));
  };

  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    int err = errno;
    if (err == ENOENT)
      unusable("backup file does not exist: no channel can be restored from it; write it with 'lnstore backup export --file " +
                   path + "' or point --backup-file at lnd's channel.backup",
               "file_not_found");
    else
      unusable("cannot read the backup file: " + std::string(std::strerror(err)), "io_error");
    return {};
  }
  const std::int64_t mtime = static_cast<std::int64_t>(st.st_mtime);
  const unsigned mode = st.st_mode & 07777u;
  file.details["mode"] = mode_text(mode);
  file.details["modified_at"] = util::format_rfc3339(static_cast<std::time_t>(mtime));
  summary.backup_age_seconds = std::max<std::int64_t>(0, options.now - mtime);

  auto multi = backup::read_backup_file(in.path, in.key, false);
  if (!multi) {
    const Error& e = multi.error();
    if (e.exit == ExitClass::auth)
      unusable("backup file does not decrypt with the root key (another node's key, or the file is damaged): it cannot be "
               "restored with this seed; check --root-key-file, then rewrite the file",
               e.code);
    else if (e.exit == ExitClass::malformed)
      unusable("backup file decrypts but is not a channel backup: " + e.message, e.code);
    else
      unusable("cannot read the backup file: " + e.message, e.code);
    return {};
  }
  summary.backup_channels = static_cast<std::int64_t>(multi->singles.size());
  file.details["channels"] = multi->singles.size();
  file.details["chain"] = std::string(codec::network_name(options.network));
  const auto chain = codec::chain_hash(options.network);

  std::vector<std::string> problems;
  for (const auto& s : multi->singles)
    if (s.chain_hash != chain) {
      file.status = Status::critical;
      auto other = codec::network_from_chain_hash(s.chain_hash);
      problems.push_back("channel " + backup::scb_chan_point(s) + " is for " +
                         (other ? std::string(codec::network_name(*other)) : "an unknown chain") + ", not " +
                         std::string(codec::network_name(options.network)) + ": this is not this node's backup");
      break;
    }
  if ((mode & 077u) != 0) {
    file.status = worst(file.status, Status::warning);
    problems.push_back("mode " + mode_text(mode) + " lets other users read it; chmod 600 " + path);
  }
  if (problems.empty()) {
    file.message = "decrypts with the root key, " + std::to_string(multi->singles.size()) + " channel(s), mode " + mode_text(mode);
  } else {
    file.message = join_problems(problems);
  }
  report.checks.push_back(std::move(file));

  // Each channel it must hold: there, and not behind a change of its backup data.
  std::unordered_map<std::string, const backup::ScbSingle*> in_file;
  for (const auto& s : multi->singles) in_file[backup::scb_chan_point(s)] = &s;
  std::int64_t missing = 0, stale = 0;
  std::optional<std::int64_t> last_change;
  for (const auto& c : channels) {
    Check ch{"channel_backup", Status::ok, "", c.chan_point, Json{{"status", c.status}, {"backup_changed_at", nullptr}}};
    if (c.backup_changed_at) {
      ch.details["backup_changed_at"] = util::format_rfc3339(static_cast<std::time_t>(*c.backup_changed_at));
      last_change = std::max(last_change.value_or(0), *c.backup_changed_at);
    }
    auto it = in_file.find(c.chan_point);
    if (it == in_file.end()) {
      ++missing;
      ch.status = Status::critical;
      ch.message = "channel " + c.chan_point + " (" + c.status + ") is not in the backup file: its funds cannot be recovered from it; "
                   "rewrite the file ('lnstore backup export --file')";
    } else if (c.backup_changed_at && mtime < *c.backup_changed_at) {
      // Older than the last change of its backup data: stale only if the
      // Single really differs (the close transaction aside, which changes
      // with every state and which lnd does not rewrite the file for).
      auto full = LNSTORE_TRY(channels::load_channel(store, c.point));
      auto want = LNSTORE_TRY(backup::single_from_channel(store, full, options.network, false));
      auto have = *it->second;
      have.close_tx.reset();
      if (!(want == have)) {
        ++stale;
        ch.status = Status::critical;
        ch.message = "channel " + c.chan_point + " changed after the backup file was written and the file holds its old data; "
                     "rewrite the file ('lnstore backup export --file')";
      } else {
        ch.message = "in the backup file, current";
      }
    } else {
      ch.message = "in the backup file, current";
    }
    report.checks.push_back(std::move(ch));
  }
  summary.backup_channels_missing = missing;
  summary.backup_channels_stale = stale;

  Check age{"backup_age", Status::ok, "", path,
            Json{{"age_seconds", *summary.backup_age_seconds}, {"modified_at", util::format_rfc3339(static_cast<std::time_t>(mtime))},
                 {"last_channel_change", last_change ? Json(util::format_rfc3339(static_cast<std::time_t>(*last_change))) : Json(nullptr)},
                 {"stale_channels", stale}}};
  if (stale > 0) {
    age.status = Status::critical;
    age.message = "stale: older than the last change of " + std::to_string(stale) + " channel(s) it holds; rewrite it";
  } else {
    age.message = "not older than the last change of the channels it must hold";
  }
  report.checks.push_back(std::move(age));

  // Channels the database knows as closed and resolved: harmless, but a
  // restore would try them again. One read of the closed channels, then
  // each Single looked up in it.
  std::set<std::pair<util::Bytes, std::int64_t>> closed;
  {
    auto q = store.query("SELECT funding_txid, funding_output_index FROM closed_channels");
    while (LNSTORE_TRY(q->step())) closed.emplace(q->column_blob(0), q->column_int(1));
  }
  for (const auto& s : multi->singles) {
    if (!closed.contains({util::Bytes(s.funding_txid.begin(), s.funding_txid.end()), static_cast<std::int64_t>(s.funding_output_index)}))
      continue;
    const std::string point = backup::scb_chan_point(s);
    report.checks.push_back({"backup_closed_channel", Status::warning,
                             "channel " + point + " is closed and resolved but still in the backup file; rewrite the file to drop it",
                             point, Json::object()});
  }
  return {};
}

// ---- towers, sessions, coverage ---------------------------------------------

struct SessionInfo {
  wtclient::SessionRow row;
  bool tower_active = false;
  std::optional<std::int64_t> oldest_pending_at;
};

Result<void> check_watchtower(storage::Store& store, const Options& options, const std::vector<ChannelRow>& channels,
                              const std::vector<wtclient::Tower>& towers, const std::vector<SessionInfo>& sessions,
                              Report& report) {
  const auto& t = options.thresholds;
  if (towers.empty()) {
    report.checks.push_back({"watchtower", Status::warning,
                             "no watchtower towers in the database: channels are not watched; add one (lnstore tower add, or "
                             "import lnd's wtclient.db), or set no-watchtower if this node runs no watchtower client",
                             "watchtower", Json::object()});
    return {};
  }
  std::map<std::int64_t, std::int64_t> pending_by_tower;
  for (const auto& s : sessions) pending_by_tower[s.row.tower_id] += s.row.num_pending;
  std::int64_t active = 0;
  for (const auto& tw : towers) {
    const bool on = tw.status == wtclient::TowerStatus::active;
    active += on;
    const std::int64_t pending = pending_by_tower[tw.id];
    Check c{"tower", Status::ok, "", util::to_hex(tw.pubkey),
            Json{{"id", tw.id}, {"status", on ? "active" : "inactive"}, {"num_sessions", tw.num_sessions}, {"num_pending_backups", pending}}};
    if (on) {
      c.message = "active, " + std::to_string(tw.num_sessions) + " session(s)";
    } else if (pending > 0) {
      c.status = Status::warning;
      c.message = "inactive with " + std::to_string(pending) + " update(s) it never acknowledged: they are not backed up by it";
    } else {
      c.message = "inactive";
    }
    report.checks.push_back(std::move(c));
  }
  report.checks.push_back({"towers", active > 0 ? Status::ok : Status::critical,
                           active > 0 ? std::to_string(active) + " active tower(s)"
                                      : "no active tower: no new state is backed up; add or reactivate a tower (lnstore tower add)",
                           "towers", Json{{"towers", towers.size()}, {"active", active}}});

  // Sessions: nearly used up, and updates waiting too long for their ack.
  for (const auto& s : sessions) {
    if (s.row.status != wtclient::SessionStatus::active) continue;
    const auto max = static_cast<std::int64_t>(s.row.policy.max_updates);
    const double fill = max > 0 ? static_cast<double>(s.row.seqnum) / static_cast<double>(max) : 1.0;
    Check c{"session", Status::ok, "", util::to_hex(s.row.id),
            Json{{"tower", util::to_hex(s.row.tower_pubkey)},
                 {"blob_type", codec::blob_type_name(s.row.policy.blob_type)},
                 {"seqnum", s.row.seqnum},
                 {"max_updates", max},
                 {"updates_remaining", max - s.row.seqnum},
                 {"num_pending_backups", s.row.num_pending},
                 {"oldest_pending_seconds", nullptr}}};
    std::vector<std::string> problems;
    if (s.row.exhausted()) {
      c.status = Status::warning;
      problems.push_back("exhausted (" + std::to_string(s.row.seqnum) + " of " + std::to_string(max) +
                         " updates): the client needs a new session");
    } else if (fill >= t.session_warn) {
      c.status = Status::warning;
      problems.push_back("nearly exhausted (" + std::to_string(s.row.seqnum) + " of " + std::to_string(max) + " updates)");
    }
    if (s.oldest_pending_at) {
      const std::int64_t age = std::max<std::int64_t>(0, options.now - *s.oldest_pending_at);
      c.details["oldest_pending_seconds"] = age;
      if (age > t.pending_warn_seconds) {
        c.status = Status::warning;
        problems.push_back(std::to_string(s.row.num_pending) + " update(s) not acknowledged, the oldest for " + duration_text(age) +
                           " (more than " + duration_text(t.pending_warn_seconds) + "): is the tower reachable?");
      }
    }
    if (problems.empty()) {
      c.message = std::to_string(s.row.seqnum) + " of " + std::to_string(max) + " updates used, " + std::to_string(s.row.num_pending) +
                  " pending";
    } else {
      c.message = join_problems(problems);
    }
    report.checks.push_back(std::move(c));
  }

  // Every blob type open channels need has a session that can take updates.
  std::set<std::uint16_t> needed;
  for (const auto& c : channels)
    if (c.status == "open") needed.insert(blob_type_for(c.type));
  for (auto type : needed) {
    std::int64_t usable = 0;
    for (const auto& s : sessions)
      if (s.row.status == wtclient::SessionStatus::active && s.tower_active && !s.row.exhausted() &&
          serves(s.row.policy.blob_type, type))
        ++usable;
    const std::string name = codec::blob_type_name(type);
    report.checks.push_back({"blob_type", usable > 0 ? Status::ok : Status::critical,
                             usable > 0 ? std::to_string(usable) + " usable session(s)"
                                        : "no active, non-exhausted session of blob type " + name + " on an active tower: new states of " +
                                              name + " channels are not backed up; the client must negotiate a session",
                             name, Json{{"usable_sessions", usable}}});
  }

  // Coverage of each open channel.
  std::unordered_map<std::string, std::int64_t> registered;  // chan_id hex -> channel db id
  {
    auto q = store.query("SELECT chan_id, db_id FROM tower_channels WHERE closed_height IS NULL");
    while (LNSTORE_TRY(q->step())) registered.emplace(util::to_hex(q->column_blob(0)), q->column_int(1));
  }
  std::unordered_map<std::int64_t, std::int64_t> acked;  // channel db id -> highest acked height
  {
    auto q = store.query("SELECT channel_db_id, max(end_height) FROM acked_ranges GROUP BY channel_db_id");
    while (LNSTORE_TRY(q->step())) acked.emplace(q->column_int(0), q->column_int(1));
  }
  for (const auto& c : channels) {
    if (c.status != "open") continue;
    Check k{"channel_coverage", Status::ok, "", c.chan_point,
            Json{{"num_updates", c.num_updates}, {"registered", false}, {"highest_acked_height", nullptr}, {"lag", nullptr}}};
    auto reg = registered.find(c.chan_id_hex);
    if (reg == registered.end()) {
      k.status = Status::critical;
      k.message = "not registered with the watchtower client: none of its states is backed up";
      report.checks.push_back(std::move(k));
      continue;
    }
    k.details["registered"] = true;
    auto a = acked.find(reg->second);
    std::int64_t lag = 0;
    if (a == acked.end()) {
      lag = c.num_updates + 1;
      if (c.num_updates > 0) {
        k.status = Status::critical;
        k.message = "commitment height " + std::to_string(c.num_updates) + " and no state acknowledged by any tower";
      } else {
        k.message = "no state yet";
      }
    } else {
      k.details["highest_acked_height"] = a->second;
      lag = std::max<std::int64_t>(0, c.num_updates - a->second);
      if (lag >= t.lag_crit) k.status = Status::critical;
      else if (lag >= t.lag_warn) k.status = Status::warning;
      k.message = k.status == Status::ok
                      ? "backed up to height " + std::to_string(a->second) + " of " + std::to_string(c.num_updates)
                      : "towers lag " + std::to_string(lag) + " states behind (acked " + std::to_string(a->second) + ", height " +
                            std::to_string(c.num_updates) + ")";
    }
    k.details["lag"] = lag;
    report.summary.channel_lags.push_back({c.chan_point, lag});
    report.checks.push_back(std::move(k));
  }
  return {};
}

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::ok: return "ok";
    case Status::warning: return "warning";
    case Status::critical: return "critical";
  }
  return "critical";
}

Result<std::int64_t> parse_duration(std::string_view text) {
  auto bad = [&] {
    return fail(ExitClass::usage, "bad_duration",
                "bad duration '" + std::string(text) + "': expected a whole number with an optional unit s, m, h or d (e.g. 30m)");
  };
  if (text.empty()) return bad();
  std::int64_t unit = 1;
  std::string_view digits = text;
  switch (text.back()) {
    case 's': unit = 1; digits.remove_suffix(1); break;
    case 'm': unit = 60; digits.remove_suffix(1); break;
    case 'h': unit = 3600; digits.remove_suffix(1); break;
    case 'd': unit = 86400; digits.remove_suffix(1); break;
    default: break;
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value < 0 ||
      value > std::int64_t{100} * 365 * 86400 / unit)
    return bad();
  return value * unit;
}

std::int64_t Report::count(Status s) const {
  return std::count_if(checks.begin(), checks.end(), [s](const Check& c) { return c.status == s; });
}

Result<Report> run_health(storage::Store& store, const Options& options) {
  Report report;
  report.now = options.now;
  auto& summary = report.summary;
  std::error_code ec;
  auto size = std::filesystem::file_size(store.path(), ec);
  summary.database_size_bytes = ec ? 0 : static_cast<std::int64_t>(size);

  LNSTORE_TRY(check_database(store, options, report));
  LNSTORE_TRY(check_node(store, options, report));

  const auto channels = LNSTORE_TRY(live_channels(store));
  for (const auto& c : channels) (c.status == "open" ? summary.channels_open : summary.channels_waiting_close)++;
  summary.channels_closed = LNSTORE_TRY(count_of(store, "SELECT count(*) FROM closed_channels"));

  if (options.backup) LNSTORE_TRY(check_backup(store, options, channels, report));

  // Towers and sessions are counted whether or not they are checked.
  const auto towers = LNSTORE_TRY(wtclient::list_towers(store, {}));
  std::unordered_map<std::int64_t, bool> tower_active;
  for (const auto& t : towers) {
    ++summary.towers;
    const bool on = t.status == wtclient::TowerStatus::active;
    summary.towers_active += on;
    tower_active[t.id] = on;
  }
  std::vector<SessionInfo> sessions;
  LNSTORE_TRY(wtclient::for_each_session(store, {}, [&](const wtclient::SessionRow& row) -> Result<void> {
    SessionInfo s{row, tower_active[row.tower_id], std::nullopt};
    ++summary.sessions;
    summary.committed_updates += row.num_pending;
    if (row.exhausted()) ++summary.sessions_exhausted;
    if (row.status == wtclient::SessionStatus::active) {
      ++summary.sessions_active;
      summary.session_fills.push_back({util::to_hex(row.id), static_cast<std::int64_t>(row.policy.max_updates) - row.seqnum});
    }
    if (row.num_pending > 0) {
      // Seqnums are committed in order, so the lowest pending one is the
      // oldest; reading one row keeps this cheap with a million pending.
      auto q = store.query("SELECT committed_at FROM committed_updates WHERE session_db_id = ?1 ORDER BY seqnum LIMIT 1");
      q->bind(1, row.db_id);
      if (LNSTORE_TRY(q->step())) s.oldest_pending_at = q->column_opt_int(0);
      if (s.oldest_pending_at) {
        const std::int64_t age = std::max<std::int64_t>(0, options.now - *s.oldest_pending_at);
        summary.pending_updates_oldest_seconds = std::max(summary.pending_updates_oldest_seconds.value_or(0), age);
      }
    }
    sessions.push_back(std::move(s));
    return {};
  }));
  if (summary.committed_updates == 0) summary.pending_updates_oldest_seconds = 0;

  if (options.watchtower) LNSTORE_TRY(check_watchtower(store, options, channels, towers, sessions, report));

  for (const auto& c : report.checks) report.status = worst(report.status, c.status);
  return report;
}

namespace {
Json opt(const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); }
}  // namespace

Json to_json(const Report& report) {
  Json checks = Json::array();
  for (const auto& c : report.checks)
    checks.push_back(
        Json{{"name", c.name}, {"status", std::string(to_string(c.status))}, {"message", c.message}, {"subject", c.subject}, {"details", c.details}});
  const auto& s = report.summary;
  Json summary{{"checked_at", util::format_rfc3339(static_cast<std::time_t>(report.now))},
               {"checks", Json{{"ok", report.count(Status::ok)}, {"warning", report.count(Status::warning)},
                               {"critical", report.count(Status::critical)}}},
               {"database_size_bytes", s.database_size_bytes},
               {"towers", s.towers},
               {"towers_active", s.towers_active},
               {"sessions", s.sessions},
               {"sessions_active", s.sessions_active},
               {"sessions_exhausted", s.sessions_exhausted},
               {"channels_open", s.channels_open},
               {"channels_waiting_close", s.channels_waiting_close},
               {"channels_closed", s.channels_closed},
               {"pending_updates", s.committed_updates},
               {"pending_updates_oldest_seconds", opt(s.pending_updates_oldest_seconds)},
               {"backup_channels", opt(s.backup_channels)},
               {"backup_channels_missing", opt(s.backup_channels_missing)},
               {"backup_channels_stale", opt(s.backup_channels_stale)},
               {"backup_age_seconds", opt(s.backup_age_seconds)}};
  return Json{{"status", std::string(to_string(report.status))}, {"checks", checks}, {"summary", summary}};
}

std::string to_text(const Report& report) {
  std::string out = "health: " + std::string(to_string(report.status)) + " (" + std::to_string(report.count(Status::critical)) +
                    " critical, " + std::to_string(report.count(Status::warning)) + " warning, " +
                    std::to_string(report.count(Status::ok)) + " ok)\n";
  for (auto level : {Status::critical, Status::warning})
    for (const auto& c : report.checks)
      if (c.status == level)
        out += std::string(to_string(level)) + "  " + c.name + "  " + c.subject + ": " + c.message + "\n";
  const auto& s = report.summary;
  out += "channels: " + std::to_string(s.channels_open) + " open, " + std::to_string(s.channels_waiting_close) +
         " waiting close; towers: " + std::to_string(s.towers_active) + " of " + std::to_string(s.towers) +
         " active; sessions: " + std::to_string(s.sessions_active) + " active, " + std::to_string(s.sessions_exhausted) +
         " exhausted; pending updates: " + std::to_string(s.committed_updates) + "\n";
  return out;
}

}  // namespace lnstore::health
