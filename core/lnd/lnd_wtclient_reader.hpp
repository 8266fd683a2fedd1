// Decoding lnd's watchtower-client database (wtclient.db, DB version 8)
// from any KvSource (a bbolt file, or lnd's kv table in SQLite or
// PostgreSQL) into plain structs, for an importer (spec/wtclient-model.md
// Part A, spec/lnd-import.md section 3). Nothing here touches SQLite.
//
// Every record is decoded strictly: integers big-endian, BigSize and
// CompactSize minimal, no bytes left over, tower keys on the curve, and every
// failure names the bucket path, the key and the field. Cross-references
// (a session's tower, a channel's sessions) are reported as stored, not
// checked: lnd itself leaves some dangling (wtclient-model.md A.6).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/codec/lnd_net_address.hpp"
#include "core/lnd/bbolt_file.hpp"
#include "core/lnd/kv_bucket.hpp"
#include "core/lnd/lnd_source.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::lnd {

inline constexpr std::uint32_t k_lnd_wtclient_version = 8;
// lnd's ReadVarBytes cap for []byte fields.
inline constexpr std::uint64_t k_lnd_max_var_bytes = 66000;

// Reads one address from the front of `in` and advances `in` past it.
// Fails with corrupt_source naming `field` on truncation or an unknown type.
[[nodiscard]] Result<codec::NetAddress> read_lnd_net_address(std::span<const std::uint8_t>& in, std::string_view field);

// A BigSize (lnd TLV varint) that must fill `bytes` exactly and be minimal.
// Fails with corrupt_source naming `field`.
[[nodiscard]] Result<std::uint64_t> decode_lnd_bigsize(std::span<const std::uint8_t> bytes, std::string_view field);

enum class LndTowerStatus : std::uint8_t { active = 0, inactive = 1 };

struct LndTower {
  std::uint64_t id = 0;
  util::Bytes pubkey;                          // 33-byte compressed, on the curve
  std::vector<codec::NetAddress> addresses;  // stored order: newest first
  LndTowerStatus status = LndTowerStatus::active;
  bool has_status_record = false;  // false: a record from before lnd v0.18 (decodes as active)
};

// Decodes a client-tower-bucket value: pubkey, u32 address count, addresses,
// TLV stream (type 0 = status u8). Fails with corrupt_source on truncation,
// trailing bytes, an invalid pubkey or a bad TLV stream, and with
// lnd_wtclient_unsupported on an unknown status value.
[[nodiscard]] Result<LndTower> decode_lnd_tower(std::uint64_t id, std::span<const std::uint8_t> value);

struct LndPolicy {
  std::uint16_t blob_type = 0;
  std::uint16_t max_updates = 0;
  std::uint32_t reward_base = 0;
  std::uint32_t reward_rate = 0;
  std::uint64_t sweep_fee_rate = 0;  // sat/kw
};

enum class LndSessionStatus : std::uint8_t { active = 0, terminal = 1 };

struct LndSessionBody {
  std::uint16_t seqnum = 0;  // last allocated seqnum
  std::uint16_t tower_last_applied = 0;
  std::uint64_t tower_id = 0;
  std::uint32_t key_index = 0;
  LndSessionStatus status = LndSessionStatus::active;
  LndPolicy policy;
  util::Bytes reward_pkscript;
};

// Decodes a client-session-body value (37 fixed bytes + varbytes). Fails
// with corrupt_source on truncation or trailing bytes, and with
// lnd_wtclient_unsupported on an unknown status value.
[[nodiscard]] Result<LndSessionBody> decode_lnd_session_body(std::span<const std::uint8_t> value);

struct LndCommittedUpdate {
  std::uint16_t seqnum = 0;
  util::Bytes chan_id;  // 32 bytes
  std::uint64_t commit_height = 0;
  util::Bytes hint;  // 16 bytes
  util::Bytes encrypted_blob;
};

// Decodes a client-session-commits value for `seqnum` (the key). Fails with
// corrupt_source on truncation or trailing bytes.
[[nodiscard]] Result<LndCommittedUpdate> decode_lnd_committed_update(std::uint16_t seqnum,
                                                                     std::span<const std::uint8_t> value);

// An inclusive range of acked commitment heights.
struct LndAckedRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;
};

struct LndSessionChannelRanges {
  std::uint64_t db_chan_id = 0;
  std::vector<LndAckedRange> ranges;  // ascending, non-overlapping
};

struct LndSession {
  util::Bytes id;  // 33-byte session id
  std::uint64_t db_id = 0;
  LndSessionBody body;
  std::vector<LndCommittedUpdate> committed_updates;  // by seqnum
  std::vector<LndSessionChannelRanges> acked_ranges;  // by db chan id
  std::optional<std::uint64_t> rogue_count;           // key absent: nullopt
};

struct LndWtChannel {
  util::Bytes chan_id;  // 32 bytes
  std::uint64_t db_id = 0;
  util::Bytes sweep_pkscript;
  std::optional<std::uint32_t> closed_height;
  std::optional<std::uint64_t> max_height;
  std::vector<std::uint64_t> session_db_ids;  // sessions with acked updates for it
};

