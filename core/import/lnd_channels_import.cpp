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
Result<bool> add_addresses(storage::Store& store, const crypto::PubKey& peer, const std::vector<lnd::LndNetAddress>& addresses) {
  auto before = LNSTORE_TRY(channels::addresses_of(store, peer)).size();
  for (auto it = addresses.rbegin(); it != addresses.rend(); ++it) {
    if (it->kind == lnd::LndNetAddress::Kind::opaque) continue;  // no host:port form
    LNSTORE_TRY(channels::add_address(store, peer, it->text));
  }
  return LNSTORE_TRY(channels::addresses_of(store, peer)).size() != before;
}

}  // namespace

Result<channels::ChannelDocument> to_channel_document(const lnd::LndOpenChannel& channel) {
  using Json = channels::Json;
  const lnd::LndChanInfo& info = channel.info;
  const std::string point = to_string(info.funding_outpoint);
  auto not_importable = [&](std::string field, std::string why, std::string cause) {
    return fail(ExitClass::incompatible, "lnd_channel_not_importable", "lnd channel " + point + ": " + why,
                {{"chan_point", point}, {"field", std::move(field)}, {"cause", std::move(cause)}});
  };
  auto hex_or_null = [](const std::optional<util::Bytes>& bytes) { return bytes ? Json(util::to_hex(*bytes)) : Json(nullptr); };

  Json doc = Json::object();
  doc["chan_point"] = point;
  doc["short_channel_id"] = to_string(channel.backup_short_channel_id);
  doc["peer"] = util::to_hex(info.identity_pub);
  // Only addresses a channel document can hold (opaque ones cannot be).
  Json addresses = Json::array();
  for (const lnd::LndNetAddress& address : channel.peer_addresses)
    if (codec::parse_net_address(address.text, channels::k_default_peer_port)) addresses.push_back(address.text);
  doc["peer_addresses"] = addresses;
  doc["is_initiator"] = info.is_initiator;
  doc["type"] = codec::to_string(channel.type);
  doc["capacity_sat"] = info.capacity_sat;
  const lnd::LndCommitment none;
  const lnd::LndCommitment& commit = channel.local_commitment ? *channel.local_commitment : none;
  doc["local_balance_msat"] = commit.local_balance_msat;
  doc["remote_balance_msat"] = commit.remote_balance_msat;
  doc["fee_per_kw"] = commit.fee_per_kw;
  doc["num_updates"] = commit.commit_height;
  doc["total_sent_msat"] = info.total_msat_sent;
  doc["total_received_msat"] = info.total_msat_received;
  doc["total_fees_msat"] = 0;  // lnd keeps no per-channel fee total
  doc["local_csv_delay"] = info.local_config.csv_delay;
  doc["remote_csv_delay"] = info.remote_config.csv_delay;
  Json local = Json::object();
  Json remote = Json::object();
  for (std::size_t i = 0; i < codec::k_key_purposes.size(); ++i) {
    const lnd::LndKeyDescriptor& l = info.local_config.keys[i];
    local[codec::k_key_purposes[i]] = {{"family", l.locator.family},
                                          {"index", l.locator.index},
                                          {"pubkey", l.pubkey ? Json(util::to_hex(*l.pubkey)) : Json(nullptr)}};
    const lnd::LndKeyDescriptor& r = info.remote_config.keys[i];
    if (!r.pubkey)
      return not_importable(std::string("remote_keys.") + codec::k_key_purposes[i],
                            std::string("the remote ") + codec::k_key_purposes[i] + " key has no public key",
                            "missing_field");
    remote[codec::k_key_purposes[i]] = util::to_hex(*r.pubkey);
  }
  doc["local_keys"] = local;
  doc["remote_keys"] = remote;
  const codec::KeyDescriptor& sha = channel.shachain_root;
  doc["shachain_root"] = {{"family", sha.locator ? Json(sha.locator->family) : Json(nullptr)},
                          {"index", sha.locator ? Json(sha.locator->index) : Json(nullptr)},
                          {"pubkey", sha.pubkey ? Json(util::to_hex(*sha.pubkey)) : Json(nullptr)}};
  if (channel.type == codec::ChannelType::script_enforced_lease)
    doc["lease_expiry"] = channel.thaw_height ? Json(*channel.thaw_height) : Json(nullptr);
  doc["funding_tx"] = hex_or_null(info.funding_tx);
  if (channel.local_commitment) {
    doc["local_commit_tx"] = util::to_hex(commit.commit_tx);
    doc["remote_commit_sig"] = commit.commit_sig.empty() ? Json(nullptr) : Json(util::to_hex(commit.commit_sig));
  }
  // A channel document keeps a tapscript root only for that channel type.
  if (channel.type == codec::ChannelType::tapscript_root)
    doc["tapscript_root"] = info.tapscript_root ? Json(util::to_hex(*info.tapscript_root)) : Json(nullptr);
  doc["local_delivery_script"] = hex_or_null(channel.local_delivery_script);
  doc["remote_delivery_script"] = hex_or_null(channel.remote_delivery_script);

  // The same validation as `channel open`, so the lead can insert the result.
  Result<channels::ChannelDocument> parsed = channels::parse_channel_document(doc);
  if (!parsed) {
    const Error& error = parsed.error();
    const std::string field = error.details.contains("field") && error.details["field"].is_string()
                                  ? error.details["field"].get<std::string>()
                                  : std::string();
    return not_importable(field, error.message, error.code);
  }
  return parsed;
}

Result<Json> import_lnd_channels(storage::Store& store, const lnd::LndChannelDb& db) {
  int channels_added = 0, closed_added = 0, peers_added = 0;
  bool changed = false;
  Json skipped = Json::array();

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
    auto converted = to_channel_document(c);
    if (!converted) {
      skipped.push_back({{"chan_point", to_string(point)}, {"reason", converted.error().message}});
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
    skipped.push_back({{"chan_point", to_string(s.chan_point)}, {"reason", why}});
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
  return Json{{"imported", {{"channels", channels_added}, {"closed_channels", closed_added}, {"peers", peers_added}}},
              {"skipped", skipped},
              {"changed", changed}};
}

}  // namespace lnstore::import
