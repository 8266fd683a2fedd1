// Decoding lnd's channel.db (channeldb, DB versions 20..35) from any
// KvSource (a bbolt file, or lnd's kv table in SQLite or PostgreSQL)
// into plain structs for an importer: the open channels with everything a
// channel document and a static channel backup need, the peers with their
// addresses, and the close summaries (spec/lnd-import.md section 2). Nothing
// here touches SQLite or lnstore's domain: core/import maps these records
// to channels.
//
// Every record is decoded strictly: integers big-endian, BigSize and
// CompactSize minimal, every length within the value, public keys on the
// curve, TLV types strictly increasing, no bytes left over. Failures are
// exit class incompatible, code "corrupt_source", and name the bucket path
// (details "db_path"), the key and the field. The producer root of legacy
// channels (a secret) is only turned into its public key, never returned.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/lnd/bbolt_file.hpp"
#include "core/lnd/kv_bucket.hpp"
#include "core/codec/chan_point.hpp"
#include "core/codec/channel_type.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/codec/key_locator.hpp"
#include "core/lnd/lnd_source.hpp"
#include "core/lnd/lnd_wtclient_reader.hpp"
#include "core/codec/network.hpp"
#include "core/crypto/pubkey.hpp"

namespace lnstore::lnd {

// Oldest DB version whose layout this reader knows (lnd v0.12).
inline constexpr std::uint32_t k_lnd_channeldb_min_version = 20;
// Latest version of lnd v0.21 / master. Newer versions are read with a
// warning: lnd has added chan-info fields as optional TLV records since v26.
inline constexpr std::uint32_t k_lnd_channeldb_latest_version = 35;
// The version lnd assumes when `metadata` has no `dbp` key (a known lnd
// init-order regression; lnd master recovers the same way).
inline constexpr std::uint32_t k_lnd_channeldb_missing_version = 33;

using LndChainHash = std::array<std::uint8_t, 32>;  // internal byte order, as stored

// keychain.KeyDescriptor as channeldb stores it. Local keys carry a locator
// and a pubkey; remote keys carry locator {0, 0} and the pubkey.
struct LndKeyDescriptor {
  codec::KeyLocator locator;
  std::optional<crypto::PubKey> pubkey;
};

// channeldb.ChannelConfig. `keys` are in codec::k_key_purposes order:
// multisig, revocation_base, payment_base, delay_base, htlc_base.
struct LndChannelConfig {
  std::uint64_t dust_limit_sat = 0;
  std::uint64_t max_pending_msat = 0;
  std::uint64_t chan_reserve_sat = 0;
  std::uint64_t min_htlc_msat = 0;
  std::uint16_t max_accepted_htlcs = 0;
  std::uint16_t csv_delay = 0;
  std::array<LndKeyDescriptor, 5> keys;
};

// The `chan-info-key` value (spec/lnd-import.md 2.4).
struct LndChanInfo {
  std::uint64_t chan_type = 0;  // ChannelType bits (2.7)
  LndChainHash chain_hash{};
  codec::ChanPoint funding_outpoint;
  std::uint64_t short_channel_id = 0;  // as stored (an alias for zero-conf channels)
  bool is_pending = false;
  bool is_initiator = false;
  std::uint64_t status = 0;  // ChannelStatus bits (2.7)
  std::uint32_t funding_broadcast_height = 0;
  std::uint16_t num_confs_required = 0;
  std::uint8_t channel_flags = 0;
  crypto::PubKey identity_pub{};
  std::uint64_t capacity_sat = 0;
  std::uint64_t total_msat_sent = 0;
  std::uint64_t total_msat_received = 0;
  std::optional<util::Bytes> funding_tx;  // stored only when lnd's fundingTxPresent() holds
  LndChannelConfig local_config;
  LndChannelConfig remote_config;
  // TLV stream; each record is optional.
  std::optional<codec::KeyLocator> revocation_key_locator;            // type 1
  std::optional<std::uint64_t> initial_local_balance_msat;     // type 2
  std::optional<std::uint64_t> initial_remote_balance_msat;    // type 3
  std::optional<std::uint64_t> real_scid;                      // type 4 (0: not confirmed yet)
  std::optional<util::Bytes> memo;                                   // type 5
  std::optional<std::array<std::uint8_t, 32>> tapscript_root;  // type 6
  std::optional<util::Bytes> custom_blob;                            // type 7
  std::optional<std::uint32_t> confirmation_height;            // type 8
  std::optional<std::uint32_t> close_confirmation_height;      // type 9
  std::vector<std::uint64_t> unknown_tlv_types;                // skipped, as lnd skips them
};

// Decodes a chan-info-key value written at DB version `db_version` (version
// 25 has two extra fixed fields and is refused by read_lnd_channeldb, but
// decodes here). Fails with corrupt_source naming the field on truncation,
// an invalid public key, an oversized or non-canonical length, a malformed
// transaction, a bad TLV stream or trailing bytes.
[[nodiscard]] Result<LndChanInfo> decode_lnd_chan_info(std::span<const std::uint8_t> value, std::uint32_t db_version);

// A `chan-commitment-key` value (2.5).
struct LndCommitment {
  std::uint64_t commit_height = 0;
  std::uint64_t local_log_index = 0;
  std::uint64_t local_htlc_index = 0;
  std::uint64_t remote_log_index = 0;
  std::uint64_t remote_htlc_index = 0;
  std::uint64_t local_balance_msat = 0;
  std::uint64_t remote_balance_msat = 0;
  std::uint64_t commit_fee_sat = 0;
  std::uint64_t fee_per_kw = 0;
  util::Bytes commit_tx;   // serialized as stored (unsigned)
  util::Bytes commit_sig;  // for the local commitment: the remote party's signature over it
  std::size_t num_htlcs = 0;
};

// Decodes a commitment value, HTLCs and the trailing TLV stream included
// (their contents are only checked, not returned). Fails with corrupt_source
// naming the field, as decode_lnd_chan_info.
[[nodiscard]] Result<LndCommitment> decode_lnd_commitment(std::span<const std::uint8_t> value);

// The `revocation-state-key` value (2.6) without its secret: the producer
// root is read only to compute `producer_pubkey` (the root used as a private
// key, reduced mod n: a legacy channel's shachain root pubkey), then wiped.
struct LndRevocationState {
  crypto::PubKey remote_current_revocation{};
  crypto::PubKey producer_pubkey{};
  std::size_t store_entries = 0;  // received per-commitment secrets kept (<= 49)
  std::uint64_t store_index = 0;
  std::optional<crypto::PubKey> remote_next_revocation;
};

// Fails with corrupt_source on truncation, an invalid point, a store with
// more than 49 entries, trailing bytes, or a producer root that is zero mod
// n; with exit internal if secp256k1 fails.
[[nodiscard]] Result<LndRevocationState> decode_lnd_revocation_state(std::span<const std::uint8_t> value);

// A `nib` (link node) value: the peers lnd keeps addresses for.
struct LndLinkNode {
  std::uint32_t network = 0;  // wire.BitcoinNet; lnd writes mainnet's whatever the network
  crypto::PubKey pubkey{};
  std::uint64_t last_seen = 0;  // unix seconds
  std::vector<codec::NetAddress> addresses;
};

// Fails with corrupt_source on truncation, an invalid pubkey, an unknown
// address type or trailing bytes.
[[nodiscard]] Result<LndLinkNode> decode_lnd_link_node(std::span<const std::uint8_t> value);

// A `graph-node` value (2.10); the announcement fields only when
// has_announcement.
struct LndGraphNode {
  std::uint64_t last_update = 0;  // unix seconds
  crypto::PubKey pubkey{};
  bool has_announcement = false;
  std::array<std::uint8_t, 3> color{};
  std::string alias;  // raw bytes as announced (may not be UTF-8)
  util::Bytes features;
  std::vector<codec::NetAddress> addresses;
};

// Fails with corrupt_source on truncation, an invalid pubkey, a
// has-announcement flag other than 0 or 1, a bad address or trailing bytes.
[[nodiscard]] Result<LndGraphNode> decode_lnd_graph_node(std::span<const std::uint8_t> value);

// A `closed-chan-bucket` value (ChannelCloseSummary). Only the summary
// fields are returned; the optional tail (revocation points, local config,
// last channel_reestablish) is checked.
struct LndClosedChannel {
  codec::ChanPoint chan_point;
  codec::ShortChannelId short_channel_id;
  LndChainHash chain_hash{};
  codec::Txid closing_txid{};  // internal (wire) order
  std::uint32_t close_height = 0;
  crypto::PubKey peer{};
  std::uint64_t capacity_sat = 0;
  std::uint64_t settled_sat = 0;
  std::uint64_t time_locked_sat = 0;
  codec::CloseType close_type = codec::CloseType::cooperative;  // lnd_close_type() of lnd's ClosureType byte
  bool is_pending = false;
};

// lnd's ClosureType codes (channeldb/channel.go; chanstate/close_summary.go
// on master), which are not in lnstore's CloseType order: 0 cooperative,
// 1 local force, 2 breach, 3 funding canceled, 4 remote force, 5 abandoned.
// nullopt for any other code (a newer lnd's).
std::optional<codec::CloseType> lnd_close_type(std::uint8_t lnd_code);

// Fails with corrupt_source on truncation, an invalid pubkey or trailing
// bytes, and with lnd_channeldb_unsupported for a close type above 5.
[[nodiscard]] Result<LndClosedChannel> decode_lnd_close_summary(std::span<const std::uint8_t> value);

// The channel type of lnd ChannelType bits, in lnd's SCB version order (TaprootFinal, SimpleTaproot with/without TapscriptRoot,
// LeaseExpiration, ZeroHtlcTxFee, AnchorOutputs, Tweakless, else legacy).
// Fails with lnd_channeldb_unsupported when a bit above TaprootFinal (1<<12)
// is set: a newer lnd's type may need another backup format.
[[nodiscard]] Result<codec::ChannelType> lnd_channel_type(std::uint64_t chan_type);

// Names of the ChannelStatus bits set, lowest first: borked,
// commit_broadcasted, local_data_loss, restored, coop_broadcasted,
// local_close_initiator, remote_close_initiator; "bit_N" for others.
std::vector<std::string> lnd_channel_status_names(std::uint64_t status);

// One channel of open-chan-bucket, as lnd's FetchAllChannels reads it.
struct LndOpenChannel {
  crypto::PubKey node_key{};  // the node bucket's key (== info.identity_pub)
  LndChanInfo info;
  codec::ChannelType type = codec::ChannelType::legacy;  // lnd_channel_type(info.chan_type)
  std::vector<std::string> status_flags;  // lnd_channel_status_names(info.status)
  std::optional<codec::Network> network;         // from info.chain_hash, when known
  // The short channel id lnd puts in a backup: the stored one with the
  // funding broadcast height when its height is 0; for zero-conf channels
  // the real SCID (TLV 4) once confirmed, else (broadcast height, 0, 0).
  codec::ShortChannelId backup_short_channel_id;
  // Absent only for restored channels (status bit restored), which have no
  // commitments.
  std::optional<LndCommitment> local_commitment;
  std::optional<LndRevocationState> revocation_state;  // absent only for restored channels
  // The backup's shachain root descriptor: locator {5, index} alone when
  // TLV 1 names family 5; otherwise (legacy) locator {5, 0} with the
  // producer root's pubkey. Empty if a restored legacy channel has no
  // revocation state.
  codec::KeyDescriptor shachain_root;
  std::optional<std::uint32_t> thaw_height;     // frozen-chans; present for frozen and lease channels
  std::optional<util::Bytes> local_delivery_script;   // local-upfront-shutdown-key
  std::optional<util::Bytes> remote_delivery_script;  // remote-upfront-shutdown-key
  std::optional<std::uint8_t> outpoint_status;  // outpoint-bucket: 0 open, 1 closed; nullopt if no entry
  // lnd's SCB address set: link-node addresses and announced graph
  // addresses, de-duplicated by text, sorted (lnd's own order is random).
  std::vector<codec::NetAddress> peer_addresses;
};

// A channel in open-chan-bucket that lnd would not back up
// (spec/lnd-import.md 2.9), reported instead of dropped.
struct LndSkippedChannel {
  codec::ChanPoint chan_point;
  crypto::PubKey peer{};
  // "closed_in_outpoint_index": outpoint-bucket marks it closed (not decoded,
  // lnd does not read it either); "no_link_node": its peer has no `nib`
  // entry (decoded, in `channel`).
  std::string reason;
  std::optional<LndOpenChannel> channel;
};

struct LndPeer {
  crypto::PubKey pubkey{};
  std::optional<LndLinkNode> link_node;
  std::vector<codec::NetAddress> graph_addresses;  // announced, from graph-node (empty when unknown)
  std::optional<std::string> alias;            // from graph-node, when announced
};

struct LndChannelDb {
  std::uint32_t db_version = 0;
  bool db_version_assumed = false;            // metadata had no dbp (version 33 assumed, as lnd)
  std::vector<std::string> warnings;          // worth logging (newer version, assumed version)
  std::optional<crypto::PubKey> own_node;             // graph-node/source
  std::vector<LndOpenChannel> open_channels;  // node key, chain hash, chan point order
  std::vector<LndSkippedChannel> skipped;
  // Every link node, plus every channel peer without one; by pubkey.
  std::vector<LndPeer> peers;
  std::vector<LndClosedChannel> closed_channels;  // closed-chan-bucket, by chan point key
  // Entries lnd's scanners skip in the channel tree (values where buckets
  // belong, node keys not 33 bytes long), as bucket paths in hex.
  std::vector<std::string> unknown_entries;
};

// Decodes a whole channel.db. Fails with incompatible
// "lnd_channeldb_tombstoned" when the file carries lndinit's migration
// tombstone (its content moved to SQL and is stale), "lnd_channeldb_unsupported"
// for a version below 20, version 25 (an intermediate layout no release
// stops at), an unknown channel type bit or an unknown enum value, and
// "corrupt_source" (naming bucket path, key and field) when `metadata` is
// missing, an entry has the wrong kind, a channel bucket lacks a required
// key (chan-info, local commitment and revocation state unless restored,
// frozen-chans for frozen/lease channels), its keys disagree with chan-info
// (chan point, peer, chain) or a record does not decode. Nothing is returned
// on failure. Reads only the buckets it decodes (metadata, nib,
// outpoint-bucket, open-chan-bucket down to each channel's own keys, never
// its revocation log, graph-node lookups, closed-chan-bucket). `progress`
// (when set) hears of every page read and channel decoded.
[[nodiscard]] Result<LndChannelDb> read_lnd_channeldb(const KvSource& source, const LndProgress& progress = {});
// The same over a bbolt file (or image) already open.
[[nodiscard]] Result<LndChannelDb> read_lnd_channeldb(const BoltDb& db, const LndProgress& progress = {});

// open_lnd_source(path, options) then read_lnd_channeldb; errors as both,
// with "path" in the details.
[[nodiscard]] Result<LndChannelDb> read_lnd_channeldb_file(const std::filesystem::path& path,
                                                           const LndReadOptions& options = {});

}  // namespace lnstore::lnd
