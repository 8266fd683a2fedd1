#include "core/import/lnd_wtclient_import.hpp"

#include <algorithm>
#include <set>

#include "core/channels/node_binding.hpp"
#include "core/codec/chan_point.hpp"

namespace lnstore::import {

namespace {

using Json = nlohmann::ordered_json;

std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }

Result<std::int64_t> count(storage::Store& store, const char* sql) {
  auto q = store.query(sql);
  (void)LNSTORE_TRY(q->step());
  return q->column_int(0);
}

// True when the file's towers, sessions and channels are all in the store
// under the same ids: a second import of the same file.
Result<bool> already_imported(storage::Store& store, const lnd::LndWtclientDb& db) {
  for (const auto& t : db.towers) {
    auto q = store.query("SELECT 1 FROM towers WHERE id = ?1 AND pubkey = ?2");
    q->bind(1, i64(t.id)).bind(2, t.pubkey);
    if (!LNSTORE_TRY(q->step())) return false;
  }
  for (const auto& s : db.sessions) {
    auto q = store.query("SELECT 1 FROM sessions WHERE db_id = ?1 AND id = ?2");
    q->bind(1, i64(s.db_id)).bind(2, s.id);
    if (!LNSTORE_TRY(q->step())) return false;
  }
  for (const auto& c : db.channels) {
    auto q = store.query("SELECT 1 FROM tower_channels WHERE db_id = ?1 AND chan_id = ?2");
    q->bind(1, i64(c.db_id)).bind(2, c.chan_id);
    if (!LNSTORE_TRY(q->step())) return false;
  }
  return true;
}

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

Result<WtclientImportSummary> import_lnd_wtclient(storage::Store& store, const lnd::LndWtclientDb& db) {
  LNSTORE_TRY(check_wtclient_node(store, db));
  WtclientImportSummary summary;
  auto& imported = summary.imported;
  auto& skipped = summary.skipped;
  bool empty = LNSTORE_TRY(count(store, "SELECT (SELECT count(*) FROM towers) + (SELECT count(*) FROM sessions) +"
                                        " (SELECT count(*) FROM tower_channels)")) == 0;
  bool has_content = !db.towers.empty() || !db.sessions.empty() || !db.channels.empty();
  if (!empty && has_content) {
    if (LNSTORE_TRY(already_imported(store, db))) return summary;
    return rule_error("import_conflict",
                      "the watchtower tables already hold other data; import into a database without towers, sessions "
                      "or registrations (or one holding exactly this file)");
  }

  for (const auto& t : db.towers) {
    auto q = store.query("INSERT INTO towers (id, pubkey, status) VALUES (?1, ?2, ?3)");
    q->bind(1, i64(t.id)).bind(2, t.pubkey).bind(3, t.status == lnd::LndTowerStatus::inactive ? 1 : 0);
    LNSTORE_TRY(q->run());
    // lnd stores the newest address first: give it the highest order number.
    std::int64_t seq = static_cast<std::int64_t>(t.addresses.size());
    std::set<std::string> seen;
    for (const auto& a : t.addresses) {
      if (!seen.insert(a.to_string()).second) continue;
      auto ins = store.query("INSERT INTO tower_addresses (tower_id, address, seq) VALUES (?1, ?2, ?3)");
      ins->bind(1, i64(t.id)).bind_text(2, a.to_string()).bind(3, seq--);
      LNSTORE_TRY(ins->run());
    }
    ++imported.towers;
  }
  for (const auto& c : db.channels) {
    auto q = store.query(
        "INSERT INTO tower_channels (db_id, chan_id, sweep_pkscript, max_commit_height, closed_height) VALUES (?1, ?2, ?3, ?4, ?5)");
    q->bind(1, i64(c.db_id)).bind(2, c.chan_id).bind(3, c.sweep_pkscript);
    q->bind(4, c.max_height ? std::optional<std::int64_t>(i64(*c.max_height)) : std::nullopt);
    q->bind(5, c.closed_height ? std::optional<std::int64_t>(*c.closed_height) : std::nullopt);
    LNSTORE_TRY(q->run());
    ++imported.channels;
  }
  std::set<std::uint64_t> channel_ids;
  for (const auto& c : db.channels) channel_ids.insert(c.db_id);
  for (const auto& s : db.sessions) {
    const auto& b = s.body;
    auto q = store.query(
        "INSERT INTO sessions (db_id, id, tower_id, key_index, status, blob_type, max_updates, reward_base, reward_rate,"
        " sweep_fee_rate, seqnum, tower_last_applied, reward_pkscript, rogue_update_count, num_pending)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    q->bind(1, i64(s.db_id)).bind(2, s.id).bind(3, i64(b.tower_id)).bind(4, b.key_index);
    q->bind(5, b.status == lnd::LndSessionStatus::terminal ? 1 : 0).bind(6, b.policy.blob_type).bind(7, b.policy.max_updates);
    q->bind(8, b.policy.reward_base).bind(9, b.policy.reward_rate).bind(10, i64(b.policy.sweep_fee_rate));
    q->bind(11, b.seqnum).bind(12, b.tower_last_applied).bind(13, b.reward_pkscript).bind(14, i64(s.rogue_count.value_or(0)));
    q->bind(15, static_cast<std::int64_t>(s.committed_updates.size()));
    if (auto r = q->run(); !r)
      return fail(ExitClass::incompatible, "corrupt_source",
                  "session " + util::to_hex(s.id) + " cannot be imported (unknown tower or invalid field): " + r.error().message);
    for (const auto& u : s.committed_updates) {
      auto ins = store.query(
          "INSERT INTO committed_updates (session_db_id, seqnum, chan_id, commit_height, hint, encrypted_blob)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
      ins->bind(1, i64(s.db_id)).bind(2, u.seqnum).bind(3, u.chan_id).bind(4, i64(u.commit_height)).bind(5, u.hint).bind(6, u.encrypted_blob);
      LNSTORE_TRY(ins->run());
      ++imported.committed_updates;
    }
    for (const auto& per_chan : s.acked_ranges) {
      if (!channel_ids.contains(per_chan.db_chan_id)) {
        skipped.push_back({s.id, "acked ranges for db channel id " + std::to_string(per_chan.db_chan_id) + ", whose details lnd pruned"});
        continue;
      }
      for (const auto& r : per_chan.ranges) {
        auto ins = store.query(
            "INSERT INTO acked_ranges (session_db_id, channel_db_id, start_height, end_height) VALUES (?1, ?2, ?3, ?4)");
        ins->bind(1, i64(s.db_id)).bind(2, i64(per_chan.db_chan_id)).bind(3, i64(r.start)).bind(4, i64(r.end));
        LNSTORE_TRY(ins->run());
        ++imported.acked_ranges;
      }
    }
    ++imported.sessions;
  }
  for (const auto& c : db.closable_sessions) {
    auto q = store.query("INSERT INTO closable_sessions (session_db_id, height) SELECT ?1, ?2 WHERE EXISTS"
                         " (SELECT 1 FROM sessions WHERE db_id = ?1)");
    q->bind(1, i64(c.db_id)).bind(2, c.height);
    LNSTORE_TRY(q->run());
    if (store.changes() == 0) {
      skipped.push_back({std::nullopt, "closable entry for unknown db session id " + std::to_string(c.db_id)});
      continue;
    }
    ++imported.closable_sessions;
  }
  // lnd keys a reservation by the leading 4 bytes of the tower id (zero for
  // any real id) and the blob type, so it holds for every tower; a legacy
  // 8-byte key names its tower and the legacy blob type.
  for (const auto& r : db.key_index_reservations) {
    for (const auto& t : db.towers) {
      if (r.legacy && r.tower_id_field != t.id) continue;
      if (!r.legacy && r.tower_id_field != (t.id >> 32)) continue;
      std::uint16_t blob = r.legacy ? 0x02 : r.blob_type;
      auto q = store.query(
          "INSERT OR IGNORE INTO key_index_reservations (tower_id, blob_type, key_index) VALUES (?1, ?2, ?3)");
      q->bind(1, i64(t.id)).bind(2, blob).bind(3, r.key_index);
      LNSTORE_TRY(q->run());
      imported.key_index_reservations += static_cast<int>(store.changes());
    }
  }
  LNSTORE_TRY(raise_sequence(store, "tower_id", db.sequences.tower_id));
  LNSTORE_TRY(raise_sequence(store, "channel_db_id", db.sequences.channel_db_id));
  LNSTORE_TRY(raise_sequence(store, "session_db_id", db.sequences.session_db_id));
  LNSTORE_TRY(raise_sequence(store, "session_key_index", db.sequences.session_key_index));
  // lnd's disk overflow queue holds backups the client had not yet handed
  // to a session; lnstore has no such queue, so they are reported.
  for (const auto& q : db.task_queues)
    for (const auto* part : {&q.head, &q.main})
      for (const auto& item : part->items)
        skipped.push_back({std::nullopt, "queued backup (" + q.client + " client) of channel " + util::to_hex(item.chan_id) +
                                             " at height " + std::to_string(item.commit_height) + " not yet sent to a tower"});
  for (const auto& u : db.unknown_entries) skipped.push_back({std::nullopt, "unknown entry " + u});
  summary.changed = has_content;
  return summary;
}

Json to_json(const WtclientImportSummary& summary) {
  const auto& n = summary.imported;
  Json skipped = Json::array();
  for (const auto& s : summary.skipped)
    skipped.push_back({{"session", s.session ? Json(util::to_hex(*s.session)) : Json(nullptr)}, {"reason", s.reason}});
  return Json{{"imported", {{"towers", n.towers}, {"sessions", n.sessions}, {"committed_updates", n.committed_updates},
                            {"channels", n.channels}, {"acked_ranges", n.acked_ranges}, {"closable_sessions", n.closable_sessions},
                            {"key_index_reservations", n.key_index_reservations}}},
              {"skipped", skipped},
              {"changed", summary.changed}};
}

}  // namespace lnstore::import
