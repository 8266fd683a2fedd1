#include "core/backup/channel_backup.hpp"

#include <algorithm>
#include <map>

#include "core/backup/backup_input.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/file_reader.hpp"
#include "core/codec/address_limits.hpp"
#include "core/codec/lnd_net_address.hpp"
#include "core/channels/peer_store.hpp"
#include "core/util/rfc3339.hpp"
#include "core/backup/scb_packed.hpp"

namespace lnstore::backup {

namespace {

// A channel.backup of 100,000 channels is well under this.

Result<util::Bytes> read_file(const std::filesystem::path& path) { return util::read_file(path, k_max_backup_input_bytes); }

// "<file name>-YYYY-MM-DD-HH-MM-SS.NNNNNNNNN" in UTC: lnd's archive naming
// with a fixed-width fraction, so names sort by time and never collide.
std::string archive_name(const std::filesystem::path& target) {
  auto t = std::chrono::system_clock::now();
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d-%H-%M-%S", &tm);
  char frac[16];
  std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(ns % 1'000'000'000));
  return target.filename().string() + "-" + buf + frac;
}

}  // namespace

Result<ScbSingle> single_from_channel(storage::Store& store, const channels::Channel& c, codec::Network network, bool close_tx,
                                      std::vector<std::string>* warnings) {
  ScbSingle s;
  s.version = static_cast<ScbVersion>(c.type);  // a Single's version is the channel type
  s.is_initiator = c.is_initiator;
  s.chain_hash = codec::chain_hash(network);
  s.funding_txid = c.chan_point.txid;
  s.funding_output_index = c.chan_point.index;
  s.short_channel_id = c.short_channel_id.to_u64();
  s.remote_node_pubkey = c.peer;
  const auto stored = LNSTORE_TRY(channels::addresses_of(store, c.peer));  // newest first
  std::size_t block_bytes = 0;
  for (const auto& a : stored) {
    // Every stored address was checked on entry (typed, or read from lnd),
    // so a failure here is a damaged row: refuse rather than write a backup
    // that silently lacks a way to reach the peer.
    auto addr = codec::parse_lnd_address(a, std::nullopt, codec::AddressText::stored);
    if (!addr)
      return fail(ExitClass::incompatible, "corrupt_peer_address",
                  "peer " + util::to_hex(c.peer) + " has a stored address that is not an address ('" + a +
                      "'): the database is damaged",
                  {{"peer", util::to_hex(c.peer)}, {"address", a}, {"cause", addr.error().message}});
    util::Bytes encoded;
    LNSTORE_TRY(codec::append_lnd_address(encoded, *addr));
    if (block_bytes + encoded.size() > codec::k_max_address_list_bytes) {
      if (warnings)
        warnings->push_back("channel " + to_string(c.chan_point) + ": the backup carries " +
                            std::to_string(s.addresses.size()) + " of peer " + util::to_hex(c.peer) + "'s " +
                            std::to_string(stored.size()) + " addresses, the newest that fit in 65535 bytes");
      break;
    }
    block_bytes += encoded.size();
    s.addresses.push_back(*addr);
  }
  s.capacity_sat = c.capacity_sat;
  s.local_csv_delay = static_cast<std::uint16_t>(c.local_csv_delay);
  s.remote_csv_delay = static_cast<std::uint16_t>(c.remote_csv_delay);
  for (std::size_t i = 0; i < 5; ++i) {
    s.local_keys[i] = c.local_keys[i].locator.value_or(codec::KeyLocator{});
    s.remote_keys[i] = c.remote_keys[i];
  }
  s.shachain_pubkey = c.shachain_root.pubkey;
  s.shachain_locator = c.shachain_root.locator.value_or(codec::KeyLocator{});
  if (c.lease_expiry) s.lease_expiry = static_cast<std::uint32_t>(*c.lease_expiry);
  if (close_tx && c.local_commit_tx && c.remote_commit_sig) {
    ScbCloseTx t{*c.local_commit_tx, *c.remote_commit_sig, std::nullopt, std::nullopt};
    if (scb_is_taproot(s.version)) t.commit_height = static_cast<std::uint64_t>(c.num_updates);
    if (c.tapscript_root) {
      std::array<std::uint8_t, 32> root{};
      std::copy_n(c.tapscript_root->begin(), 32, root.begin());
      t.tapscript_root = root;
    }
    s.close_tx = std::move(t);
  }
  return s;
}

Result<std::vector<ScbSingle>> current_singles(storage::Store& store, codec::Network network, bool close_tx,
                                               std::vector<std::string>* warnings) {
  std::vector<ScbSingle> out;
  for (auto status : {channels::ChannelStatus::open, channels::ChannelStatus::waiting_close, channels::ChannelStatus::restored}) {
    channels::ChannelFilter f;
    f.status = status;
    for (const auto& c : LNSTORE_TRY(channels::list_channels(store, f)))
      out.push_back(LNSTORE_TRY(single_from_channel(store, c, network, close_tx, warnings)));
  }
  // One stable order (by channel point) so equal sets encode equally.
  std::sort(out.begin(), out.end(), [](const ScbSingle& a, const ScbSingle& b) {
    return std::tie(a.funding_txid, a.funding_output_index) < std::tie(b.funding_txid, b.funding_output_index);
  });
  return out;
}

Result<channels::ChannelDocument> channel_from_single(const ScbSingle& s) {
  channels::ChannelDocument doc;
  auto& c = doc.channel;
  c.chan_point.txid = s.funding_txid;
  c.chan_point.index = s.funding_output_index;
  c.chan_id = LNSTORE_TRY(codec::chan_id(c.chan_point));
  c.short_channel_id = codec::ShortChannelId::from_u64(s.short_channel_id);
  c.peer = s.remote_node_pubkey;
  c.is_initiator = s.is_initiator;
  c.type = s.version;  // ScbVersion is the channel type
  c.status = channels::ChannelStatus::restored;
  c.capacity_sat = s.capacity_sat;
  c.local_csv_delay = s.local_csv_delay;
  c.remote_csv_delay = s.remote_csv_delay;
  if (c.local_csv_delay == 0 || c.remote_csv_delay == 0)
    return malformed("bad_backup", "channel " + scb_chan_point(s) + " has a zero csv delay");
  if (c.capacity_sat <= 0) return malformed("bad_backup", "channel " + scb_chan_point(s) + " has no capacity");
  for (std::size_t i = 0; i < 5; ++i) {
    c.local_keys[i].locator = s.local_keys[i];
    c.remote_keys[i] = s.remote_keys[i];
  }
  c.shachain_root.locator = s.shachain_locator;
  c.shachain_root.pubkey = s.shachain_pubkey;
  if (s.lease_expiry && s.version == ScbVersion::script_enforced_lease) c.lease_expiry = *s.lease_expiry;
  if (s.version == ScbVersion::script_enforced_lease && !c.lease_expiry) c.lease_expiry = 1;
  if (s.close_tx) {
    c.local_commit_tx = s.close_tx->commit_tx;
    c.remote_commit_sig = s.close_tx->commit_sig;
    if (s.close_tx->commit_height) c.num_updates = static_cast<std::int64_t>(*s.close_tx->commit_height);
    if (s.close_tx->tapscript_root) c.tapscript_root = util::Bytes(s.close_tx->tapscript_root->begin(), s.close_tx->tapscript_root->end());
  }
  c.created_at = util::now_rfc3339();
  for (const auto& a : s.addresses)
    if (a.kind != codec::LndAddressKind::opaque) doc.peer_addresses.push_back(to_string(a));
  // The same validation as `channel open` and the lnd import.
  if (auto valid = channels::validate(c); !valid)
    return malformed("bad_backup", "channel " + scb_chan_point(s) + ": " + valid.error().message);
  return doc;
}

Result<ScbMulti> read_backup_file(const std::filesystem::path& path, std::span<const std::uint8_t> key, bool single) {
  auto data = LNSTORE_TRY(read_file(path));
  return unpack_backup(data, key, single);
}

std::vector<std::string> chan_points(const ScbMulti& multi) {
  std::vector<std::string> out;
  for (const auto& s : multi.singles) out.push_back(scb_chan_point(s));
  return out;
}

Result<WriteResult> write_backup_file(storage::Store& store, const std::filesystem::path& path, std::span<const std::uint8_t> key,
                                      codec::Network network, const WriteOptions& options, bool only_if_changed) {
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  std::optional<ScbMulti> on_disk;
  if (exists) on_disk = LNSTORE_TRY(read_backup_file(path, key, false));  // never overwrite what we cannot read

  std::vector<std::string> warnings;
  ScbMulti next{0, LNSTORE_TRY(current_singles(store, network, options.close_tx, &warnings))};
  bool transitional = false;
  for (const auto& p : options.also_keep) {
    auto same = [&](const ScbSingle& s) { return s.funding_txid == p.txid && s.funding_output_index == p.index; };
    if (std::any_of(next.singles.begin(), next.singles.end(), same)) continue;
    auto channel = LNSTORE_TRY(channels::find_channel(store, p));
    if (!channel) continue;  // channels are never deleted; nothing to keep
    next.singles.push_back(LNSTORE_TRY(single_from_channel(store, *channel, network, options.close_tx, &warnings)));
    transitional = true;
  }
  if (transitional)
    std::sort(next.singles.begin(), next.singles.end(), [](const ScbSingle& a, const ScbSingle& b) {
      return std::tie(a.funding_txid, a.funding_output_index) < std::tie(b.funding_txid, b.funding_output_index);
    });
  if (on_disk) {
    // Keep entries the store does not know at all, as lnd keeps on-disk
    // channels it has no state for; channels the store knows are current.
    for (const auto& s : on_disk->singles) {
      codec::ChanPoint p{s.funding_txid, s.funding_output_index};
      if (LNSTORE_TRY(channels::find_channel(store, p))) continue;
      ScbSingle kept = s;
      if (!options.close_tx) kept.close_tx.reset();  // the whole file must suit an older lnd
      next.singles.push_back(std::move(kept));
    }
  }
  WriteResult result{chan_points(next), true, std::move(warnings), transitional};
  if (only_if_changed && on_disk && *on_disk == next) {
    result.changed = false;
    return result;
  }
  auto packed = LNSTORE_TRY(pack_scb_multi(next, key));
  auto temp = LNSTORE_TRY(util::AtomicFile::create(path));
  LNSTORE_TRY(temp.write(packed));
  if (exists && options.archive) {
    auto dir = (path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path()) / "chan-backup-archives";
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail(ExitClass::io, "io_error", "cannot create " + dir.string() + ": " + ec.message());
    auto old = LNSTORE_TRY(read_file(path));
    auto archive = LNSTORE_TRY(util::AtomicFile::create(dir / archive_name(path)));
    LNSTORE_TRY(archive.write(old));
    LNSTORE_TRY(archive.commit());
  }
  LNSTORE_TRY(temp.commit());
  return result;
}

Result<std::vector<std::string>> missing_from_backup_file(storage::Store& store, const std::filesystem::path& path,
                                                         std::span<const std::uint8_t> key) {
  // A file that does not exist (yet) holds no channel.
  std::error_code ec;
  ScbMulti multi;
  if (std::filesystem::exists(path, ec) || ec) multi = LNSTORE_TRY(read_backup_file(path, key, false));
  std::vector<std::string> missing;
  for (const auto& p : LNSTORE_TRY(channels::unclosed_chan_points(store))) {
    auto same = [&](const ScbSingle& s) { return s.funding_txid == p.txid && s.funding_output_index == p.index; };
    if (std::none_of(multi.singles.begin(), multi.singles.end(), same)) missing.push_back(codec::to_string(p));
  }
  return missing;
}

Result<WriteResult> finish_backup_file(storage::Store& store, const std::filesystem::path& path, std::span<const std::uint8_t> key,
                                       codec::Network network, const WriteOptions& options) {
  storage::Transaction lock(store);  // rolled back as this returns: nothing is written to the database
  LNSTORE_TRY(lock.begin());
  WriteOptions final_options;
  final_options.close_tx = options.close_tx;
  final_options.archive = false;  // the transitional file is no earlier version worth keeping
  return write_backup_file(store, path, key, network, final_options, true);
}

}  // namespace lnstore::backup
