#include "core/import/lnd_channels_import.hpp"

#include <algorithm>
#include <set>

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

Result<channels::NodeClaim> channeldb_claim(const lnd::LndChannelDb& db) {
  channels::NodeClaim claim;
  claim.node = db.own_node;
  claim.node_source = "the channel.db's own node (graph-node source)";
  claim.chain_source = "the channel.db's channels";
  auto note_chain = [&](const lnd::LndChainHash& hash, const codec::ChanPoint& point) -> Result<void> {
    if (!claim.chain) {
      claim.chain = hash;
    } else if (*claim.chain != hash) {
      return fail(ExitClass::incompatible, "corrupt_source",
                  "the channel.db holds channels of more than one chain (channel " + to_string(point) + ")");
    }
    return {};
  };
  for (const auto& c : db.open_channels) LNSTORE_TRY(note_chain(c.info.chain_hash, c.info.funding_outpoint));
  for (const auto& s : db.skipped)
    if (s.channel) LNSTORE_TRY(note_chain(s.channel->info.chain_hash, s.chan_point));
  for (const auto& x : db.closed_channels) LNSTORE_TRY(note_chain(x.chain_hash, x.chan_point));
  return claim;
}

namespace {

// The status lnd's flags give an open-bucket channel.
channels::ChannelStatus lnd_status(const lnd::LndOpenChannel& c) {
  if (contains(c.status_flags, "restored")) return channels::ChannelStatus::restored;
  // A close is in flight: still backed up, as lnd does.
  if (contains(c.status_flags, "commit_broadcasted") || contains(c.status_flags, "coop_broadcasted"))
    return channels::ChannelStatus::waiting_close;
  return channels::ChannelStatus::open;
}

// Copies what lnd may change on a channel from `from` into `to`, naming
// each field that differs.
std::vector<std::string> merge_state(channels::Channel& to, const channels::Channel& from) {
  std::vector<std::string> fields;
  auto take = [&](auto& dst, const auto& src, const char* name) {
    if (dst != src) {
      dst = src;
      fields.emplace_back(name);
    }
  };
  if (to.short_channel_id.to_u64() != from.short_channel_id.to_u64()) {
    to.short_channel_id = from.short_channel_id;
    fields.emplace_back("short_channel_id");
  }
  take(to.status, from.status, "status");
  take(to.local_balance_msat, from.local_balance_msat, "local_balance_msat");
  take(to.remote_balance_msat, from.remote_balance_msat, "remote_balance_msat");
  take(to.fee_per_kw, from.fee_per_kw, "fee_per_kw");
  take(to.num_updates, from.num_updates, "num_updates");
  take(to.total_sent_msat, from.total_sent_msat, "total_sent_msat");
  take(to.total_received_msat, from.total_received_msat, "total_received_msat");
  take(to.local_commit_tx, from.local_commit_tx, "local_commit_tx");
  take(to.remote_commit_sig, from.remote_commit_sig, "remote_commit_sig");
  take(to.local_delivery_script, from.local_delivery_script, "local_delivery_script");
  take(to.remote_delivery_script, from.remote_delivery_script, "remote_delivery_script");
  take(to.funding_tx, from.funding_tx, "funding_tx");
  take(to.lease_expiry, from.lease_expiry, "lease_expiry");
  take(to.tapscript_root, from.tapscript_root, "tapscript_root");
  return fields;
}

// A stored close summary, as the columns an import compares.
struct StoredSummary {
  std::string close_type;
  std::optional<util::Bytes> closing_txid;
  std::int64_t close_height = 0, settled_sat = 0, time_locked_sat = 0, capacity_sat = 0, short_channel_id = 0;
};

Result<std::optional<StoredSummary>> stored_summary(storage::Store& store, const codec::ChanPoint& point) {
  auto q = store.query(
      "SELECT close_type, closing_txid, close_height, settled_sat, time_locked_sat, capacity_sat, short_channel_id"
      " FROM closed_channels WHERE funding_txid = ?1 AND funding_output_index = ?2");
  q->bind(1, point.txid).bind(2, point.index);
  if (!LNSTORE_TRY(q->step())) return std::optional<StoredSummary>{};
  StoredSummary s;
  s.close_type = q->column_text(0);
  if (!q->column_null(1)) s.closing_txid = q->column_blob(1);
  s.close_height = q->column_int(2);
  s.settled_sat = q->column_int(3);
  s.time_locked_sat = q->column_int(4);
  s.capacity_sat = q->column_int(5);
  s.short_channel_id = q->column_int(6);
  return std::optional<StoredSummary>(std::move(s));
}

StoredSummary summary_of(const lnd::LndClosedChannel& x) {
  StoredSummary s;
  s.close_type = std::string(codec::to_string(x.close_type));
  // lnd leaves the closing txid zero when it never learnt it.
  if (std::any_of(x.closing_txid.begin(), x.closing_txid.end(), [](std::uint8_t b) { return b != 0; }))
    s.closing_txid = util::Bytes(x.closing_txid.begin(), x.closing_txid.end());
  s.close_height = x.close_height;
  s.settled_sat = static_cast<std::int64_t>(x.settled_sat);
  s.time_locked_sat = static_cast<std::int64_t>(x.time_locked_sat);
  s.capacity_sat = static_cast<std::int64_t>(x.capacity_sat);
  s.short_channel_id = static_cast<std::int64_t>(x.short_channel_id.to_u64());
  return s;
}

std::vector<std::string> summary_differences(const StoredSummary& a, const StoredSummary& b) {
  std::vector<std::string> fields;
  if (a.close_type != b.close_type) fields.emplace_back("close_type");
  if (a.closing_txid != b.closing_txid) fields.emplace_back("closing_txid");
  if (a.close_height != b.close_height) fields.emplace_back("close_height");
  if (a.settled_sat != b.settled_sat) fields.emplace_back("settled_sat");
  if (a.time_locked_sat != b.time_locked_sat) fields.emplace_back("time_locked_sat");
  return fields;
}

channels::ChannelClose close_of(const StoredSummary& s) {
  channels::ChannelClose close;
  close.type = *codec::parse_close_type(s.close_type);
  close.closing_txid = s.closing_txid;
  close.height = s.close_height;
  close.settled_sat = s.settled_sat;
  close.time_locked_sat = s.time_locked_sat;
  return close;
}

std::string point_key(const codec::ChanPoint& p) { return to_string(p); }

}  // namespace

