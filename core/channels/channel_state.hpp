// Channel state: lnd's channeldb open channels as lnstore stores them, the
// channel document (SPEC section 5) that `channel open` reads and `channel
// show` prints, and the close/resolve life cycle. Functions run inside the
// caller's transaction.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/codec/chan_point.hpp"
#include "core/codec/channel_type.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/codec/key_locator.hpp"
#include "core/crypto/pubkey.hpp"
#include "core/channels/peer_store.hpp"
#include "core/storage/db_admin.hpp"
#include "core/storage/store.hpp"

namespace lnstore::channels {

using Json = nlohmann::ordered_json;

// The five basepoints, in this order everywhere.
using codec::k_key_purposes;
using codec::ChannelType;
using codec::CloseType;

// Where a channel is in its life: open; waiting_close after a local force
// close until `channel resolve`; closed; restored from a static channel
// backup (no state, to be closed by the peer).
enum class ChannelStatus : std::uint8_t { open, waiting_close, closed, restored };
inline constexpr std::array<std::string_view, 4> k_channel_status_names = {"open", "waiting_close", "closed", "restored"};
std::string_view to_string(ChannelStatus status);
std::optional<ChannelStatus> parse_channel_status(std::string_view name);

using KeyDescriptor = codec::KeyDescriptor;

// A close: what `channel close` asks for, and what a waiting_close channel
// holds until it is resolved.
struct ChannelClose {
  CloseType type = CloseType::cooperative;
  std::optional<util::Bytes> closing_txid;  // wire order
  std::int64_t height = 0;
  std::int64_t settled_sat = 0;
  std::int64_t time_locked_sat = 0;
};

struct Channel {
  std::int64_t id = 0;  // row id, 0 before insertion
  codec::ChanPoint chan_point;
  codec::ChanId chan_id{};
  codec::ShortChannelId short_channel_id;
  crypto::PubKey peer{};
  bool is_initiator = false;
  ChannelType type = ChannelType::anchors;
  ChannelStatus status = ChannelStatus::open;
  std::int64_t capacity_sat = 0;
  std::int64_t local_balance_msat = 0;
  std::int64_t remote_balance_msat = 0;
  std::int64_t fee_per_kw = 0;
  std::int64_t num_updates = 0;
  std::int64_t total_sent_msat = 0;
  std::int64_t total_received_msat = 0;
  std::int64_t total_fees_msat = 0;
  std::int64_t local_csv_delay = 0;
  std::int64_t remote_csv_delay = 0;
  std::array<KeyDescriptor, 5> local_keys;
  std::array<crypto::PubKey, 5> remote_keys{};
  KeyDescriptor shachain_root;
  std::optional<std::int64_t> lease_expiry;
  std::optional<util::Bytes> funding_tx;
  std::optional<util::Bytes> local_commit_tx;
  std::optional<util::Bytes> remote_commit_sig;
  std::optional<util::Bytes> tapscript_root;
  std::optional<util::Bytes> local_delivery_script;
  std::optional<util::Bytes> remote_delivery_script;
  std::string created_at;
  std::optional<ChannelClose> pending_close;  // waiting_close only
};

struct ChannelDocument {
  Channel channel;
  std::vector<std::string> peer_addresses;  // host:port, validated
};

// Checks a channel as a whole, whoever built it (a channel document, lnd's
// channel.db, a static channel backup): every number in its range, byte
// strings non-empty and within their size, keys on the curve, local keys
// with a locator, the lease expiry and tapscript root present for their
// types and only there, created_at RFC 3339, balances within capacity, and
// the funding transaction, local commitment and remote signature consistent
// with the channel point and type. Fails with malformed "bad_field" (naming
// the field), "missing_field" or "balance_exceeds_capacity".
[[nodiscard]] Result<void> validate(const Channel& channel);

// Parses a whole channel document, then validate(): every field checked, the
// document refused as a whole (malformed, naming the field) on any error.
// Output-only fields (chan_id, tower_registration) are checked or ignored.
[[nodiscard]] Result<ChannelDocument> parse_channel_document(const Json& doc);

// Applies a state update document (balances, num_updates, fee_per_kw,
// totals, local_commit_tx, remote_commit_sig, delivery scripts) to `channel`,
// then validate(); num_updates never decreases.
[[nodiscard]] Result<void> apply_update_document(Channel& channel, const Json& update);

// Inserts a channel (channel_already_exists when its channel point or
// channel id is known) and its peer addresses; `at_cap` says what happens
// when they would take the peer past codec::k_max_node_addresses
// (peer_store.hpp): `channel open` refuses, imports and restores of lnd's
// data keep the newest.
[[nodiscard]] Result<Channel> insert_channel(storage::Store& store, const ChannelDocument& doc, AtCap at_cap = AtCap::refuse);
[[nodiscard]] Result<std::optional<Channel>> find_channel(storage::Store& store, const codec::ChanPoint& point);
[[nodiscard]] Result<Channel> load_channel(storage::Store& store, const codec::ChanPoint& point);  // channel_not_found
// Writes the mutable state columns of an existing channel.
[[nodiscard]] Result<void> save_state(storage::Store& store, const Channel& channel);

// Writes everything an lnd import may bring up to date on an existing
// channel: the state columns of save_state, the short channel id, the
// status (open, waiting_close or restored; never closed, see
// close_with_summary), funding tx, lease expiry and tapscript root.
[[nodiscard]] Result<void> save_synced(storage::Store& store, const Channel& channel);

// Records a close that already happened (lnd's close summary) for an open,
// waiting_close or restored channel: status closed and its summary, without
// the checks of close_channel (lnd's own numbers are kept as they are).
[[nodiscard]] Result<void> close_with_summary(storage::Store& store, const Channel& channel, const ChannelClose& summary);

struct ChannelFilter {
  std::optional<ChannelStatus> status;
  std::optional<crypto::PubKey> peer;
};
[[nodiscard]] Result<std::vector<Channel>> list_channels(storage::Store& store, const ChannelFilter& filter);
// `db check`'s model invariants of the channel state that SQL cannot
// express: every channel reads back (a damaged row is a finding) and passes
// validate() as a whole, and every stored peer address parses. Findings,
// not errors: the Result fails only when the reads cannot run.
[[nodiscard]] Result<std::vector<storage::CheckProblem>> audit_channels(storage::Store& store);

// The channel points of every channel that is not closed (open,
// waiting_close, restored: what a static channel backup holds), by row id.
// One small query: --backup-file takes it before every change.
[[nodiscard]] Result<std::vector<codec::ChanPoint>> unclosed_chan_points(storage::Store& store);

// Closes an open or restored channel (channel_not_open otherwise) and
// returns it. A local force close waits (waiting_close) until resolve; every
// other type closes at once. The watchtower client's registration is not
// touched here: ops::close_channel joins the two.
[[nodiscard]] Result<Channel> close_channel(storage::Store& store, const codec::ChanPoint& point, const ChannelClose& request);
// A waiting_close channel is fully resolved (channel_not_waiting_close).
[[nodiscard]] Result<Channel> resolve_channel(storage::Store& store, const codec::ChanPoint& point);

// A channel's watchtower-client registration as its document shows it
// (core/ops reads it from wtclient).
struct TowerRegistration {
  util::Bytes sweep_pkscript;
  std::optional<std::int64_t> max_commit_height;
  std::optional<std::int64_t> closed_height;
};

// The channel document of SPEC section 5 (peer addresses read from the
// store; "tower_registration" null without `tower_registration`).
[[nodiscard]] Result<Json> channel_json(storage::Store& store, const Channel& channel,
                                        const std::optional<TowerRegistration>& tower_registration);
[[nodiscard]] Result<Json> closed_channels_json(storage::Store& store, const std::optional<CloseType>& close_type);
// Totals over open channels with SQL aggregates; per peer with by_peer.
[[nodiscard]] Result<Json> channel_stats(storage::Store& store, bool by_peer);

// Revocation secrets (BOLT 3 compact store), by commitment number.
[[nodiscard]] Result<Json> store_revocation_secret(storage::Store& store, const codec::ChanPoint& point, std::uint64_t commitment,
                                                   const std::string& secret_hex);
[[nodiscard]] Result<Json> derive_revocation_secret(storage::Store& store, const codec::ChanPoint& point, std::uint64_t commitment);

}  // namespace lnstore::channels
