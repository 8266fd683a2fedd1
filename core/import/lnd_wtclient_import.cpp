#include "core/import/lnd_wtclient_import.hpp"

#include "core/codec/address_limits.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/channels/node_binding.hpp"
#include "core/codec/chan_point.hpp"

namespace lnstore::import {

namespace {

using Json = nlohmann::ordered_json;

std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }

Result<void> raise_sequence(storage::Store& store, const char* name, std::uint64_t value) {
  auto q = store.query("UPDATE sequences SET value = max(value, ?2) WHERE name = ?1");
  q->bind_text(1, name).bind(2, i64(value));
  return q->run();
}

}  // namespace

Result<void> check_wtclient_node(storage::Store& store, const lnd::LndWtclientDb& db) {
  // wtclient.db names neither its node nor its chain; what can be checked is
  // that the channels its client registered are this node's.
  const auto binding = LNSTORE_TRY(channels::load_node_binding(store));
  if (!binding.node || db.channels.empty()) return {};
  auto known = store.query(
      "SELECT (SELECT count(*) FROM channels) + (SELECT count(*) FROM closed_channels)");
  (void)LNSTORE_TRY(known->step());
  if (known->column_int(0) == 0) return {};
  for (const auto& c : db.channels) {
    if (c.chan_id.size() != 32) continue;
    codec::ChanId id{};
    std::copy(c.chan_id.begin(), c.chan_id.end(), id.begin());
    auto q = store.query("SELECT 1 FROM channels WHERE chan_id = ?1");
    q->bind(1, id);
    if (LNSTORE_TRY(q->step())) return {};
  }
  // Closed summaries keep only the channel point: compare channel ids.
  for (const auto& c : db.channels) {
    auto q = store.query("SELECT funding_txid, funding_output_index FROM closed_channels");
    while (LNSTORE_TRY(q->step())) {
      codec::ChanPoint p;
      const util::Bytes txid = q->column_blob(0);
      std::copy(txid.begin(), txid.end(), p.txid.begin());
      p.index = static_cast<std::uint32_t>(q->column_int(1));
      auto id = codec::chan_id(p);
      if (id && std::equal(id->begin(), id->end(), c.chan_id.begin(), c.chan_id.end())) return {};
    }
  }
  return fail(ExitClass::rule, "node_mismatch",
              "none of the " + std::to_string(db.channels.size()) +
                  " channels the wtclient.db's client registered is a channel of this database's node " +
                  util::to_hex(*binding.node) + ": the file is probably another node's (wtclient.db does not name its node)",
              nlohmann::ordered_json{{"recorded_node_pubkey", util::to_hex(*binding.node)}, {"given_node_pubkey", nullptr}});
}

namespace {

std::optional<std::int64_t> opt_i64(const std::optional<std::uint64_t>& v) {
  return v ? std::optional<std::int64_t>(i64(*v)) : std::nullopt;
}

// lnd stores a tower's newest address first; duplicates by text dropped.
// lnd sets no limit; lnstore keeps the newest k_max_node_addresses, as
// `tower add` and the channel import's peers do (a tower is tried at its
// newest addresses first, so the oldest are the ones to let go).
std::vector<std::string> tower_address_list(const lnd::LndTower& t) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& a : t.addresses) {
    if (out.size() == codec::k_max_node_addresses) break;
    if (seen.insert(a.to_string()).second) out.push_back(a.to_string());
  }
  return out;
}

Result<std::vector<std::string>> stored_tower_addresses(storage::Store& store, std::uint64_t id) {
  std::vector<std::string> out;
  auto q = store.query("SELECT address FROM tower_addresses WHERE tower_id = ?1 ORDER BY seq DESC");
  q->bind(1, i64(id));
  while (LNSTORE_TRY(q->step())) out.push_back(q->column_text(0));
  return out;
}