Result<ChannelsImportSummary> import_lnd_channels(storage::Store& store, const lnd::LndChannelDb& db) {
  // The node and chain first: another node's file is refused before anything is written.
  (void)LNSTORE_TRY(channels::bind_node(store, LNSTORE_TRY(channeldb_claim(db))));

  ChannelsImportSummary summary;
  auto& skipped = summary.skipped;
  std::set<std::string> seen;  // chan points the file accounts for

  auto peer_known = [&](const crypto::PubKey& key) -> Result<bool> {
    auto q = store.query("SELECT 1 FROM peers WHERE pubkey = ?1");
    q->bind(1, key);
    return LNSTORE_TRY(q->step());
  };
  std::set<crypto::PubKey> peers_with_new_addresses;
  for (const auto& p : db.peers) {
    if (!LNSTORE_TRY(peer_known(p.pubkey))) {
      LNSTORE_TRY(channels::ensure_peer(store, p.pubkey));
      ++summary.peers_added;
    }
    std::vector<codec::NetAddress> all;
    if (p.link_node) all = p.link_node->addresses;
    all.insert(all.end(), p.graph_addresses.begin(), p.graph_addresses.end());
    if (LNSTORE_TRY(add_addresses(store, p.pubkey, all))) peers_with_new_addresses.insert(p.pubkey);
  }
  summary.peers_with_new_addresses = static_cast<int>(peers_with_new_addresses.size());

  for (const auto& c : db.open_channels) {
    const codec::ChanPoint point = c.info.funding_outpoint;
    seen.insert(point_key(point));
    auto converted = to_channel_document(c);
    if (!converted) {
      skipped.push_back({point, converted.error().message});
      continue;
    }
    channels::ChannelDocument doc = std::move(*converted);
    doc.channel.status = lnd_status(c);
    auto existing = LNSTORE_TRY(channels::find_channel(store, point));
    if (!existing) {
      if (!LNSTORE_TRY(peer_known(doc.channel.peer))) ++summary.peers_added;  // a peer without a link node
      LNSTORE_TRY(channels::insert_channel(store, doc, channels::AtCap::drop_oldest));
      summary.added.push_back(point);
      continue;
    }
    channels::Channel& have = *existing;
    const channels::Channel& file = doc.channel;
    if (have.peer != file.peer || have.capacity_sat != file.capacity_sat || have.is_initiator != file.is_initiator)
      return rule_error("import_conflict", "channel " + to_string(point) +
                                               " has another peer, capacity or initiator in the database than in the"
                                               " file; it is not the same channel");
    if (have.status == channels::ChannelStatus::closed) {
      skipped.push_back({point, "closed in the database, still open in lnd's file: left closed"});
      continue;
    }
    if (file.num_updates < have.num_updates)
      return rule_error("stale_source", "the file is older than the database: channel " + to_string(point) + " is at " +
                                            std::to_string(file.num_updates) + " updates in the file, " +
                                            std::to_string(have.num_updates) + " in the database");
    // A close lnstore recorded (waiting for resolution) is kept.
    channels::Channel incoming = file;
    if (have.pending_close) incoming.status = have.status;
    std::vector<std::string> fields = merge_state(have, incoming);
    if (peers_with_new_addresses.contains(have.peer)) fields.emplace_back("peer_addresses");
    if (fields.empty()) {
      summary.unchanged.push_back(point);
      continue;
    }
    LNSTORE_TRY(channels::validate(have));
    LNSTORE_TRY(channels::save_synced(store, have));
    summary.updated.push_back({point, std::move(fields)});
  }
  // lnd v0.21 on SQL closes a channel in place: its bucket stays in the
  // open-channel tree, the outpoint index says closed and a close summary is
  // written. Such a channel is closed: its summary (below) accounts for it.
  std::set<std::string> summarised;
  for (const auto& x : db.closed_channels) summarised.insert(point_key(x.chan_point));
  for (const auto& s : db.skipped) {
    if (s.reason == "closed_in_outpoint_index" && summarised.contains(point_key(s.chan_point))) continue;
    seen.insert(point_key(s.chan_point));
    std::string why = s.reason == "closed_in_outpoint_index"
                          ? "lnd's outpoint index marks it closed; lnd leaves it out of backups"
                          : s.reason == "no_link_node" ? "its peer has no link node; lnd leaves it out of backups" : s.reason;
    skipped.push_back({s.chan_point, why});
  }

  for (const auto& x : db.closed_channels) {
    const codec::ChanPoint& point = x.chan_point;
    if (!seen.insert(point_key(point)).second) continue;  // also in the open bucket: handled there
    const StoredSummary incoming = summary_of(x);
    if (auto have = LNSTORE_TRY(stored_summary(store, point))) {
      auto fields = summary_differences(*have, incoming);
      if (fields.empty()) {
        summary.unchanged.push_back(point);
        continue;
      }
      auto q = store.query(
          "UPDATE closed_channels SET close_type = ?3, closing_txid = ?4, close_height = ?5, settled_sat = ?6,"
          " time_locked_sat = ?7 WHERE funding_txid = ?1 AND funding_output_index = ?2");
      q->bind(1, point.txid).bind(2, point.index).bind_text(3, incoming.close_type);
      if (incoming.closing_txid) q->bind(4, *incoming.closing_txid);
      q->bind(5, incoming.close_height).bind(6, incoming.settled_sat).bind(7, incoming.time_locked_sat);
      LNSTORE_TRY(q->run());
      summary.updated.push_back({point, std::move(fields)});
      continue;
    }
    if (auto open = LNSTORE_TRY(channels::find_channel(store, point))) {
      // lnd closed a channel the database holds as open: its summary closes it.
      LNSTORE_TRY(channels::close_with_summary(store, *open, close_of(incoming)));
      summary.closed.push_back(point);
      continue;
    }
    auto q = store.query(
        "INSERT INTO closed_channels (funding_txid, funding_output_index, channel_id, short_channel_id, peer_pubkey,"
        " capacity_sat, close_type, closing_txid, close_height, settled_sat, time_locked_sat, closed_at)"
        " VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    q->bind(1, point.txid).bind(2, point.index).bind(3, incoming.short_channel_id);
    q->bind(4, x.peer).bind(5, incoming.capacity_sat).bind_text(6, incoming.close_type);
    if (incoming.closing_txid) q->bind(7, *incoming.closing_txid);
    q->bind(8, incoming.close_height).bind(9, incoming.settled_sat).bind(10, incoming.time_locked_sat);
    // lnd keeps no close time; the summary is dated by its import.
    q->bind_text(11, util::now_rfc3339());
    LNSTORE_TRY(q->run());
    summary.added.push_back(point);
  }

  // What only the database knows stays, and is reported.
  auto q = store.query(
      "SELECT funding_txid, funding_output_index FROM channels UNION"
      " SELECT funding_txid, funding_output_index FROM closed_channels ORDER BY 1, 2");
  while (LNSTORE_TRY(q->step())) {
    codec::ChanPoint p;
    const util::Bytes txid = q->column_blob(0);
    std::copy(txid.begin(), txid.end(), p.txid.begin());
    p.index = static_cast<std::uint32_t>(q->column_int(1));
    if (!seen.contains(point_key(p))) summary.only_here.push_back(p);
  }

  summary.changed = !summary.added.empty() || !summary.updated.empty() || !summary.closed.empty() ||
                    !summary.removed.empty() || !summary.only_here.empty() || summary.peers_added > 0 ||
                    summary.peers_with_new_addresses > 0;
  return summary;
}

Json to_json(const ChannelsImportSummary& summary) {
  auto points = [](const std::vector<codec::ChanPoint>& list) {
    Json out = Json::array();
    for (const auto& p : list) out.push_back(to_string(p));
    return Json{{"count", list.size()}, {"chan_points", out}};
  };
  Json updated = Json::array();
  for (const auto& u : summary.updated) updated.push_back({{"chan_point", to_string(u.chan_point)}, {"fields", u.fields}});
  Json skipped = Json::array();
  for (const auto& s : summary.skipped) skipped.push_back({{"chan_point", to_string(s.chan_point)}, {"reason", s.reason}});
  return Json{{"added", points(summary.added)},
              {"updated", {{"count", summary.updated.size()}, {"channels", updated}}},
              {"closed", points(summary.closed)},
              {"removed", points(summary.removed)},
              {"unchanged", points(summary.unchanged)},
              {"only_here", points(summary.only_here)},
              {"peers", {{"added", summary.peers_added}, {"with_new_addresses", summary.peers_with_new_addresses}}},
              {"skipped", skipped},
              {"changed", summary.changed}};
}

}  // namespace lnstore::import
