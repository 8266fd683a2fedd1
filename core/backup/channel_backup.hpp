// Static channel backups of the channels in the store, in lnd's exact
// channel.backup format, and the file procedure lnd's sub-swapper follows,
// made safer (SPEC section 7).
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/channels/channel_state.hpp"
#include "core/util/error.hpp"
#include "core/codec/network.hpp"
#include "core/backup/scb_multi.hpp"
#include "core/backup/scb_single.hpp"
#include "core/storage/store.hpp"

namespace lnstore::backup {

using Json = nlohmann::ordered_json;

// The Single lnd would write for `channel` (its peer addresses read from the
// store). With `close_tx`, the latest local commitment and the remote
// signature are included when the channel has both (the 0x80 tail).
// A Single's address list holds at most 65,535 bytes: it carries the
// peer's newest addresses that fit, and each address left out is said in
// one line of `warnings` (when given), so a backup is never made
// impossible by a long address list (lnstore keeps at most
// codec::k_max_node_addresses per peer, which always fit; a database
// written before that bound may hold more).
[[nodiscard]] Result<ScbSingle> single_from_channel(storage::Store& store, const channels::Channel& channel, codec::Network network,
                                                    bool close_tx, std::vector<std::string>* warnings = nullptr);

// Every channel a backup holds: open, waiting_close and restored, in order.
[[nodiscard]] Result<std::vector<ScbSingle>> current_singles(storage::Store& store, codec::Network network, bool close_tx,
                                                             std::vector<std::string>* warnings = nullptr);

// The channel a Single restores (status "restored"; balances unknown, 0).
[[nodiscard]] Result<channels::ChannelDocument> channel_from_single(const ScbSingle& single);

// Reads and decrypts a backup file: a Multi, or with `single` one packed
// Single. io errors for a missing file; auth ("backup_auth_failed") when it
// does not decrypt with `key`; malformed ("bad_backup") when it decrypts but
// does not parse.
[[nodiscard]] Result<ScbMulti> read_backup_file(const std::filesystem::path& path, std::span<const std::uint8_t> key,
                                                bool single);

struct WriteOptions {
  bool close_tx = true;
  bool archive = true;  // copy the previous file into chan-backup-archives/
  // Channels of the store the file also holds when the store has closed
  // them: the channels backed up before the change about to be committed
  // (channels::unclosed_chan_points taken in the same transaction before
  // the change), so the file written before the commit holds the union of
  // both states and is never behind the committed database, whichever of
  // the two it is.
  std::vector<codec::ChanPoint> also_keep;
};
struct WriteResult {
  std::vector<std::string> chan_points;
  bool changed = false;  // false when the content was already current (file untouched)
  std::vector<std::string> warnings;  // peer addresses left out (single_from_channel)
  // The file holds a channel of `also_keep` that the store has closed: once
  // the change committed, finish_backup_file drops it.
  bool transitional = false;
};

// Rewrites `path` with the store's channels (and WriteOptions::also_keep),
// keeping on-disk entries the store does not know; refuses (auth/malformed,
// file untouched) to replace a file it cannot read. Temp file (O_EXCL, 0600)
// + fsync, archive copy of the old file, rename, directory fsync: a crash
// leaves the old or the new file. With `only_if_changed`, a file already
// holding exactly those channels is left as it is.
[[nodiscard]] Result<WriteResult> write_backup_file(storage::Store& store, const std::filesystem::path& path,
                                                    std::span<const std::uint8_t> key, codec::Network network,
                                                    const WriteOptions& options, bool only_if_changed = false);

// After the commit of a change whose file write was transitional: takes the
// write lock again (a begun, never committed transaction on `store`, which
// must not be in one) and rewrites `path` with the committed channels, not
// archiving the transitional file (WriteOptions::archive and also_keep are
// ignored). Another writer may have committed meanwhile: what is written is
// the database as it stands under the lock, so the file is never behind it.
// On failure the transitional file stays, which lacks no channel.
[[nodiscard]] Result<WriteResult> finish_backup_file(storage::Store& store, const std::filesystem::path& path,
                                                     std::span<const std::uint8_t> key, codec::Network network,
                                                     const WriteOptions& options);

// The channels the store holds open, waiting_close or restored that the
// backup file at `path` lacks (`db check` with --backup-file and the root
// key), as channel points; a missing file lacks them all. Fails as
// read_backup_file does.
[[nodiscard]] Result<std::vector<std::string>> missing_from_backup_file(storage::Store& store, const std::filesystem::path& path,
                                                                      std::span<const std::uint8_t> key);

// Channel points of a Multi, in order.
std::vector<std::string> chan_points(const ScbMulti& multi);

}  // namespace lnstore::backup