Result<void> write_tower_addresses(storage::Store& store, std::uint64_t id, const std::vector<std::string>& addresses) {
  auto del = store.query("DELETE FROM tower_addresses WHERE tower_id = ?1");
  del->bind(1, i64(id));
  LNSTORE_TRY(del->run());
  // The newest (first) address gets the highest order number.
  std::int64_t seq = static_cast<std::int64_t>(addresses.size());
  for (const auto& a : addresses) {
    auto ins = store.query("INSERT INTO tower_addresses (tower_id, address, seq) VALUES (?1, ?2, ?3)");
    ins->bind(1, i64(id)).bind_text(2, a).bind(3, seq--);
    LNSTORE_TRY(ins->run());
  }
  return {};
}

// One row per committed update / acked range, as text for comparison.
std::string update_row(std::int64_t seqnum, const util::Bytes& chan, std::int64_t height, const util::Bytes& hint,
                       const util::Bytes& blob) {
  return std::to_string(seqnum) + " " + util::to_hex(chan) + " " + std::to_string(height) + " " + util::to_hex(hint) + " " +
         util::to_hex(blob);
}

Result<std::vector<std::string>> stored_updates(storage::Store& store, std::uint64_t session) {
  std::vector<std::string> out;
  auto q = store.query(
      "SELECT seqnum, chan_id, commit_height, hint, encrypted_blob FROM committed_updates WHERE session_db_id = ?1"
      " ORDER BY seqnum");
  q->bind(1, i64(session));
  while (LNSTORE_TRY(q->step()))
    out.push_back(update_row(q->column_int(0), q->column_blob(1), q->column_int(2), q->column_blob(3), q->column_blob(4)));
  return out;
}

Result<std::vector<std::string>> stored_ranges(storage::Store& store, std::uint64_t session) {
  std::vector<std::string> out;
  auto q = store.query(
      "SELECT channel_db_id, start_height, end_height FROM acked_ranges WHERE session_db_id = ?1"
      " ORDER BY channel_db_id, start_height");
  q->bind(1, i64(session));
  while (LNSTORE_TRY(q->step()))
    out.push_back(std::to_string(q->column_int(0)) + " " + std::to_string(q->column_int(1)) + " " + std::to_string(q->column_int(2)));
  return out;
}

Result<std::optional<std::int64_t>> stored_closable(storage::Store& store, std::uint64_t session) {
  auto q = store.query("SELECT height FROM closable_sessions WHERE session_db_id = ?1");
  q->bind(1, i64(session));
  if (!LNSTORE_TRY(q->step())) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>(q->column_int(0));
}

// The reservations of `tower` whose key index lnd's allocator handed out
// (up to `max_index`); higher ones were reserved in lnstore since.
Result<std::set<std::string>> stored_reservations(storage::Store& store, std::uint64_t tower, std::uint64_t max_index) {
  std::set<std::string> out;
  auto q = store.query("SELECT blob_type, key_index FROM key_index_reservations WHERE tower_id = ?1 AND key_index <= ?2");
  q->bind(1, i64(tower)).bind(2, i64(max_index));
  while (LNSTORE_TRY(q->step())) out.insert(std::to_string(q->column_int(0)) + ":" + std::to_string(q->column_int(1)));
  return out;
}

// lnd keys a reservation by the leading 4 bytes of the tower id (zero for
// any real id) and the blob type, so it holds for every tower; a legacy
// 8-byte key names its tower and the legacy blob type.
std::set<std::string> file_reservations(const lnd::LndWtclientDb& db, std::uint64_t tower) {
  std::set<std::string> out;
  std::set<std::uint16_t> blob_types;
  for (const auto& r : db.key_index_reservations) {
    if (r.legacy && r.tower_id_field != tower) continue;
    if (!r.legacy && r.tower_id_field != (tower >> 32)) continue;
    const std::uint16_t blob = r.legacy ? 0x02 : r.blob_type;
    if (!blob_types.insert(blob).second) continue;  // the first key wins, as INSERT OR IGNORE did
    out.insert(std::to_string(blob) + ":" + std::to_string(r.key_index));
  }
  return out;
}

