#include "core/backup/export.hpp"

#include "core/backup/channel_backup.hpp"
#include "core/backup/scb_packed.hpp"
#include "core/channels/channel_state.hpp"
#include "core/util/atomic_file.hpp"

namespace lnstore::backup {

namespace {

// A file at `path` may be replaced by a Single of `chan_point` only when it
// already is one: never a file that does not decrypt (auth) or holds
// anything else, such as a channel.backup.
Result<void> check_replaceable(const std::filesystem::path& path, const std::string& chan_point, std::span<const std::uint8_t> key) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return {};
  auto old = read_backup_file(path, key, true);
  if (!old && old.error().exit == ExitClass::auth) return std::unexpected(old.error());
  if (!old || scb_chan_point(old->singles.front()) != chan_point)
    return fail(ExitClass::io, "file_exists", "refusing to replace " + path.string() + ": it is not a backup of channel " + chan_point);
  return {};
}

}  // namespace

Result<ExportResult> export_channel(storage::Store& store, const codec::ChanPoint& point, codec::Network network,
                                    std::span<const std::uint8_t> key, const ExportOptions& options) {
  const std::string text = to_string(point);
  auto channel = LNSTORE_TRY(channels::load_channel(store, point));
  if (channel.status == channels::ChannelStatus::closed) return rule_error("channel_not_open", "channel " + text + " is closed: nothing to back up");
  ExportResult result;
  auto single = LNSTORE_TRY(single_from_channel(store, channel, network, options.close_tx, &result.warnings));
  result.single = true;
  result.chan_points = {text};
  result.packed = LNSTORE_TRY(pack_scb_single(single, key));
  if (options.file) {
    LNSTORE_TRY(check_replaceable(*options.file, text, key));
    auto file = LNSTORE_TRY(util::AtomicFile::create(*options.file));
    LNSTORE_TRY(file.write(result.packed));
    LNSTORE_TRY(file.commit());
    result.path = std::filesystem::absolute(*options.file);
    result.packed.clear();
  }
  return result;
}

Result<ExportResult> export_channels(storage::Store& store, codec::Network network, std::span<const std::uint8_t> key,
                                     const ExportOptions& options) {
  ExportResult result;
  if (options.file) {
    WriteOptions w;
    w.close_tx = options.close_tx;
    w.archive = options.archive;
    auto written = LNSTORE_TRY(write_backup_file(store, *options.file, key, network, w, true));
    result.chan_points = std::move(written.chan_points);
    result.warnings = std::move(written.warnings);
    result.changed = written.changed;
    result.path = std::filesystem::absolute(*options.file);
    return result;
  }
  ScbMulti multi{0, LNSTORE_TRY(current_singles(store, network, options.close_tx, &result.warnings))};
  result.chan_points = chan_points(multi);
  result.packed = LNSTORE_TRY(pack_scb_multi(multi, key));
  return result;
}

nlohmann::ordered_json to_json(const ExportResult& result) {
  if (result.path) return {{"path", result.path->string()}, {"chan_points", result.chan_points}, {"changed", result.changed}};
  if (result.single) return {{"chan_point", result.chan_points.front()}, {"chan_backup", util::to_hex(result.packed)}};
  return {{"chan_points", result.chan_points}, {"multi_chan_backup", util::to_hex(result.packed)}};
}

}  // namespace lnstore::backup
