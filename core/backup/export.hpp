// Exporting static channel backups of the store's channels (`backup
// export`, lncli exportchanbackup): every channel as lnd's Multi, or one
// channel as a packed Single, returned as bytes or written to a file.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/codec/chan_point.hpp"
#include "core/codec/network.hpp"
#include "core/storage/store.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::backup {

struct ExportOptions {
  bool close_tx = true;  // include the latest commitment (lnd v0.19 and later read it)
  bool archive = true;   // a Multi written over a file first archives the old one
  std::optional<std::filesystem::path> file;  // write here (atomically); otherwise return the bytes
};

struct ExportResult {
  bool single = false;                        // one packed Single, not a Multi
  std::vector<std::string> chan_points;       // what it holds, in order
  std::optional<std::filesystem::path> path;  // the absolute path written, with ExportOptions::file
  bool changed = true;                        // with a file: false when it already held exactly this (left untouched)
  util::Bytes packed;                         // the encrypted backup, without ExportOptions::file
  std::vector<std::string> warnings;          // peer addresses left out (single_from_channel)
};

// One channel as a packed Single, encrypted with `key` (lnd's backup key).
// Run inside a write transaction: the lock keeps the channel from changing
// while a file is replaced. Errors: channel_not_found; rule
// "channel_not_open" for a closed channel (nothing to back up); with a
// file, an existing file is replaced only when it is a backup of this same
// channel: one that does not decrypt with `key` fails with its auth error,
// anything else (another channel, a Multi such as channel.backup, not a
// backup at all) with io "file_exists". On failure no file was changed.
[[nodiscard]] Result<ExportResult> export_channel(storage::Store& store, const codec::ChanPoint& point, codec::Network network,
                                                  std::span<const std::uint8_t> key, const ExportOptions& options);

// Every channel a backup holds (open, waiting_close, restored) as a Multi.
// With a file, it is rewritten as write_backup_file does (entries of
// channels the store does not know are kept; a file that does not decrypt
// or parse is refused and left as it was), unless it already holds exactly
// those channels: then it is left alone (no rewrite, no archive) and
// `changed` is false. Run inside a write transaction.
[[nodiscard]] Result<ExportResult> export_channels(storage::Store& store, codec::Network network, std::span<const std::uint8_t> key,
                                                   const ExportOptions& options);

// Written to a file: {"path", "chan_points", "changed"}; otherwise a Single
// {"chan_point", "chan_backup"} or a Multi {"chan_points", "multi_chan_backup"}
// with the packed bytes in hex.
nlohmann::ordered_json to_json(const ExportResult& result);

}  // namespace lnstore::backup