std::unexpected<Error> conflict(const std::string& what) {
  return rule_error("import_conflict", what + " (another node's file, or lnstore and lnd both allocated the id)");
}

}  // namespace

Result<WtclientImportSummary> import_lnd_wtclient(storage::Store& store, const lnd::LndWtclientDb& db) {
  LNSTORE_TRY(check_wtclient_node(store, db));
  WtclientImportSummary summary;
  auto& skipped = summary.skipped;
  const auto& seq = db.sequences;

  // Towers.
  std::set<std::uint64_t> file_towers;
  for (const auto& t : db.towers) {
    file_towers.insert(t.id);
    const std::int64_t status = t.status == lnd::LndTowerStatus::inactive ? 1 : 0;
    const auto addresses = tower_address_list(t);
    auto q = store.query("SELECT pubkey, status FROM towers WHERE id = ?1");
    q->bind(1, i64(t.id));
    std::vector<std::string> fields;
    const bool is_new = !LNSTORE_TRY(q->step());
    if (is_new) {
      auto other = store.query("SELECT id FROM towers WHERE pubkey = ?1");
      other->bind(1, t.pubkey);
      if (LNSTORE_TRY(other->step()))
        return conflict("tower " + util::to_hex(t.pubkey) + " is tower " + std::to_string(other->column_int(0)) +
                        " in the database, " + std::to_string(t.id) + " in the file");
      auto ins = store.query("INSERT INTO towers (id, pubkey, status) VALUES (?1, ?2, ?3)");
      ins->bind(1, i64(t.id)).bind(2, t.pubkey).bind(3, status);
      LNSTORE_TRY(ins->run());
      LNSTORE_TRY(write_tower_addresses(store, t.id, addresses));
      summary.added.towers.push_back(t.id);
    } else {
      if (q->column_blob(0) != t.pubkey)
        return conflict("tower id " + std::to_string(t.id) + " names another tower in the database than in the file");
      if (q->column_int(1) != status) {
        auto up = store.query("UPDATE towers SET status = ?2 WHERE id = ?1");
        up->bind(1, i64(t.id)).bind(2, status);
        LNSTORE_TRY(up->run());
        fields.emplace_back("status");
      }
      if (LNSTORE_TRY(stored_tower_addresses(store, t.id)) != addresses) {
        LNSTORE_TRY(write_tower_addresses(store, t.id, addresses));
        fields.emplace_back("addresses");
      }
    }
    // Key-index reservations of this tower: the file's.
    const auto want = file_reservations(db, t.id);
    if (LNSTORE_TRY(stored_reservations(store, t.id, seq.session_key_index)) != want) {
      auto del = store.query("DELETE FROM key_index_reservations WHERE tower_id = ?1 AND key_index <= ?2");
      del->bind(1, i64(t.id)).bind(2, i64(seq.session_key_index));
      LNSTORE_TRY(del->run());
      for (const auto& r : want) {
        const auto colon = r.find(':');
        // lnd's reservation of a (tower, blob type) wins over one lnstore made since.
        auto ins = store.query(
            "INSERT OR REPLACE INTO key_index_reservations (tower_id, blob_type, key_index) VALUES (?1, ?2, ?3)");
        ins->bind(1, i64(t.id)).bind(2, static_cast<std::int64_t>(std::stoll(r.substr(0, colon))));
        ins->bind(3, static_cast<std::int64_t>(std::stoll(r.substr(colon + 1))));
        LNSTORE_TRY(ins->run());
      }
      if (!is_new) fields.emplace_back("key_index_reservations");
    }
    if (!is_new) {
      if (fields.empty())
        summary.unchanged.towers.push_back(t.id);
      else
        summary.updated.towers.push_back({t.id, std::move(fields)});
    }
  }

  // Channel registrations.
  std::set<std::uint64_t> file_channels;
  for (const auto& c : db.channels) {
    file_channels.insert(c.db_id);
    const auto max_height = opt_i64(c.max_height);
    const std::optional<std::int64_t> closed_height =
        c.closed_height ? std::optional<std::int64_t>(*c.closed_height) : std::nullopt;
    auto q = store.query("SELECT chan_id, sweep_pkscript, max_commit_height, closed_height FROM tower_channels WHERE db_id = ?1");
    q->bind(1, i64(c.db_id));
    if (!LNSTORE_TRY(q->step())) {
      auto other = store.query("SELECT db_id FROM tower_channels WHERE chan_id = ?1");
      other->bind(1, c.chan_id);
      if (LNSTORE_TRY(other->step()))
        return conflict("channel " + util::to_hex(c.chan_id) + " is registered under another db id in the database");
      auto ins = store.query(
          "INSERT INTO tower_channels (db_id, chan_id, sweep_pkscript, max_commit_height, closed_height) VALUES (?1, ?2, ?3, ?4, ?5)");
      ins->bind(1, i64(c.db_id)).bind(2, c.chan_id).bind(3, c.sweep_pkscript).bind(4, max_height).bind(5, closed_height);
      LNSTORE_TRY(ins->run());
      summary.added.channels.push_back(c.chan_id);
      continue;
    }
    if (q->column_blob(0) != c.chan_id)
      return conflict("channel db id " + std::to_string(c.db_id) + " names another channel in the database than in the file");
    std::vector<std::string> fields;
    const auto column_opt = [&](int col) {
      return q->column_null(col) ? std::optional<std::int64_t>() : std::optional<std::int64_t>(q->column_int(col));
    };
    if (q->column_blob(1) != c.sweep_pkscript) fields.emplace_back("sweep_pkscript");
    if (column_opt(2) != max_height) fields.emplace_back("max_commit_height");
    const bool newly_closed = !column_opt(3) && closed_height;
    if (column_opt(3) != closed_height) fields.emplace_back("closed_height");
    if (fields.empty()) {
      summary.unchanged.channels.push_back(c.chan_id);
      continue;
    }
    auto up = store.query(
        "UPDATE tower_channels SET sweep_pkscript = ?2, max_commit_height = ?3, closed_height = ?4 WHERE db_id = ?1");
    up->bind(1, i64(c.db_id)).bind(2, c.sweep_pkscript).bind(3, max_height).bind(4, closed_height);
    LNSTORE_TRY(up->run());
    if (newly_closed && fields.size() == 1)
      summary.closed.channels.push_back(c.chan_id);
    else
      summary.updated.channels.push_back({c.chan_id, std::move(fields)});
  }

  // Sessions with their updates, acked ranges and closable entries.
  std::map<std::uint64_t, std::uint32_t> closable;
  for (const auto& c : db.closable_sessions) closable[c.db_id] = c.height;
  std::set<std::uint64_t> file_sessions;
  for (const auto& s : db.sessions) {
    file_sessions.insert(s.db_id);
    const auto& b = s.body;
    const std::int64_t status = b.status == lnd::LndSessionStatus::terminal ? 1 : 0;
    std::vector<std::string> updates;
    for (const auto& u : s.committed_updates)
      updates.push_back(update_row(u.seqnum, u.chan_id, i64(u.commit_height), u.hint, u.encrypted_blob));
    std::vector<std::string> ranges;
    for (const auto& per_chan : s.acked_ranges) {
      if (!file_channels.contains(per_chan.db_chan_id)) {
        skipped.push_back({s.id, "acked ranges for db channel id " + std::to_string(per_chan.db_chan_id) + ", whose details lnd pruned"});
        continue;
      }
      for (const auto& r : per_chan.ranges)
        ranges.push_back(std::to_string(per_chan.db_chan_id) + " " + std::to_string(r.start) + " " + std::to_string(r.end));
    }
    auto q = store.query(
        "SELECT id, tower_id, key_index, blob_type, max_updates, reward_base, reward_rate, sweep_fee_rate, reward_pkscript,"
        " status, seqnum, tower_last_applied, rogue_update_count FROM sessions WHERE db_id = ?1");
    q->bind(1, i64(s.db_id));
    std::vector<std::string> fields;
    bool is_new = false;
    if (!LNSTORE_TRY(q->step())) {
      auto ins = store.query(
          "INSERT INTO sessions (db_id, id, tower_id, key_index, status, blob_type, max_updates, reward_base, reward_rate,"
          " sweep_fee_rate, seqnum, tower_last_applied, reward_pkscript, rogue_update_count, num_pending)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 0)");
      ins->bind(1, i64(s.db_id)).bind(2, s.id).bind(3, i64(b.tower_id)).bind(4, b.key_index);
      ins->bind(5, status).bind(6, b.policy.blob_type).bind(7, b.policy.max_updates);
      ins->bind(8, b.policy.reward_base).bind(9, b.policy.reward_rate).bind(10, i64(b.policy.sweep_fee_rate));
      ins->bind(11, b.seqnum).bind(12, b.tower_last_applied).bind(13, b.reward_pkscript).bind(14, i64(s.rogue_count.value_or(0)));
      if (auto r = ins->run(); !r) {
        auto other = store.query("SELECT db_id FROM sessions WHERE id = ?1");
        other->bind(1, s.id);
        if (LNSTORE_TRY(other->step()))
          return conflict("session " + util::to_hex(s.id) + " has another db id in the database");
        return fail(ExitClass::incompatible, "corrupt_source",
                    "session " + util::to_hex(s.id) + " cannot be imported (unknown tower or invalid field): " + r.error().message);
      }
      is_new = true;
      summary.added.sessions.push_back(s.id);
    } else {
      if (q->column_blob(0) != s.id)
        return conflict("session db id " + std::to_string(s.db_id) + " names another session in the database than in the file");
      if (q->column_int(1) != i64(b.tower_id) || q->column_int(2) != b.key_index || q->column_int(3) != b.policy.blob_type ||
          q->column_int(4) != b.policy.max_updates || q->column_int(5) != b.policy.reward_base ||
          q->column_int(6) != b.policy.reward_rate || q->column_int(7) != i64(b.policy.sweep_fee_rate) ||
          q->column_blob(8) != b.reward_pkscript)
        return conflict("session " + util::to_hex(s.id) + " has another tower, key index or policy in the database");
      if (q->column_int(9) != status) fields.emplace_back("status");
      if (q->column_int(10) != b.seqnum) fields.emplace_back("seqnum");
      if (q->column_int(11) != b.tower_last_applied) fields.emplace_back("tower_last_applied");
      if (q->column_int(12) != i64(s.rogue_count.value_or(0))) fields.emplace_back("rogue_update_count");
      if (!fields.empty()) {
        auto up = store.query(
            "UPDATE sessions SET status = ?2, seqnum = ?3, tower_last_applied = ?4, rogue_update_count = ?5 WHERE db_id = ?1");
        up->bind(1, i64(s.db_id)).bind(2, status).bind(3, b.seqnum).bind(4, b.tower_last_applied);
        up->bind(5, i64(s.rogue_count.value_or(0)));
        LNSTORE_TRY(up->run());
      }
    }
    if (is_new || LNSTORE_TRY(stored_updates(store, s.db_id)) != updates) {
      auto del = store.query("DELETE FROM committed_updates WHERE session_db_id = ?1");
      del->bind(1, i64(s.db_id));
      LNSTORE_TRY(del->run());
      for (const auto& u : s.committed_updates) {
        auto ins = store.query(
            "INSERT INTO committed_updates (session_db_id, seqnum, chan_id, commit_height, hint, encrypted_blob)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
        ins->bind(1, i64(s.db_id)).bind(2, u.seqnum).bind(3, u.chan_id).bind(4, i64(u.commit_height)).bind(5, u.hint).bind(6, u.encrypted_blob);
        LNSTORE_TRY(ins->run());
      }
      auto n = store.query("UPDATE sessions SET num_pending = ?2 WHERE db_id = ?1");
      n->bind(1, i64(s.db_id)).bind(2, static_cast<std::int64_t>(s.committed_updates.size()));
      LNSTORE_TRY(n->run());
      if (!is_new) fields.emplace_back("committed_updates");
    }
    if (is_new || LNSTORE_TRY(stored_ranges(store, s.db_id)) != ranges) {
      auto del = store.query("DELETE FROM acked_ranges WHERE session_db_id = ?1");
      del->bind(1, i64(s.db_id));
      LNSTORE_TRY(del->run());
      for (const auto& per_chan : s.acked_ranges) {
        if (!file_channels.contains(per_chan.db_chan_id)) continue;
        for (const auto& r : per_chan.ranges) {
          auto ins = store.query(
              "INSERT INTO acked_ranges (session_db_id, channel_db_id, start_height, end_height) VALUES (?1, ?2, ?3, ?4)");
          ins->bind(1, i64(s.db_id)).bind(2, i64(per_chan.db_chan_id)).bind(3, i64(r.start)).bind(4, i64(r.end));
          LNSTORE_TRY(ins->run());
        }
      }
      if (!is_new) fields.emplace_back("acked_ranges");
    }
    const auto closable_entry = closable.find(s.db_id);
    std::optional<std::int64_t> want_closable;
    if (closable_entry != closable.end()) want_closable = closable_entry->second;
    if (LNSTORE_TRY(stored_closable(store, s.db_id)) != want_closable) {
      auto del = store.query("DELETE FROM closable_sessions WHERE session_db_id = ?1");
      del->bind(1, i64(s.db_id));
      LNSTORE_TRY(del->run());
      if (closable_entry != closable.end()) {
        auto ins = store.query("INSERT INTO closable_sessions (session_db_id, height) VALUES (?1, ?2)");
        ins->bind(1, i64(s.db_id)).bind(2, static_cast<std::int64_t>(closable_entry->second));
        LNSTORE_TRY(ins->run());
      }
      if (!is_new) fields.emplace_back("closable");
    }
    if (is_new) continue;
    if (fields.empty())
      summary.unchanged.sessions.push_back(s.id);
    else
      summary.updated.sessions.push_back({s.id, std::move(fields)});
  }
  for (const auto& c : db.closable_sessions)
    if (!file_sessions.contains(c.db_id))
      skipped.push_back({std::nullopt, "closable entry for unknown db session id " + std::to_string(c.db_id)});

  // What lnd deleted (ids it allocated, no longer in the file) goes; what
  // lnstore allocated since (ids above the file's allocators) stays.
  {
    std::vector<std::pair<std::int64_t, util::Bytes>> gone;
    auto q = store.query("SELECT db_id, id FROM sessions ORDER BY db_id");
    while (LNSTORE_TRY(q->step())) {
      const auto id = static_cast<std::uint64_t>(q->column_int(0));
      if (file_sessions.contains(id)) continue;
      if (id <= seq.session_db_id)
        gone.emplace_back(q->column_int(0), q->column_blob(1));
      else
        summary.only_here.sessions.push_back(q->column_blob(1));
    }
    for (const auto& [id, session] : gone) {
      auto del = store.query("DELETE FROM sessions WHERE db_id = ?1");  // its updates, ranges and closable entry go with it
      del->bind(1, id);
      LNSTORE_TRY(del->run());
      summary.removed.sessions.push_back(session);
    }
  }
  {
    std::vector<std::pair<std::int64_t, util::Bytes>> gone;
    auto q = store.query("SELECT db_id, chan_id FROM tower_channels ORDER BY db_id");
    while (LNSTORE_TRY(q->step())) {
      const auto id = static_cast<std::uint64_t>(q->column_int(0));
      if (file_channels.contains(id)) continue;
      if (id <= seq.channel_db_id)
        gone.emplace_back(q->column_int(0), q->column_blob(1));
      else
        summary.only_here.channels.push_back(q->column_blob(1));
    }
    for (const auto& [id, chan] : gone) {
      auto ranges = store.query("DELETE FROM acked_ranges WHERE channel_db_id = ?1");
      ranges->bind(1, id);
      LNSTORE_TRY(ranges->run());
      auto del = store.query("DELETE FROM tower_channels WHERE db_id = ?1");
      del->bind(1, id);
      LNSTORE_TRY(del->run());
      summary.removed.channels.push_back(chan);
    }
  }
  {
    std::vector<std::int64_t> gone;
    auto q = store.query("SELECT id FROM towers ORDER BY id");
    while (LNSTORE_TRY(q->step())) {
      const auto id = static_cast<std::uint64_t>(q->column_int(0));
      if (file_towers.contains(id)) continue;
      if (id <= seq.tower_id)
        gone.push_back(q->column_int(0));
      else
        summary.only_here.towers.push_back(id);
    }
    for (const auto id : gone) {
      auto del = store.query("DELETE FROM towers WHERE id = ?1");
      del->bind(1, id);
      if (auto r = del->run(); !r)
        return conflict("tower " + std::to_string(id) + ", which lnd removed, still has sessions lnstore created");
      summary.removed.towers.push_back(static_cast<std::uint64_t>(id));
    }
  }

  LNSTORE_TRY(raise_sequence(store, "tower_id", seq.tower_id));
  LNSTORE_TRY(raise_sequence(store, "channel_db_id", seq.channel_db_id));
  LNSTORE_TRY(raise_sequence(store, "session_db_id", seq.session_db_id));
  LNSTORE_TRY(raise_sequence(store, "session_key_index", seq.session_key_index));
  // lnd's disk overflow queue holds backups the client had not yet handed
  // to a session; lnstore has no such queue, so they are reported.
  for (const auto& q : db.task_queues)
    for (const auto* part : {&q.head, &q.main})
      for (const auto& item : part->items)
        skipped.push_back({std::nullopt, "queued backup (" + q.client + " client) of channel " + util::to_hex(item.chan_id) +
                                             " at height " + std::to_string(item.commit_height) + " not yet sent to a tower"});
  for (const auto& u : db.unknown_entries) skipped.push_back({std::nullopt, "unknown entry " + u});
  const auto& up = summary.updated;
  summary.changed = !summary.added.empty() || !up.towers.empty() || !up.sessions.empty() || !up.channels.empty() ||
                    !summary.closed.empty() || !summary.removed.empty() || !summary.only_here.empty();
  return summary;
}

Json to_json(const WtclientImportSummary& summary) {
  auto entities = [](const WtclientEntities& e) {
    Json sessions = Json::array(), channels = Json::array();
    for (const auto& s : e.sessions) sessions.push_back(util::to_hex(s));
    for (const auto& c : e.channels) channels.push_back(util::to_hex(c));
    return Json{{"count", e.towers.size() + e.sessions.size() + e.channels.size()},
                {"towers", e.towers},
                {"sessions", sessions},
                {"channels", channels}};
  };
  const auto& up = summary.updated;
  Json towers = Json::array(), sessions = Json::array(), channels = Json::array();
  for (const auto& t : up.towers) towers.push_back({{"id", t.id}, {"fields", t.fields}});
  for (const auto& s : up.sessions) sessions.push_back({{"session", util::to_hex(s.id)}, {"fields", s.fields}});
  for (const auto& c : up.channels) channels.push_back({{"chan_id", util::to_hex(c.chan_id)}, {"fields", c.fields}});
  Json skipped = Json::array();
  for (const auto& s : summary.skipped)
    skipped.push_back({{"session", s.session ? Json(util::to_hex(*s.session)) : Json(nullptr)}, {"reason", s.reason}});
  return Json{{"added", entities(summary.added)},
              {"updated", {{"count", up.towers.size() + up.sessions.size() + up.channels.size()},
                           {"towers", towers}, {"sessions", sessions}, {"channels", channels}}},
              {"closed", entities(summary.closed)},
              {"removed", entities(summary.removed)},
              {"unchanged", entities(summary.unchanged)},
              {"only_here", entities(summary.only_here)},
              {"skipped", skipped},
              {"changed", summary.changed}};
}

}  // namespace lnstore::import
