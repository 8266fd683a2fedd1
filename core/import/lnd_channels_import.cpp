#include "core/import/lnd_channels_import.hpp"

#include <algorithm>

#include "core/channels/channel_state.hpp"
#include "core/util/rfc3339.hpp"
#include "core/channels/peer_store.hpp"
#include "core/codec/tower_address.hpp"

namespace lnstore::import {

namespace {

using Json = nlohmann::ordered_json;

bool contains(const std::vector<std::string>& v, const char* s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Adds addresses oldest-first so the first listed ends up newest; returns
// whether anything was added.
Result<bool> add_addresses(storage::Store& store, const crypto::PubKey& peer, const std::vector<codec::NetAddress>& addresses) {
  auto before = LNSTORE_TRY(channels::addresses_of(store, peer)).size();
  for (auto it = addresses.rbegin(); it != addresses.rend(); ++it) {
    if (it->kind == codec::AddressKind::opaque) continue;  // no host:port form
    LNSTORE_TRY(channels::add_address(store, peer, it->to_string(), channels::AtCap::drop_oldest));
  }
  return LNSTORE_TRY(channels::addresses_of(store, peer)).size() != before;
}

}  // namespace

Result<channels::ChannelDocument> to_channel_document(const lnd::LndOpenChannel& channel) {
  const lnd::LndChanInfo& info = channel.info;
  const std::string point = to_string(info.funding_outpoint);
  auto not_importable = [&](std::string field, std::string why, std::string cause) {
    return fail(ExitClass::incompatible, "lnd_channel_not_importable", "lnd channel " + point + ": " + why,
                {{"chan_point", point}, {"field", std::move(field)}, {"cause", std::move(cause)}});
  };
  // lnd's unsigned values above what a channel holds (validate() checks the
  // rest of the range).
  std::optional<Error> too_large;
  auto signed_value = [&](std::uint64_t value, const char* field) -> std::int64_t {
    if (value > static_cast<std::uint64_t>(INT64_MAX) && !too_large)
      too_large = malformed("bad_field", std::string("field '") + field + "': out of range").error();
    return static_cast<std::int64_t>(value);
  };

  channels::ChannelDocument doc;
  channels::Channel& c = doc.channel;
  c.chan_point = info.funding_outpoint;
  c.chan_id = LNSTORE_TRY(codec::chan_id(c.chan_point));
  c.short_channel_id = channel.backup_short_channel_id;
  c.peer = info.identity_pub;
  // Only addresses lnstore holds as text (opaque ones have no host:port).
  for (const codec::NetAddress& address : channel.peer_addresses)
    if (auto parsed = codec::parse_net_address(address.to_string(), codec::k_default_peer_port))
      doc.peer_addresses.push_back(parsed->to_string());
  c.is_initiator = info.is_initiator;
  c.type = channel.type;
  c.capacity_sat = signed_value(info.capacity_sat, "capacity_sat");
  // A restored channel has no commitment: its state is empty.
  if (const auto& commit = channel.local_commitment) {
    c.local_balance_msat = signed_value(commit->local_balance_msat, "local_balance_msat");
    c.remote_balance_msat = signed_value(commit->remote_balance_msat, "remote_balance_msat");
    c.fee_per_kw = signed_value(commit->fee_per_kw, "fee_per_kw");
    c.num_updates = signed_value(commit->commit_height, "num_updates");
    c.local_commit_tx = commit->commit_tx;
    if (!commit->commit_sig.empty()) c.remote_commit_sig = commit->commit_sig;
  }
  c.total_sent_msat = signed_value(info.total_msat_sent, "total_sent_msat");
  c.total_received_msat = signed_value(info.total_msat_received, "total_received_msat");
  c.total_fees_msat = 0;  // lnd keeps no per-channel fee total
  c.local_csv_delay = info.local_config.csv_delay;
  c.remote_csv_delay = info.remote_config.csv_delay;
  for (std::size_t i = 0; i < codec::k_key_purposes.size(); ++i) {
    const lnd::LndKeyDescriptor& l = info.local_config.keys[i];
    c.local_keys[i] = codec::KeyDescriptor{l.locator, l.pubkey};
    const lnd::LndKeyDescriptor& r = info.remote_config.keys[i];
    if (!r.pubkey)
      return not_importable(std::string("remote_keys.") + codec::k_key_purposes[i],
                            std::string("the remote ") + codec::k_key_purposes[i] + " key has no public key",
                            "missing_field");
    c.remote_keys[i] = *r.pubkey;
  }
  c.shachain_root = channel.shachain_root;
  if (channel.type == codec::ChannelType::script_enforced_lease && channel.thaw_height)
    c.lease_expiry = *channel.thaw_height;
  c.funding_tx = info.funding_tx;
  // A channel keeps a tapscript root only for that channel type.
  if (channel.type == codec::ChannelType::tapscript_root && info.tapscript_root)
    c.tapscript_root = util::Bytes(info.tapscript_root->begin(), info.tapscript_root->end());
  c.local_delivery_script = channel.local_delivery_script;
  c.remote_delivery_script = channel.remote_delivery_script;
  c.created_at = util::now_rfc3339();

  // The same validation as `channel open`, so the caller can insert the result.
  Result<void> valid = too_large ? Result<void>(std::unexpected(*too_large)) : channels::validate(c);
  if (!valid) {
    const Error& error = valid.error();
    const std::string field = error.details.contains("field") && error.details["field"].is_string()
                                  ? error.details["field"].get<std::string>()
                                  : std::string();
    return not_importable(field, error.message, error.code);
  }
  return doc;
}

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
    std::vector<codec::NetAddress> all;
    if (p.link_node) all = p.link_node->addresses;
    all.insert(all.end(), p.graph_addresses.begin(), p.graph_addresses.end());
    if (LNSTORE_TRY(add_addresses(store, p.pubkey, all))) changed = true;
  }

  for (const auto& c : db.open_channels) {
    auto point = c.info.funding_outpoint;
    if (LNSTORE_TRY(channels::find_channel(store, point))) continue;  // already imported
    auto doc = channels::ChannelDocument{};
    auto converted = to_channel_document(c);
    if (!converted) {
      skipped.push_back({point, converted.error().message});
      continue;
    }
    doc = std::move(*converted);
    if (contains(c.status_flags, "restored"))
      doc.channel.status = channels::ChannelStatus::restored;
    else if (contains(c.status_flags, "commit_broadcasted") || contains(c.status_flags, "coop_broadcasted"))
      doc.channel.status = channels::ChannelStatus::waiting_close;  // a close is in flight: still backed up, as lnd does
    if (!LNSTORE_TRY(peer_known(doc.channel.peer))) ++peers_added;  // a peer without a link node
    LNSTORE_TRY(channels::insert_channel(store, doc, channels::AtCap::drop_oldest));
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
    q->bind(4, x.peer).bind(5, static_cast<std::int64_t>(x.capacity_sat)).bind_text(6, std::string(codec::to_string(x.close_type)));
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
