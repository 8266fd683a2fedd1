#include "core/wtclient/wtclient.hpp"

#include <ctime>

#include "core/codec/address_limits.hpp"
#include "core/codec/blob_type.hpp"

#include <algorithm>
#include <map>
#include <charconv>
#include <cstdint>

namespace lnstore::wtclient {

namespace {

constexpr std::int64_t k_max_key_index = 2147483647;  // 2^31 - 1: hardened indexes start above
constexpr std::int64_t k_force_next_step = 1000;

Result<std::int64_t> next_sequence(storage::Store& store, const char* name, std::int64_t step) {
  {
    // A missing or negative allocator (the schema forbids it: written
    // outside lnstore) is a damaged database, not a failure of ours.
    auto cur = store.query("SELECT value FROM sequences WHERE name = ?1");
    cur->bind_text(1, name);
    const bool found = LNSTORE_TRY(cur->step());
    const std::int64_t value = found ? cur->column_int(0) : -1;
    cur->reset();
    if (value < 0 || value > INT64_MAX - step)
      return fail(ExitClass::incompatible, "database_corrupt",
                  std::string("the id allocator ") + name + (found ? " holds " + std::to_string(value) : std::string(" is missing")) +
                      ": the database was changed outside lnstore",
                  {{"sequence", name}});
  }
  auto q = store.query("UPDATE sequences SET value = value + ?1 WHERE name = ?2 RETURNING value");
  q->bind(1, step).bind_text(2, name);
  if (!LNSTORE_TRY(q->step())) return fail(ExitClass::internal, "sqlite_error", std::string("missing sequence ") + name);
  return q->column_int(0);
}

crypto::PubKey to_pubkey(const util::Bytes& b) {
  crypto::PubKey k{};
  std::copy_n(b.begin(), std::min<std::size_t>(b.size(), k.size()), k.begin());
  return k;
}

Result<std::optional<std::int64_t>> find_tower_id(storage::Store& store, const crypto::PubKey& pubkey) {
  auto q = store.query("SELECT id FROM towers WHERE pubkey = ?1");
  q->bind(1, pubkey);
  if (!LNSTORE_TRY(q->step())) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>(q->column_int(0));
}

Result<std::optional<std::int64_t>> find_session_db_id(storage::Store& store, const util::Bytes& session_id) {
  auto q = store.query("SELECT db_id FROM sessions WHERE id = ?1");
  q->bind(1, session_id);
  if (!LNSTORE_TRY(q->step())) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>(q->column_int(0));
}

Result<std::int64_t> require_session(storage::Store& store, const util::Bytes& session_id) {
  auto id = LNSTORE_TRY(find_session_db_id(store, session_id));
  if (!id) return rule_error("client_session_not_found", "client session not found: " + util::to_hex(session_id));
  return *id;
}

Result<void> add_address(storage::Store& store, std::int64_t tower_id, const std::string& address) {
  // lnd keeps an address once and puts a new one first: it is assumed fresher.
  auto exists = store.query("SELECT 1 FROM tower_addresses WHERE tower_id = ?1 AND address = ?2");
  exists->bind(1, tower_id).bind_text(2, address);
  if (LNSTORE_TRY(exists->step())) return {};
  auto count = store.query("SELECT count(*) FROM tower_addresses WHERE tower_id = ?1");
  count->bind(1, tower_id);
  (void)LNSTORE_TRY(count->step());
  if (static_cast<std::size_t>(count->column_int(0)) >= codec::k_max_node_addresses)
    return fail(ExitClass::rule, "too_many_addresses",
                "tower " + std::to_string(tower_id) + " already has " + std::to_string(count->column_int(0)) +
                    " addresses, the most lnstore keeps (" + std::to_string(codec::k_max_node_addresses) + "); remove one first",
                {{"tower_id", tower_id}, {"limit", codec::k_max_node_addresses}});
  auto ins = store.query(
      "INSERT INTO tower_addresses (tower_id, address, seq) "
      "VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM tower_addresses WHERE tower_id = ?1))");
  ins->bind(1, tower_id).bind_text(2, address);
  return ins->run();
}

// A macro so that each query below is one string literal: it goes through
// Store's by-address statement cache, and no std::string is built per call.
#define LNSTORE_SESSION_SELECT \
    "SELECT s.db_id, s.id, s.tower_id, t.pubkey, s.key_index, s.status, s.blob_type, s.max_updates," \
    " s.reward_base, s.reward_rate, s.sweep_fee_rate, s.seqnum, s.tower_last_applied, s.reward_pkscript," \
    " s.num_pending," \
    " s.rogue_update_count + coalesce((SELECT sum(a.end_height - a.start_height + 1) FROM acked_ranges a" \
    "   WHERE a.session_db_id = s.db_id), 0)," \
    " EXISTS (SELECT 1 FROM closable_sessions x WHERE x.session_db_id = s.db_id)" \
    " FROM sessions s JOIN towers t ON t.id = s.tower_id "

SessionRow read_session(storage::Statement& q) {
  SessionRow s;
  s.db_id = q.column_int(0);
  s.id = q.column_blob(1);
  s.tower_id = q.column_int(2);
  s.tower_pubkey = to_pubkey(q.column_blob(3));
  s.key_index = q.column_int(4);
  s.status = static_cast<SessionStatus>(q.column_int(5));
  s.policy.blob_type = static_cast<std::uint16_t>(q.column_int(6));
  s.policy.max_updates = static_cast<std::uint16_t>(q.column_int(7));
  s.policy.reward_base = static_cast<std::uint32_t>(q.column_int(8));
  s.policy.reward_rate = static_cast<std::uint32_t>(q.column_int(9));
  s.policy.sweep_fee_rate = static_cast<std::uint64_t>(q.column_int(10));
  s.seqnum = q.column_int(11);
  s.tower_last_applied = q.column_int(12);
  s.reward_pkscript = q.column_blob(13);
  s.num_pending = q.column_int(14);
  s.num_acked = q.column_int(15);
  s.closable = q.column_int(16) != 0;
  return s;
}

Result<SessionRow> load_session_by_db_id(storage::Store& store, std::int64_t db_id) {
  auto q = store.query(LNSTORE_SESSION_SELECT "WHERE s.db_id = ?1");
  q->bind(1, db_id);
  if (!LNSTORE_TRY(q->step())) return rule_error("client_session_not_found", "client session not found");
  return read_session(*q);
}

// lnd's isSessionClosable: no committed updates; exhausted or terminal; and
// every channel it has acked updates for is closed.
Result<bool> is_session_closable(storage::Store& store, std::int64_t db_id) {
  auto s = LNSTORE_TRY(load_session_by_db_id(store, db_id));
  if (s.num_pending > 0) return false;
  bool terminal = s.status == SessionStatus::terminal;
  if (!s.exhausted() && !terminal) return false;
  auto rogue = store.query("SELECT rogue_update_count FROM sessions WHERE db_id = ?1");
  rogue->bind(1, db_id);
  if (LNSTORE_TRY(rogue->step()) && rogue->column_int(0) == s.policy.max_updates) return true;
  auto chans = store.query(
      "SELECT count(*), count(c.closed_height) FROM (SELECT DISTINCT channel_db_id FROM acked_ranges"
      " WHERE session_db_id = ?1) r JOIN tower_channels c ON c.db_id = r.channel_db_id");
  chans->bind(1, db_id);
  (void)LNSTORE_TRY(chans->step());
  std::int64_t total = chans->column_int(0), closed = chans->column_int(1);
  if (total == 0) {
    if (terminal) return true;
    return fail(ExitClass::rule, "session_has_no_acked_ranges",
                "exhausted session " + util::to_hex(s.id) + " has no acked updates");
  }
  return total == closed;
}

Result<void> mark_closable(storage::Store& store, std::int64_t db_id, std::int64_t height) {
  auto q = store.query("INSERT OR REPLACE INTO closable_sessions (session_db_id, height) VALUES (?1, ?2)");
  q->bind(1, db_id).bind(2, height);
  return q->run();
}

// Adds `height` to the (session, channel) range index, keeping ranges
// disjoint and non-adjacent as lnd's RangeIndex does.
Result<void> add_acked_height(storage::Store& store, std::int64_t session_db_id, std::int64_t channel_db_id,
                              std::int64_t height) {
  auto left = store.query(
      "SELECT start_height, end_height FROM acked_ranges WHERE session_db_id = ?1 AND channel_db_id = ?2"
      " AND start_height <= ?3 ORDER BY start_height DESC LIMIT 1");
  left->bind(1, session_db_id).bind(2, channel_db_id).bind(3, height);
  std::optional<AckedRange> lo;
  if (LNSTORE_TRY(left->step())) lo = AckedRange{left->column_int(0), left->column_int(1)};
  left->reset();
  if (lo && lo->end >= height) return {};  // already covered
  auto right = store.query(
      "SELECT end_height FROM acked_ranges WHERE session_db_id = ?1 AND channel_db_id = ?2 AND start_height = ?3");
  right->bind(1, session_db_id).bind(2, channel_db_id).bind(3, height + 1);
  std::optional<std::int64_t> hi_end;
  if (LNSTORE_TRY(right->step())) hi_end = right->column_int(0);
  right->reset();
  bool joins_left = lo && lo->end == height - 1;
  auto set_end = [&](std::int64_t start, std::int64_t end) {
    auto q = store.query(
        "UPDATE acked_ranges SET end_height = ?4 WHERE session_db_id = ?1 AND channel_db_id = ?2 AND start_height = ?3");
    q->bind(1, session_db_id).bind(2, channel_db_id).bind(3, start).bind(4, end);
    return q->run();
  };
  auto remove = [&](std::int64_t start) {
    auto q = store.query("DELETE FROM acked_ranges WHERE session_db_id = ?1 AND channel_db_id = ?2 AND start_height = ?3");
    q->bind(1, session_db_id).bind(2, channel_db_id).bind(3, start);
    return q->run();
  };
  auto insert = [&](std::int64_t start, std::int64_t end) {
    auto q = store.query(
        "INSERT INTO acked_ranges (session_db_id, channel_db_id, start_height, end_height) VALUES (?1, ?2, ?3, ?4)");
    q->bind(1, session_db_id).bind(2, channel_db_id).bind(3, start).bind(4, end);
    return q->run();
  };
  if (joins_left && hi_end) {
    LNSTORE_TRY(remove(height + 1));
    return set_end(lo->start, *hi_end);
  }
  if (joins_left) return set_end(lo->start, height);
  if (hi_end) {
    LNSTORE_TRY(remove(height + 1));
    return insert(height, *hi_end);
  }
  return insert(height, height);
}

}  // namespace

Result<void> validate_policy(const Policy& p) {
  if (!(p.blob_type & codec::k_blob_flag_reward) && (p.reward_base != 0 || p.reward_rate != 0))
    return rule_error("altruist_reward", "altruist policy has reward params");
  if (p.max_updates == 0) return rule_error("no_max_updates", "max updates must be positive");
  if (p.sweep_fee_rate < 1000) return rule_error("sweep_fee_rate_too_low", "sweep fee rate too low (minimum 1000 sat/kw)");
  return {};
}

// ---- towers ---------------------------------------------------------------

Result<Tower> add_tower(storage::Store& store, const codec::NodeAddress& address) {
  auto id = LNSTORE_TRY(find_tower_id(store, address.pubkey));
  std::int64_t tower_id;
  if (id) {
    tower_id = *id;
    auto q = store.query("UPDATE towers SET status = 0 WHERE id = ?1");
    q->bind(1, tower_id);
    LNSTORE_TRY(q->run());
  } else {
    tower_id = LNSTORE_TRY(next_sequence(store, "tower_id", 1));
    auto q = store.query("INSERT INTO towers (id, pubkey, status) VALUES (?1, ?2, 0)");
    q->bind(1, tower_id).bind(2, address.pubkey);
    LNSTORE_TRY(q->run());
  }
  LNSTORE_TRY(add_address(store, tower_id, address.address.to_string()));
  return load_tower(store, tower_id);
}

Result<RemoveResult> remove_tower(storage::Store& store, const crypto::PubKey& pubkey, const std::optional<codec::NetAddress>& address) {
  auto id = LNSTORE_TRY(find_tower_id(store, pubkey));
  if (!id) return rule_error("tower_not_found", "tower not found: " + util::to_hex(pubkey));
  if (address) {
    auto del = store.query("DELETE FROM tower_addresses WHERE tower_id = ?1 AND address = ?2");
    del->bind(1, *id).bind_text(2, address->to_string());
    LNSTORE_TRY(del->run());
    if (store.changes() > 0) {
      auto left = store.query("SELECT count(*) FROM tower_addresses WHERE tower_id = ?1");
      left->bind(1, *id);
      (void)LNSTORE_TRY(left->step());
      if (left->column_int(0) == 0) return rule_error("last_tower_addr", "cannot remove last tower address");
    }
    return RemoveResult{false, LNSTORE_TRY(load_tower(store, *id))};
  }
  std::int64_t sessions = 0;
  {
    auto n = store.query("SELECT count(*) FROM sessions WHERE tower_id = ?1");
    n->bind(1, *id);
    (void)LNSTORE_TRY(n->step());
    sessions = n->column_int(0);
  }
  if (sessions == 0) {
    auto del = store.query("DELETE FROM towers WHERE id = ?1");
    del->bind(1, *id);
    LNSTORE_TRY(del->run());
    return RemoveResult{true, std::nullopt};
  }
  auto upd = store.query("UPDATE towers SET status = 1 WHERE id = ?1");
  upd->bind(1, *id);
  LNSTORE_TRY(upd->run());
  auto pending = store.query("SELECT EXISTS (SELECT 1 FROM sessions WHERE tower_id = ?1 AND num_pending > 0)");
  pending->bind(1, *id);
  (void)LNSTORE_TRY(pending->step());
  if (pending->column_int(0) != 0) return rule_error("tower_unacked_updates", "tower has unacked updates");
  return RemoveResult{false, LNSTORE_TRY(load_tower(store, *id))};
}

Result<Tower> deactivate_tower(storage::Store& store, const crypto::PubKey& pubkey) {
  auto id = LNSTORE_TRY(find_tower_id(store, pubkey));
  if (!id) return rule_error("tower_not_found", "tower not found: " + util::to_hex(pubkey));
  auto q = store.query("UPDATE towers SET status = 1 WHERE id = ?1");
  q->bind(1, *id);
  LNSTORE_TRY(q->run());
  return load_tower(store, *id);
}

Result<std::int64_t> resolve_tower(storage::Store& store, const std::string& tower) {
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(tower.data(), tower.data() + tower.size(), id);
  if (!tower.empty() && tower.size() < 20 && ec == std::errc{} && p == tower.data() + tower.size()) {
    auto q = store.query("SELECT 1 FROM towers WHERE id = ?1");
    q->bind(1, id);
    if (!LNSTORE_TRY(q->step())) return rule_error("tower_not_found", "tower not found: " + tower);
    return id;
  }
  auto key = LNSTORE_TRY(crypto::parse_pubkey(tower, "tower"));
  auto found = LNSTORE_TRY(find_tower_id(store, key));
  if (!found) return rule_error("tower_not_found", "tower not found: " + tower);
  return *found;
}

namespace {
Result<std::vector<Tower>> query_towers(storage::Store& store, std::optional<std::int64_t> id, std::optional<TowerStatus> status) {
  auto q = store.query(
      "SELECT t.id, t.pubkey, t.status, (SELECT count(*) FROM sessions s WHERE s.tower_id = t.id),"
      " (SELECT group_concat(address, ' ') FROM (SELECT address FROM tower_addresses a WHERE a.tower_id = t.id"
      "   ORDER BY seq DESC))"
      " FROM towers t WHERE (?1 IS NULL OR t.id = ?1) AND (?2 IS NULL OR t.status = ?2) ORDER BY t.id");
  q->bind(1, id);
  q->bind(2, status ? std::optional<std::int64_t>(static_cast<int>(*status)) : std::nullopt);
  std::vector<Tower> out;
  while (LNSTORE_TRY(q->step())) {
    Tower t;
    t.id = q->column_int(0);
    t.pubkey = to_pubkey(q->column_blob(1));
    t.status = static_cast<TowerStatus>(q->column_int(2));
    t.num_sessions = q->column_int(3);
    // Addresses never contain spaces (host:port forms only).
    std::string all = q->column_text(4);
    std::size_t start = 0;
    while (start < all.size()) {
      auto sp = all.find(' ', start);
      if (sp == std::string::npos) sp = all.size();
      t.addresses.push_back(all.substr(start, sp - start));
      start = sp + 1;
    }
    out.push_back(std::move(t));
  }
  return out;
}
}  // namespace

Result<Tower> load_tower(storage::Store& store, std::int64_t tower_id) {
  auto towers = LNSTORE_TRY(query_towers(store, tower_id, std::nullopt));
  if (towers.empty()) return rule_error("tower_not_found", "tower not found: " + std::to_string(tower_id));
  return towers.front();
}

Result<std::vector<Tower>> list_towers(storage::Store& store, const TowerFilter& filter) {
  return query_towers(store, std::nullopt, filter.status);
}

// ---- sessions ------------------------------------------------------------

Result<Reservation> reserve_key_index(storage::Store& store, std::int64_t tower_id, std::uint16_t blob_type, bool force_next) {
  if (!force_next) {
    auto q = store.query("SELECT key_index FROM key_index_reservations WHERE tower_id = ?1 AND blob_type = ?2");
    q->bind(1, tower_id).bind(2, blob_type);
    if (LNSTORE_TRY(q->step())) return Reservation{tower_id, blob_type, q->column_int(0)};
  }
  auto cur = store.query("SELECT value FROM sequences WHERE name = 'session_key_index'");
  (void)LNSTORE_TRY(cur->step());
  std::int64_t next = cur->column_int(0) + (force_next ? k_force_next_step : 1);
  if (next > k_max_key_index) return rule_error("exhausted_session_key_indexes", "exhausted session key indexes");
  auto index = LNSTORE_TRY(next_sequence(store, "session_key_index", force_next ? k_force_next_step : 1));
  auto put = store.query(
      "INSERT OR REPLACE INTO key_index_reservations (tower_id, blob_type, key_index) VALUES (?1, ?2, ?3)");
  put->bind(1, tower_id).bind(2, blob_type).bind(3, index);
  LNSTORE_TRY(put->run());
  return Reservation{tower_id, blob_type, index};
}

Result<SessionRow> create_session(storage::Store& store, const NewSession& s) {
  if (LNSTORE_TRY(find_session_db_id(store, s.id)))
    return rule_error("client_session_already_exists", "client session already exists: " + util::to_hex(s.id));
  {
    auto t = store.query("SELECT 1 FROM towers WHERE id = ?1");
    t->bind(1, s.tower_id);
    if (!LNSTORE_TRY(t->step())) return rule_error("tower_not_found", "tower not found: " + std::to_string(s.tower_id));
  }
  {
    auto r = store.query("SELECT key_index FROM key_index_reservations WHERE tower_id = ?1 AND blob_type = ?2");
    r->bind(1, s.tower_id).bind(2, s.policy.blob_type);
    if (!LNSTORE_TRY(r->step())) return rule_error("no_reserved_key_index", "key index not reserved");
    if (r->column_int(0) != s.key_index) return rule_error("incorrect_key_index", "incorrect key index");
  }
  auto del = store.query("DELETE FROM key_index_reservations WHERE tower_id = ?1 AND blob_type = ?2");
  del->bind(1, s.tower_id).bind(2, s.policy.blob_type);
  LNSTORE_TRY(del->run());
  auto db_id = LNSTORE_TRY(next_sequence(store, "session_db_id", 1));
  auto ins = store.query(
      "INSERT INTO sessions (db_id, id, tower_id, key_index, status, blob_type, max_updates, reward_base,"
      " reward_rate, sweep_fee_rate, seqnum, tower_last_applied, reward_pkscript)"
      " VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, 0, 0, ?10)");
  ins->bind(1, db_id).bind(2, s.id).bind(3, s.tower_id).bind(4, s.key_index).bind(5, s.policy.blob_type);
  ins->bind(6, s.policy.max_updates).bind(7, s.policy.reward_base).bind(8, s.policy.reward_rate);
  ins->bind(9, static_cast<std::int64_t>(s.policy.sweep_fee_rate)).bind(10, s.reward_pkscript);
  LNSTORE_TRY(ins->run());
  return load_session_by_db_id(store, db_id);
}

Result<void> for_each_session(storage::Store& store, const SessionFilter& filter,
                              const std::function<Result<void>(const SessionRow&)>& visit) {
  auto q = store.query(LNSTORE_SESSION_SELECT
                       "WHERE (?1 IS NULL OR s.tower_id = ?1) AND (?2 IS NULL OR s.status = ?2) ORDER BY s.db_id");
  q->bind(1, filter.tower_id);
  q->bind(2, filter.status ? std::optional<std::int64_t>(static_cast<int>(*filter.status)) : std::nullopt);
  while (LNSTORE_TRY(q->step())) {
    SessionRow row = read_session(*q);
    if (filter.exclude_exhausted && row.exhausted() && row.num_pending == 0) continue;
    LNSTORE_TRY(visit(row));
  }
  return {};
}

Result<SessionRow> get_session(storage::Store& store, const util::Bytes& session_id) {
  auto db_id = LNSTORE_TRY(require_session(store, session_id));
  return load_session_by_db_id(store, db_id);
}

Result<void> for_each_committed_update(storage::Store& store, std::int64_t session_db_id, const std::optional<util::Bytes>& chan_id,
                                       const std::function<Result<void>(const CommittedUpdate&)>& visit) {
  // A separate statement text from other listings: the visitor may itself
  // run cached statements while this one is stepping.
  auto q = store.query(
      "SELECT s.id, c.seqnum, c.chan_id, c.commit_height, c.hint, c.encrypted_blob FROM committed_updates c"
      " JOIN sessions s ON s.db_id = c.session_db_id WHERE c.session_db_id = ?1"
      " AND (?2 IS NULL OR c.chan_id = ?2) ORDER BY c.seqnum");
  q->bind(1, session_db_id);
  if (chan_id) q->bind(2, *chan_id);
  while (LNSTORE_TRY(q->step())) {
    CommittedUpdate u{q->column_blob(0), q->column_int(1), q->column_blob(2), q->column_int(3), q->column_blob(4),
                      q->column_blob(5)};
    LNSTORE_TRY(visit(u));
  }
  return {};
}

Result<SessionRow> terminate_session(storage::Store& store, const util::Bytes& session_id) {
  auto db_id = LNSTORE_TRY(require_session(store, session_id));
  auto s = LNSTORE_TRY(load_session_by_db_id(store, db_id));
  if (s.num_pending > 0) return rule_error("session_has_unacked_updates", "session has un-acked updates");
  auto q = store.query("UPDATE sessions SET status = 1 WHERE db_id = ?1");
  q->bind(1, db_id);
  LNSTORE_TRY(q->run());
  return load_session_by_db_id(store, db_id);
}

Result<std::vector<ClosableSession>> list_closable_sessions(storage::Store& store) {
  auto q = store.query(
      "SELECT s.id, x.height FROM closable_sessions x JOIN sessions s ON s.db_id = x.session_db_id ORDER BY s.db_id");
  std::vector<ClosableSession> out;
  while (LNSTORE_TRY(q->step())) out.push_back({q->column_blob(0), q->column_int(1)});
  return out;
}

Result<bool> delete_session(storage::Store& store, const util::Bytes& session_id) {
  auto db_id = LNSTORE_TRY(find_session_db_id(store, session_id));
  if (!db_id) return false;
  {
    auto c = store.query("SELECT 1 FROM closable_sessions WHERE session_db_id = ?1");
    c->bind(1, *db_id);
    if (!LNSTORE_TRY(c->step())) return rule_error("session_not_closable", "session is not closable");
  }
  // Channels for which this was the last session lose their details, as lnd
  // deletes them once no session references them.
  std::vector<std::int64_t> channels;
  {
    auto q = store.query("SELECT DISTINCT channel_db_id FROM acked_ranges WHERE session_db_id = ?1");
    q->bind(1, *db_id);
    while (LNSTORE_TRY(q->step())) channels.push_back(q->column_int(0));
  }
  auto del = store.query("DELETE FROM sessions WHERE db_id = ?1");  // cascades to updates, ranges, closable
  del->bind(1, *db_id);
  LNSTORE_TRY(del->run());
  for (auto chan : channels) {
    auto left = store.query("SELECT 1 FROM acked_ranges WHERE channel_db_id = ?1 LIMIT 1");
    left->bind(1, chan);
    if (LNSTORE_TRY(left->step())) continue;
    left->reset();
    auto rm = store.query("DELETE FROM tower_channels WHERE db_id = ?1");
    rm->bind(1, chan);
    LNSTORE_TRY(rm->run());
  }
  return true;
}

// ---- updates -------------------------------------------------------------

Result<CommitResult> commit_update(storage::Store& store, const CommittedUpdate& u) {
  auto q = store.query("SELECT db_id, seqnum, tower_last_applied, max_updates FROM sessions WHERE id = ?1");
  q->bind(1, u.session_id);
  if (!LNSTORE_TRY(q->step())) return rule_error("client_session_not_found", "client session not found: " + util::to_hex(u.session_id));
  std::int64_t db_id = q->column_int(0), seqnum = q->column_int(1), last_applied = q->column_int(2),
               max_updates = q->column_int(3);
  q->reset();
  {
    auto existing = store.query("SELECT hint FROM committed_updates WHERE session_db_id = ?1 AND seqnum = ?2");
    existing->bind(1, db_id).bind(2, u.seqnum);
    if (LNSTORE_TRY(existing->step())) {
      if (existing->column_blob(0) == u.hint) return CommitResult{last_applied, true};
      return rule_error("update_already_committed", "update already committed");
    }
  }
  if (u.seqnum != seqnum + 1)
    return rule_error("commit_unordered_update", "update seqnum not monotonic: expected " + std::to_string(seqnum + 1) +
                                                     ", got " + std::to_string(u.seqnum));
  if (u.seqnum > max_updates)
    return rule_error("session_exhausted", "session exhausted: seqnum " + std::to_string(u.seqnum) +
                                               " exceeds max_updates " + std::to_string(max_updates));
  // As lnd's CommitUpdate: a channel without a registration is taken as
  // closed (and pruned), so nothing is raised and the update is still
  // committed; its ack will count as a rogue update (ack_update).
  auto chan = store.query("UPDATE tower_channels SET max_commit_height = ?2 WHERE chan_id = ?1"
                          " AND (max_commit_height IS NULL OR max_commit_height < ?2)");
  chan->bind(1, u.chan_id).bind(2, u.commit_height);
  LNSTORE_TRY(chan->run());
  auto set = store.query("UPDATE sessions SET seqnum = ?2, num_pending = num_pending + 1 WHERE db_id = ?1");
  set->bind(1, db_id).bind(2, u.seqnum);
  LNSTORE_TRY(set->run());
  auto ins = store.query(
      "INSERT INTO committed_updates (session_db_id, seqnum, chan_id, commit_height, hint, encrypted_blob, committed_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  // When it was committed: `health` reports updates a tower leaves unacknowledged too long.
  ins->bind(1, db_id).bind(2, u.seqnum).bind(3, u.chan_id).bind(4, u.commit_height).bind(5, u.hint).bind(6, u.encrypted_blob);
  ins->bind(7, static_cast<std::int64_t>(std::time(nullptr)));
  LNSTORE_TRY(ins->run());
  return CommitResult{last_applied, false};
}

Result<SessionRow> ack_update(storage::Store& store, const util::Bytes& session_id, std::int64_t seqnum, std::int64_t last_applied) {
  auto q = store.query("SELECT db_id, seqnum, tower_last_applied, max_updates, rogue_update_count FROM sessions WHERE id = ?1");
  q->bind(1, session_id);
  if (!LNSTORE_TRY(q->step())) return rule_error("client_session_not_found", "client session not found: " + util::to_hex(session_id));
  std::int64_t db_id = q->column_int(0), cur = q->column_int(1), tower_last = q->column_int(2),
               max_updates = q->column_int(3), rogue = q->column_int(4);
  q->reset();
  if (last_applied > cur)
    return rule_error("unallocated_last_applied", "tower echoed last applied greater than allocated seqnum");
  if (last_applied < tower_last)
    return rule_error("last_applied_reversion", "update last applied must be non-decreasing");
  auto get = store.query("SELECT chan_id, commit_height FROM committed_updates WHERE session_db_id = ?1 AND seqnum = ?2");
  get->bind(1, db_id).bind(2, seqnum);
  if (!LNSTORE_TRY(get->step())) return rule_error("committed_update_not_found", "committed update not found");
  util::Bytes chan_id = get->column_blob(0);
  std::int64_t height = get->column_int(1);
  get->reset();
  auto del = store.query("DELETE FROM committed_updates WHERE session_db_id = ?1 AND seqnum = ?2");
  del->bind(1, db_id).bind(2, seqnum);
  LNSTORE_TRY(del->run());
  auto set = store.query("UPDATE sessions SET tower_last_applied = ?2, num_pending = num_pending - 1 WHERE db_id = ?1");
  set->bind(1, db_id).bind(2, last_applied);
  LNSTORE_TRY(set->run());

  auto chan = store.query("SELECT db_id FROM tower_channels WHERE chan_id = ?1");
  chan->bind(1, chan_id);
  if (!LNSTORE_TRY(chan->step())) {
    chan->reset();
    // The channel was closed and pruned: a rogue update.
    auto bump = store.query("UPDATE sessions SET rogue_update_count = rogue_update_count + 1 WHERE db_id = ?1");
    bump->bind(1, db_id);
    LNSTORE_TRY(bump->run());
    if (rogue + 1 == max_updates) {
      auto ranges = store.query("SELECT 1 FROM acked_ranges WHERE session_db_id = ?1 LIMIT 1");
      ranges->bind(1, db_id);
      if (LNSTORE_TRY(ranges->step()))
        return rule_error("session_has_acked_ranges", "session with only rogue updates unexpectedly has acked updates");
      LNSTORE_TRY(mark_closable(store, db_id, 0));
    }
  } else {
    std::int64_t chan_db_id = chan->column_int(0);
    chan->reset();
    LNSTORE_TRY(add_acked_height(store, db_id, chan_db_id, height));
  }
  return load_session_by_db_id(store, db_id);
}

namespace {
// The row id of a registered channel; rule "channel_not_registered" otherwise.
Result<std::int64_t> registered_channel_id(storage::Store& store, const util::Bytes& chan_id) {
  auto reg = store.query("SELECT db_id FROM tower_channels WHERE chan_id = ?1");
  reg->bind(1, chan_id);
  if (!LNSTORE_TRY(reg->step())) return rule_error("channel_not_registered", "channel not registered: " + util::to_hex(chan_id));
  return reg->column_int(0);
}
}  // namespace

Result<std::vector<SessionAcks>> acked_ranges(storage::Store& store, const util::Bytes& chan_id, const std::optional<util::Bytes>& session_id) {
  const std::int64_t chan_db_id = LNSTORE_TRY(registered_channel_id(store, chan_id));
  std::optional<std::int64_t> only;
  if (session_id) only = LNSTORE_TRY(require_session(store, *session_id));
  auto q = store.query(
      "SELECT s.id, a.start_height, a.end_height FROM acked_ranges a JOIN sessions s ON s.db_id = a.session_db_id"
      " WHERE a.channel_db_id = ?1 AND (?2 IS NULL OR a.session_db_id = ?2) ORDER BY a.session_db_id, a.start_height");
  q->bind(1, chan_db_id).bind(2, only);
  std::vector<SessionAcks> out;
  while (LNSTORE_TRY(q->step())) {
    util::Bytes id = q->column_blob(0);
    if (out.empty() || out.back().session_id != id) out.push_back({id, {}});
    out.back().ranges.push_back({q->column_int(1), q->column_int(2)});
  }
  return out;
}

// ---- channels ------------------------------------------------------------

Result<std::optional<ChannelRegistration>> find_registration(storage::Store& store, const util::Bytes& chan_id) {
  auto q = store.query("SELECT chan_id, sweep_pkscript, max_commit_height, closed_height FROM tower_channels WHERE chan_id = ?1");
  q->bind(1, chan_id);
  if (!LNSTORE_TRY(q->step())) return std::optional<ChannelRegistration>{};
  return std::optional<ChannelRegistration>(
      ChannelRegistration{q->column_blob(0), q->column_blob(1), q->column_opt_int(2), q->column_opt_int(3)});
}

Result<ChannelRegistration> register_channel(storage::Store& store, const util::Bytes& chan_id, const util::Bytes& sweep_pkscript) {
  if (LNSTORE_TRY(find_registration(store, chan_id)))
    return rule_error("channel_already_registered", "channel already registered: " + util::to_hex(chan_id));
  auto db_id = LNSTORE_TRY(next_sequence(store, "channel_db_id", 1));
  auto q = store.query("INSERT INTO tower_channels (db_id, chan_id, sweep_pkscript) VALUES (?1, ?2, ?3)");
  q->bind(1, db_id).bind(2, chan_id).bind(3, sweep_pkscript);
  LNSTORE_TRY(q->run());
  return ChannelRegistration{chan_id, sweep_pkscript, std::nullopt, std::nullopt};
}

Result<std::vector<ChannelRegistration>> list_registrations(storage::Store& store, bool include_closed) {
  auto q = store.query(
      "SELECT chan_id, sweep_pkscript, max_commit_height, closed_height FROM tower_channels"
      " WHERE ?1 OR closed_height IS NULL ORDER BY db_id");
  q->bind(1, include_closed ? 1 : 0);
  std::vector<ChannelRegistration> out;
  while (LNSTORE_TRY(q->step()))
    out.push_back({q->column_blob(0), q->column_blob(1), q->column_opt_int(2), q->column_opt_int(3)});
  return out;
}

Result<MarkClosedResult> mark_channel_closed(storage::Store& store, const util::Bytes& chan_id, std::int64_t height) {
  const std::int64_t chan_db_id = LNSTORE_TRY(registered_channel_id(store, chan_id));
  std::vector<std::int64_t> sessions;
  {
    auto q = store.query("SELECT DISTINCT session_db_id FROM acked_ranges WHERE channel_db_id = ?1 ORDER BY 1");
    q->bind(1, chan_db_id);
    while (LNSTORE_TRY(q->step())) sessions.push_back(q->column_int(0));
  }
  if (sessions.empty()) {
    auto del = store.query("DELETE FROM tower_channels WHERE db_id = ?1");
    del->bind(1, chan_db_id);
    LNSTORE_TRY(del->run());
    return MarkClosedResult{true, {}};
  }
  auto set = store.query("UPDATE tower_channels SET closed_height = ?2 WHERE db_id = ?1");
  set->bind(1, chan_db_id).bind(2, height);
  LNSTORE_TRY(set->run());
  MarkClosedResult result{false, {}};
  for (auto db_id : sessions) {
    if (!LNSTORE_TRY(is_session_closable(store, db_id))) continue;
    LNSTORE_TRY(mark_closable(store, db_id, height));
    auto id = store.query("SELECT id FROM sessions WHERE db_id = ?1");
    id->bind(1, db_id);
    (void)LNSTORE_TRY(id->step());
    result.closable_sessions.push_back(id->column_blob(0));
  }
  return result;
}

// ---- JSON ----------------------------------------------------------------

nlohmann::ordered_json to_json(const Tower& t, const std::optional<nlohmann::ordered_json>& sessions) {
  return {{"id", t.id},
          {"pubkey", util::to_hex(t.pubkey)},
          {"addresses", t.addresses},
          {"status", t.status == TowerStatus::active ? "active" : "inactive"},
          {"num_sessions", t.num_sessions},
          {"sessions", sessions ? *sessions : nlohmann::ordered_json(nullptr)}};
}

nlohmann::ordered_json to_json(const SessionRow& s, const std::optional<nlohmann::ordered_json>& updates) {
  nlohmann::ordered_json policy = {{"blob_type", codec::blob_type_name(s.policy.blob_type)},
                           {"max_updates", s.policy.max_updates},
                           {"reward_base", s.policy.reward_base},
                           {"reward_rate", s.policy.reward_rate},
                           {"sweep_fee_rate", s.policy.sweep_fee_rate},
                           // lncli's field: lnd's FeePerVByte, sat/kw * 4 / 1000 rounded down.
                           {"sweep_sat_per_vbyte", s.policy.sweep_fee_rate * 4 / 1000}};
  return {{"id", util::to_hex(s.id)},
          {"tower_id", s.tower_id},
          {"tower_pubkey", util::to_hex(s.tower_pubkey)},
          {"key_index", s.key_index},
          {"status", s.status == SessionStatus::active ? "active" : "terminal"},
          {"policy", policy},
          {"seqnum", s.seqnum},
          {"tower_last_applied", s.tower_last_applied},
          {"reward_pkscript", util::to_hex(s.reward_pkscript)},
          {"num_pending_backups", s.num_pending},
          {"num_backups", s.num_acked},
          {"exhausted", s.exhausted()},
          {"closable", s.closable},
          {"committed_updates", updates ? *updates : nlohmann::ordered_json(nullptr)}};
}

nlohmann::ordered_json to_json(const CommittedUpdate& u, bool with_session) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (with_session) j["session"] = util::to_hex(u.session_id);
  j["seqnum"] = u.seqnum;
  j["chan_id"] = util::to_hex(u.chan_id);
  j["commit_height"] = u.commit_height;
  j["hint"] = util::to_hex(u.hint);
  j["encrypted_blob"] = util::to_hex(u.encrypted_blob);
  return j;
}

nlohmann::ordered_json to_json(const ChannelRegistration& r) {
  auto opt = [](const std::optional<std::int64_t>& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); };
  return {{"chan_id", util::to_hex(r.chan_id)},
          {"sweep_pkscript", util::to_hex(r.sweep_pkscript)},
          {"max_commit_height", opt(r.max_commit_height)},
          {"closed_height", opt(r.closed_height)}};
}