// An entry of client-channel-id-index (db id -> 32-byte chan id) or
// client-session-id-index (db id -> 33-byte session id).
struct LndDbIdEntry {
  std::uint64_t db_id = 0;
  util::Bytes key;
};

struct LndTowerIndexEntry {
  util::Bytes pubkey;
  std::uint64_t tower_id = 0;
};

struct LndTowerSessions {
  std::uint64_t tower_id = 0;
  std::vector<util::Bytes> session_ids;
};

struct LndClosableSession {
  std::uint64_t db_id = 0;
  std::uint32_t height = 0;  // 0: closable through rogue updates
};

// A client-session-key-index-bucket reservation. lnd's current key is 6
// bytes: the leading 4 bytes of the 8-byte big-endian tower id (so 0 for
// every tower id below 2^32) then the blob type; before lnd v0.12 it was the
// 8-byte tower id alone, for blob type AltruistCommit (0x0002).
struct LndKeyIndexReservation {
  util::Bytes key;  // raw key
  bool legacy = false;
  std::uint64_t tower_id_field = 0;  // legacy: the tower id; else the 4 key bytes (tower id >> 32)
  std::uint16_t blob_type = 0;
  std::uint32_t key_index = 0;
};

struct LndQueuedBackup {
  std::uint64_t index = 0;
  util::Bytes chan_id;  // 32 bytes
  std::uint64_t commit_height = 0;
};

struct LndDiskQueue {
  std::optional<std::uint64_t> oldest_index;
  std::optional<std::uint64_t> next_index;
  std::vector<LndQueuedBackup> items;  // by index
};

// A client's disk overflow task queue: top-level bucket <client> =>
// client-task-queue => queue-main / queue-head (pops drain head first).
struct LndTaskQueue {
  std::string client;  // e.g. "legacy", "anchor", "taproot", "taproot-final"
  LndDiskQueue main;
  LndDiskQueue head;
};

// The allocators, i.e. the top-level bucket sequences lnd draws ids from.
struct LndWtclientSequences {
  std::uint64_t tower_id = 0;           // client-tower-index-bucket
  std::uint64_t channel_db_id = 0;      // client-channel-id-index
  std::uint64_t session_db_id = 0;      // client-session-id-index
  std::uint64_t session_key_index = 0;  // client-session-key-index-bucket
};

struct LndWtclientDb {
  std::uint32_t version = 0;
  std::vector<LndTower> towers;                                // by tower id
  std::vector<LndTowerIndexEntry> tower_index;                 // by pubkey
  std::vector<LndTowerSessions> tower_sessions;                // by tower id
  std::vector<LndSession> sessions;                            // by session id
  std::vector<LndDbIdEntry> session_id_index;                  // by db id
  std::vector<LndWtChannel> channels;                          // by chan id (channels with details)
  std::vector<LndDbIdEntry> channel_id_index;                  // by db id (may name pruned channels)
  std::vector<LndClosableSession> closable_sessions;           // by db id
  std::vector<LndKeyIndexReservation> key_index_reservations;  // by key
  std::vector<LndTaskQueue> task_queues;                       // by client name
  LndWtclientSequences sequences;
  // Sequence of every top-level bucket, by its name (raw bytes: may not be
  // UTF-8 if the file has foreign buckets; hex it before printing).
  std::map<std::string, std::uint64_t> bucket_sequences;
  // Entries this decoder does not know, skipped (worth a warning: a newer
  // lnd may have added them). Paths join keys with '/': lnd's fixed bucket
  // and key names as text, other keys (and unknown top-level names) in hex.
  std::vector<std::string> unknown_entries;
};

// Decodes a whole wtclient.db. Fails with incompatible
// "lnd_wtclient_too_old" for version < 8 ("start lnd once to migrate it"),
// "lnd_wtclient_unsupported" for version > 8 or an unknown enum value, and
// "corrupt_source" (naming bucket path, key and field) when metadata is
// missing, a current top-level bucket is missing, an entry has the wrong
// kind (value where a bucket belongs or the reverse) or a record does not
// decode, and "lnd_wtclient_tombstoned" when lndinit's migrate-db marked the
// file as copied to SQL (like a tombstoned channel.db: its content is
// stale). Nothing is returned on failure. `progress` (when set) hears of
// every page read and session decoded.
[[nodiscard]] Result<LndWtclientDb> read_lnd_wtclient(const KvSource& source, const LndProgress& progress = {});
// The same over a bbolt file (or image) already open.
[[nodiscard]] Result<LndWtclientDb> read_lnd_wtclient(const BoltDb& db, const LndProgress& progress = {});

// open_lnd_source(path, options) then read_lnd_wtclient; errors as both,
// with "path" in the details.
[[nodiscard]] Result<LndWtclientDb> read_lnd_wtclient_file(const std::filesystem::path& path,
                                                           const LndReadOptions& options = {});

}  // namespace lnstore::lnd
