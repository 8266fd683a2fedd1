#include "core/import/lnd_channels_import.hpp"

#include <algorithm>

#include "core/channels/channel_state.hpp"
#include "core/util/rfc3339.hpp"
#include "core/channels/peer_store.hpp"

namespace lnstore::import {

namespace {

using Json = nlohmann::ordered_json;

bool contains(const std::vector<std::string>& v, const char* s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Adds addresses oldest-first so the first listed ends up newest; returns
// whether anything was added.
Result<bool> add_addresses(storage::Store& store, const crypto::PubKey& peer, const std::vector<lnd::LndNetAddress>& addresses) {
  auto before = LNSTORE_TRY(channels::addresses_of(store, peer)).size();
  for (auto it = addresses.rbegin(); it != addresses.rend(); ++it) {
    if (it->kind == lnd::LndNetAddress::Kind::opaque) continue;  // no host:port form
    LNSTORE_TRY(channels::add_address(store, peer, it->text));
  }
  return LNSTORE_TRY(channels::addresses_of(store, peer)).size() != before;
}

}  // namespace

Result<ChannelsImportSummary> import_lnd_channels(storage::Store& store, const lnd::LndChannelDb& db) {
  ChannelsImportSummary summary;
  int& channels_added = summary.imported.channels;
  int& closed_added = summary.imported.closed_channels;
  int& peers_added = summary.imported.peers;
  bool& changed = summary.changed;
  auto& skipped = summary.skipped;

  auto peer_known = [&](const crypto::PubKey& key) -> Result<bool> {
    auto q = store.query("SELECT 1 FROM peers WHERE pubkey = ?1");
    q->bind(1, key);
    return LNSTORE_TRY(q->step());
  };
  for (const auto& p : db.peers) {
    if (!LNSTORE_TRY(peer_known(p.pubkey))) {
      LNSTORE_TRY(channels::ensure_peer(store, p.pubkey));
      ++peers_added;
      changed = true;
    }
    std::vector<lnd::LndNetAddress> all;
    if (p.link_node) all = p.link_node->addresses;
    all.insert(all.end(), p.graph_addresses.begin(), p.graph_addresses.end());
    if (LNSTORE_TRY(add_addresses(store, p.pubkey, all))) changed = true;
  }

  for (const auto& c : db.open_channels) {
    auto point = c.info.funding_outpoint;
    if (LNSTORE_TRY(channels::find_channel(store, point))) continue;  // already imported
    auto doc = channels::ChannelDocument{};
    auto converted = lnd::to_channel_document(c);
    if (!converted) {
      skipped.push_back({point, converted.error().message});
      continue;
    }
    doc = std::move(*converted);
    if (contains(c.status_flags, "restored"))
      doc.channel.status = "restored";
    else if (contains(c.status_flags, "commit_broadcasted") || contains(c.status_flags, "coop_broadcasted"))
      doc.channel.status = "waiting_close";  // a close is in flight: still backed up, as lnd does
    if (!LNSTORE_TRY(peer_known(doc.channel.peer))) ++peers_added;  // a peer without a link node
    LNSTORE_TRY(channels::insert_channel(store, doc));
    ++channels_added;
    changed = true;
  }
  for (const auto& s : db.skipped) {
    std::string why = s.reason == "closed_in_outpoint_index"
                          ? "lnd's outpoint index marks it closed; lnd leaves it out of backups"
                          : s.reason == "no_link_node" ? "its peer has no link node; lnd leaves it out of backups" : s.reason;
    skipped.push_back({s.chan_point, why});
  }

  for (const auto& x : db.closed_channels) {
    auto exists = store.query("SELECT 1 FROM closed_channels WHERE funding_txid = ?1 AND funding_output_index = ?2");
    exists->bind(1, x.chan_point.txid).bind(2, x.chan_point.index);
    if (LNSTORE_TRY(exists->step())) continue;
    exists->reset();
    auto q = store.query(
        "INSERT INTO closed_channels (funding_txid, funding_output_index, channel_id, short_channel_id, peer_pubkey,"
        " capacity_sat, close_type, closing_txid, close_height, settled_sat, time_locked_sat, closed_at)"
        " VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    q->bind(1, x.chan_point.txid).bind(2, x.chan_point.index).bind(3, static_cast<std::int64_t>(x.short_channel_id.to_u64()));
    q->bind(4, x.peer).bind(5, static_cast<std::int64_t>(x.capacity_sat)).bind_text(6, x.close_type);
    bool has_txid = std::any_of(x.closing_txid.begin(), x.closing_txid.end(), [](std::uint8_t b) { return b != 0; });
    if (has_txid) q->bind(7, x.closing_txid);
    q->bind(8, x.close_height).bind(9, static_cast<std::int64_t>(x.settled_sat)).bind(10, static_cast<std::int64_t>(x.time_locked_sat));
    // lnd keeps no close time; the summary is dated by its import.
    q->bind_text(11, util::now_rfc3339());
    LNSTORE_TRY(q->run());
    ++closed_added;
    changed = true;
  }
  return summary;
}

Json to_json(const ChannelsImportSummary& summary) {
  const auto& n = summary.imported;
  Json skipped = Json::array();
  for (const auto& s : summary.skipped) skipped.push_back({{"chan_point", to_string(s.chan_point)}, {"reason", s.reason}});
  return Json{{"imported", {{"channels", n.channels}, {"closed_channels", n.closed_channels}, {"peers", n.peers}}},
              {"skipped", skipped},
              {"changed", summary.changed}};
}

}  // namespace lnstore::import
