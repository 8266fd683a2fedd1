// The watchtower client database: lnd's watchtower/wtdb client operations
// (version 8 behaviour) on the SQLite store. Every function runs inside the
// caller's transaction and either completes or returns an Error leaving the
// caller to roll back; none commits on its own.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/crypto/pubkey.hpp"
#include "core/storage/store.hpp"
#include "core/codec/tower_address.hpp"

namespace lnstore::wtclient {

enum class TowerStatus : int { active = 0, inactive = 1 };
enum class SessionStatus : int { active = 0, terminal = 1 };

struct Policy {
  std::uint16_t blob_type = 0x02;
  std::uint16_t max_updates = 1024;
  std::uint32_t reward_base = 0;
  std::uint32_t reward_rate = 0;
  std::uint64_t sweep_fee_rate = 2500;  // sat/kw
};

// wtpolicy.Validate: rule errors altruist_reward, no_max_updates,
// sweep_fee_rate_too_low (below 1000 sat/kw).
[[nodiscard]] Result<void> validate_policy(const Policy& policy);

struct Tower {
  std::int64_t id = 0;
  crypto::PubKey pubkey{};
  std::vector<std::string> addresses;  // newest first
  TowerStatus status = TowerStatus::active;
  std::int64_t num_sessions = 0;
};

struct SessionRow {
  std::int64_t db_id = 0;
  util::Bytes id;
  std::int64_t tower_id = 0;
  crypto::PubKey tower_pubkey{};
  std::int64_t key_index = 0;
  SessionStatus status = SessionStatus::active;
  Policy policy;
  std::int64_t seqnum = 0;
  std::int64_t tower_last_applied = 0;
  util::Bytes reward_pkscript;
  std::int64_t num_pending = 0;  // committed, un-acked
  std::int64_t num_acked = 0;    // Σ acked ranges + rogue updates
  bool closable = false;
  bool exhausted() const { return seqnum >= policy.max_updates; }
};

struct CommittedUpdate {
  util::Bytes session_id;
  std::int64_t seqnum = 0;
  util::Bytes chan_id;
  std::int64_t commit_height = 0;
  util::Bytes hint;
  util::Bytes encrypted_blob;
};

struct ChannelRegistration {
  util::Bytes chan_id;
  util::Bytes sweep_pkscript;
  std::optional<std::int64_t> max_commit_height;
  std::optional<std::int64_t> closed_height;
};

// ---- towers ---------------------------------------------------------------

// CreateTower: a known pubkey becomes active and gains the address (kept
// once, newest first); an unknown one gets the next tower id.
[[nodiscard]] Result<Tower> add_tower(storage::Store& store, const codec::NodeAddress& address);

struct RemoveResult {
  bool deleted = false;
  std::optional<Tower> tower;  // when not deleted
};
// RemoveTower, as lncli presents it: an unknown tower is tower_not_found.
// With an address, removes it (last_tower_addr if it is the only one).
// Without, deletes a tower with no sessions; otherwise marks it inactive,
// failing with tower_unacked_updates if a session has committed updates.
[[nodiscard]] Result<RemoveResult> remove_tower(storage::Store& store, const crypto::PubKey& pubkey,
                                                const std::optional<codec::NetAddress>& address);

// DeactivateTower: tower_not_found if unknown; inactive stays inactive.
[[nodiscard]] Result<Tower> deactivate_tower(storage::Store& store, const crypto::PubKey& pubkey);

// Resolves TOWER: a decimal tower id or a hex pubkey; tower_not_found.
[[nodiscard]] Result<std::int64_t> resolve_tower(storage::Store& store, const std::string& tower);
[[nodiscard]] Result<Tower> load_tower(storage::Store& store, std::int64_t tower_id);

struct TowerFilter {
  std::optional<TowerStatus> status;
};
[[nodiscard]] Result<std::vector<Tower>> list_towers(storage::Store& store, const TowerFilter& filter);

// ---- sessions ------------------------------------------------------------

struct Reservation {
  std::int64_t tower_id;
  std::uint16_t blob_type;
  std::int64_t key_index;
};
// NextSessionKeyIndex: the existing reservation for (tower, blob type), or a
// new index from the global allocator (+1000 with force_next, which also
// replaces an existing reservation); exhausted_session_key_indexes past 2^31-1.
[[nodiscard]] Result<Reservation> reserve_key_index(storage::Store& store, std::int64_t tower_id, std::uint16_t blob_type,
                                                    bool force_next);

struct NewSession {
  util::Bytes id;  // 33-byte session key (validated by the caller)
  std::int64_t tower_id;
  std::int64_t key_index;
  Policy policy;
  util::Bytes reward_pkscript;
};
// CreateClientSession: client_session_already_exists, tower_not_found,
// no_reserved_key_index, incorrect_key_index; consumes the reservation.
[[nodiscard]] Result<SessionRow> create_session(storage::Store& store, const NewSession& session);

struct SessionFilter {
  std::optional<std::int64_t> tower_id;
  std::optional<SessionStatus> status;
  bool exclude_exhausted = false;  // drop exhausted sessions with no pending updates
};
// Visits matching sessions ordered by db id; stops at the first error.
[[nodiscard]] Result<void> for_each_session(storage::Store& store, const SessionFilter& filter,
                                            const std::function<Result<void>(const SessionRow&)>& visit);
[[nodiscard]] Result<SessionRow> get_session(storage::Store& store, const util::Bytes& session_id);
[[nodiscard]] Result<void> for_each_committed_update(
    storage::Store& store, std::int64_t session_db_id, const std::optional<util::Bytes>& chan_id,
    const std::function<Result<void>(const CommittedUpdate&)>& visit);

// TerminateSession: client_session_not_found, session_has_unacked_updates.
[[nodiscard]] Result<SessionRow> terminate_session(storage::Store& store, const util::Bytes& session_id);

struct ClosableSession {
  util::Bytes id;
  std::int64_t height;
};
[[nodiscard]] Result<std::vector<ClosableSession>> list_closable_sessions(storage::Store& store);

// DeleteSession: false when absent; session_not_closable when not closable.
[[nodiscard]] Result<bool> delete_session(storage::Store& store, const util::Bytes& session_id);

// ---- updates -------------------------------------------------------------

struct CommitResult {
  std::int64_t last_applied;
  bool already_committed;
};
// CommitUpdate: client_session_not_found, update_already_committed (same
// seqnum, other hint; the same hint is an idempotent success),
// commit_unordered_update, session_exhausted (seqnum past max_updates);
// raises the channel's max commitment height. As lnd, a channel with no
// registration is taken as closed: the update is committed, no height is
// recorded, and its ack counts as a rogue update.
[[nodiscard]] Result<CommitResult> commit_update(storage::Store& store, const CommittedUpdate& update);

// AckUpdate: client_session_not_found, unallocated_last_applied,
// last_applied_reversion, committed_update_not_found. Folds the height into
// the (session, channel) range index, or counts a rogue update when the
// channel is no longer registered.
[[nodiscard]] Result<SessionRow> ack_update(storage::Store& store, const util::Bytes& session_id, std::int64_t seqnum,
                                            std::int64_t last_applied);

struct AckedRange {
  std::int64_t start;
  std::int64_t end;
};
struct SessionAcks {
  util::Bytes session_id;
  std::vector<AckedRange> ranges;
};
// The range index of a registered channel (channel_not_registered).
[[nodiscard]] Result<std::vector<SessionAcks>> acked_ranges(storage::Store& store, const util::Bytes& chan_id,
                                                            const std::optional<util::Bytes>& session_id);

// ---- channels ------------------------------------------------------------

// RegisterChannel: channel_already_registered.
[[nodiscard]] Result<ChannelRegistration> register_channel(storage::Store& store, const util::Bytes& chan_id,
                                                           const util::Bytes& sweep_pkscript);
[[nodiscard]] Result<std::optional<ChannelRegistration>> find_registration(storage::Store& store, const util::Bytes& chan_id);
// FetchChanInfos (open registrations), or all with include_closed.
[[nodiscard]] Result<std::vector<ChannelRegistration>> list_registrations(storage::Store& store, bool include_closed);

struct MarkClosedResult {
  bool deleted;  // the channel had no sessions: its registration is gone
  std::vector<util::Bytes> closable_sessions;
};
// MarkChannelClosed: channel_not_registered; evaluates every session with
// acked updates for the channel and records the closable ones.
[[nodiscard]] Result<MarkClosedResult> mark_channel_closed(storage::Store& store, const util::Bytes& chan_id, std::int64_t height);

// ---- stats ---------------------------------------------------------------

// What `lncli wtclient stats` reports, from the database, so it survives
// restarts: acknowledged backups (acked heights and rogue updates), pending
// (committed, un-acked) backups, sessions acquired and exhausted. lnd's
// num_failed_backups counts failures of a running client that no database
// records: it is unknown here (null).
struct Stats {
  std::int64_t num_backups = 0;
  std::int64_t num_pending_backups = 0;
  std::int64_t num_sessions_acquired = 0;
  std::int64_t num_sessions_exhausted = 0;
};
struct TowerStats {
  Tower tower;
  Stats stats;
};
struct StatsReport {
  Stats total;
  std::optional<std::vector<TowerStats>> per_tower;  // with `per_tower`, every tower in id order
};
[[nodiscard]] Result<StatsReport> stats(storage::Store& store, bool per_tower);
// {"num_backups", "num_pending_backups", "num_failed_backups": null,
//  "num_sessions_acquired", "num_sessions_exhausted", "towers": [{"id", "pubkey", "status", ...the same}]|null}
nlohmann::ordered_json to_json(const StatsReport& report);

// ---- JSON (SPEC section 4) -----------------------------------------------

nlohmann::ordered_json to_json(const Tower& tower, const std::optional<nlohmann::ordered_json>& sessions);
// committed_updates stays null unless `updates` is given.
nlohmann::ordered_json to_json(const SessionRow& session, const std::optional<nlohmann::ordered_json>& updates);
nlohmann::ordered_json to_json(const CommittedUpdate& update, bool with_session);
nlohmann::ordered_json to_json(const ChannelRegistration& registration);

// Sessions matching `filter` as a JSON array (committed updates included
// when `with_updates`). For large listings prefer for_each_session.
[[nodiscard]] Result<nlohmann::ordered_json> sessions_json(storage::Store& store, const SessionFilter& filter, bool with_updates);

}  // namespace lnstore::wtclient