Result<nlohmann::ordered_json> sessions_json(storage::Store& store, const SessionFilter& filter, bool with_updates) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  LNSTORE_TRY(for_each_session(store, filter, [&](const SessionRow& row) -> Result<void> {
    std::optional<nlohmann::ordered_json> updates;
    if (with_updates) {
      updates = nlohmann::ordered_json::array();
      LNSTORE_TRY(for_each_committed_update(store, row.db_id, std::nullopt, [&](const CommittedUpdate& u) -> Result<void> {
        updates->push_back(to_json(u, false));
        return {};
      }));
    }
    out.push_back(to_json(row, updates));
    return {};
  }));
  return out;
}

// ---- stats -----------------------------------------------------------------

namespace {
void add_session(Stats& s, const SessionRow& row) {
  s.num_backups += row.num_acked;
  s.num_pending_backups += row.num_pending;
  ++s.num_sessions_acquired;
  if (row.exhausted()) ++s.num_sessions_exhausted;
}
nlohmann::ordered_json stats_json(const Stats& s) {
  return {{"num_backups", s.num_backups},
          {"num_pending_backups", s.num_pending_backups},
          {"num_failed_backups", nullptr},
          {"num_sessions_acquired", s.num_sessions_acquired},
          {"num_sessions_exhausted", s.num_sessions_exhausted}};
}
}  // namespace

