#include "core/ops/channel_towers.hpp"

#include "core/wtclient/wtclient.hpp"

namespace lnstore::ops {

namespace {
util::Bytes chan_id_bytes(const channels::Channel& c) { return util::Bytes(c.chan_id.begin(), c.chan_id.end()); }
}  // namespace

Result<CloseResult> close_channel(storage::Store& store, const codec::ChanPoint& point, const channels::ChannelClose& request) {
  CloseResult result;
  result.channel = LNSTORE_TRY(channels::close_channel(store, point, request));
  const util::Bytes chan = chan_id_bytes(result.channel);
  if (LNSTORE_TRY(wtclient::find_registration(store, chan)))
    result.closable_sessions = LNSTORE_TRY(wtclient::mark_channel_closed(store, chan, request.height)).closable_sessions;
  return result;
}

Result<nlohmann::ordered_json> channel_json(storage::Store& store, const channels::Channel& channel) {
  std::optional<channels::TowerRegistration> registration;
  if (auto r = LNSTORE_TRY(wtclient::find_registration(store, chan_id_bytes(channel))))
    registration = channels::TowerRegistration{r->sweep_pkscript, r->max_commit_height, r->closed_height};
  return channels::channel_json(store, channel, registration);
}

}  // namespace lnstore::ops
