#include "core/backup/restore.hpp"

#include "core/backup/channel_backup.hpp"
#include "core/channels/channel_state.hpp"

namespace lnstore::backup {

Result<void> check_backup_chain(const ScbMulti& multi, codec::Network network) {
  for (const auto& s : multi.singles)
    if (s.chain_hash != codec::chain_hash(network))
      return malformed("wrong_chain", "channel " + scb_chan_point(s) + " belongs to another chain than --network " +
                                          std::string(codec::network_name(network)));
  return {};
}

Result<RestoreResult> restore_channels(storage::Store& store, const ScbMulti& multi, codec::Network network) {
  LNSTORE_TRY(check_backup_chain(multi, network));
  RestoreResult result;
  for (const auto& s : multi.singles) {
    codec::ChanPoint point{s.funding_txid, s.funding_output_index};
    if (LNSTORE_TRY(channels::find_channel(store, point))) {
      ++result.already_known;
      continue;
    }
    LNSTORE_TRY(channels::insert_channel(store, LNSTORE_TRY(channel_from_single(s)), channels::AtCap::drop_oldest));
    result.restored.push_back(scb_chan_point(s));
  }
  return result;
}

nlohmann::ordered_json to_json(const RestoreResult& result) {
  return {{"num_restored", static_cast<std::int64_t>(result.restored.size())}};
}

}  // namespace lnstore::backup