Result<StatsReport> stats(storage::Store& store, bool per_tower) {
  StatsReport report;
  std::map<std::int64_t, std::size_t> index;
  if (per_tower) {
    report.per_tower.emplace();
    for (auto& t : LNSTORE_TRY(list_towers(store, {}))) {
      index[t.id] = report.per_tower->size();
      report.per_tower->push_back({std::move(t), {}});
    }
  }
  LNSTORE_TRY(for_each_session(store, {}, [&](const SessionRow& row) -> Result<void> {
    add_session(report.total, row);
    if (auto it = index.find(row.tower_id); it != index.end()) add_session((*report.per_tower)[it->second].stats, row);
    return {};
  }));
  return report;
}

nlohmann::ordered_json to_json(const StatsReport& report) {
  auto j = stats_json(report.total);
  if (!report.per_tower) {
    j["towers"] = nullptr;
    return j;
  }
  auto towers = nlohmann::ordered_json::array();
  for (const auto& t : *report.per_tower) {
    towers.push_back({{"id", t.tower.id},
                      {"pubkey", util::to_hex(t.tower.pubkey)},
                      {"status", t.tower.status == TowerStatus::active ? "active" : "inactive"},
                      {"num_backups", t.stats.num_backups},
                      {"num_pending_backups", t.stats.num_pending_backups},
                      {"num_failed_backups", nullptr},
                      {"num_sessions_acquired", t.stats.num_sessions_acquired},
                      {"num_sessions_exhausted", t.stats.num_sessions_exhausted}});
  }
  j["towers"] = std::move(towers);
  return j;
}

}  // namespace lnstore::wtclient
