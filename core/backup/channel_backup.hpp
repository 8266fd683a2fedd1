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
};
struct WriteResult {
  std::vector<std::string> chan_points;
  bool changed = false;  // false when the content was already current (file untouched)
  std::vector<std::string> warnings;  // peer addresses left out (single_from_channel)
};

// Rewrites `path` with the store's channels, keeping on-disk entries the
// store does not know; refuses (auth/malformed, file untouched) to replace a
// file it cannot read. Temp file (O_EXCL, 0600) + fsync, archive copy of the
// old file, rename, directory fsync: a crash leaves the old or the new file.
// With `only_if_changed`, a file already holding exactly those channels is
// left as it is.
[[nodiscard]] Result<WriteResult> write_backup_file(storage::Store& store, const std::filesystem::path& path,
                                                    std::span<const std::uint8_t> key, codec::Network network,
                                                    const WriteOptions& options, bool only_if_changed = false);

// Channel points of a Multi, in order.
std::vector<std::string> chan_points(const ScbMulti& multi);

}  // namespace lnstore::backup
