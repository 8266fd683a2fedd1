#include "core/ops/operations.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <vector>

#include "core/codec/blob_type.hpp"
#include "core/codec/chan_point.hpp"
#include "core/channels/channel_state.hpp"
#include "core/channels/peer_store.hpp"
#include "core/ops/channel_towers.hpp"
#include "core/ops/params.hpp"
#include "core/crypto/pubkey.hpp"
#include "core/codec/tower_address.hpp"
#include "core/wtclient/wtclient.hpp"

namespace lnstore::ops {

namespace {

using Json = nlohmann::ordered_json;
using Handler = std::function<Result<Json>(storage::Store&, const Params&, OperationContext&)>;

constexpr std::int64_t k_max_height = (std::int64_t{1} << 62);

// A tower reference: a number (tower id) or a string (id or pubkey).
Result<std::int64_t> tower_param(storage::Store& store, const Params& p, const char* key) {
  if (!p.has(key)) return malformed("missing_field", std::string("missing field '") + key + "'");
  const auto& v = p.json().at(key);
  if (v.is_number_integer()) return wtclient::resolve_tower(store, std::to_string(v.get<std::int64_t>()));
  if (v.is_string()) return wtclient::resolve_tower(store, v.get<std::string>());
  return malformed("bad_field", std::string("field '") + key + "': expected a tower id or pubkey");
}

Result<std::uint16_t> blob_type_param(const Json& v, const char* key) {
  if (v.is_number_integer()) return codec::parse_blob_type(std::to_string(v.get<std::int64_t>()));
  if (v.is_string()) return codec::parse_blob_type(v.get<std::string>());
  return malformed("bad_field", std::string("field '") + key + "': expected a blob type name or number");
}

// A new session's id is validated on the curve when it is created.
Result<util::Bytes> new_session_id_param(const Params& p, const char* key) {
  auto key_bytes = LNSTORE_TRY(crypto::parse_pubkey(LNSTORE_TRY(p.text(key)), key));
  return util::Bytes(key_bytes.begin(), key_bytes.end());
}

// A reference to an existing session only has to have the shape of one: a
// key that is not on the curve cannot be stored, so it is simply not found.
// (Decompressing a point costs more than the whole lookup.)
Result<util::Bytes> session_id_param(const Params& p, const char* key) {
  auto bytes = LNSTORE_TRY(p.hex(key, 33));
  if (bytes[0] != 0x02 && bytes[0] != 0x03)
    return malformed("invalid_pubkey", std::string(key) + ": not a compressed public key");
  return bytes;
}

Result<Json> tower_add(storage::Store& store, const Params& p, OperationContext&) {
  auto addr = LNSTORE_TRY(codec::parse_node_address(LNSTORE_TRY(p.text("address")), codec::k_default_tower_port));
  auto tower = LNSTORE_TRY(wtclient::add_tower(store, addr));
  return wtclient::to_json(tower, std::nullopt);
}

// "pubkey" may carry "@address", as on the command line.
Result<std::pair<crypto::PubKey, std::optional<codec::NetAddress>>> pubkey_and_address(const Params& p) {
  auto text = LNSTORE_TRY(p.text("pubkey"));
  std::optional<std::string> addr_text = LNSTORE_TRY(p.opt_text("address"));
  if (auto at = text.find('@'); at != std::string::npos) {
    addr_text = text.substr(at + 1);
    text = text.substr(0, at);
  }
  auto key = LNSTORE_TRY(crypto::parse_pubkey(text, "pubkey"));
  std::optional<codec::NetAddress> addr;
  if (addr_text) addr = LNSTORE_TRY(codec::parse_net_address(*addr_text, codec::k_default_tower_port));
  return std::pair{key, addr};
}

Result<Json> tower_remove(storage::Store& store, const Params& p, OperationContext&) {
  auto [key, addr] = LNSTORE_TRY(pubkey_and_address(p));
  auto r = LNSTORE_TRY(wtclient::remove_tower(store, key, addr));
  if (r.deleted) return Json{{"pubkey", util::to_hex(key)}, {"deleted", true}};
  return wtclient::to_json(*r.tower, std::nullopt);
}

Result<Json> tower_deactivate(storage::Store& store, const Params& p, OperationContext&) {
  auto [key, addr] = LNSTORE_TRY(pubkey_and_address(p));
  (void)addr;
  return wtclient::to_json(LNSTORE_TRY(wtclient::deactivate_tower(store, key)), std::nullopt);
}

Result<Json> session_reserve(storage::Store& store, const Params& p, OperationContext&) {
  auto tower = LNSTORE_TRY(tower_param(store, p, "tower"));
  std::uint16_t blob_type = codec::k_blob_legacy;
  if (p.has("blob_type")) blob_type = LNSTORE_TRY(blob_type_param(p.json().at("blob_type"), "blob_type"));
  bool force = LNSTORE_TRY(p.flag("force_next"));
  auto r = LNSTORE_TRY(wtclient::reserve_key_index(store, tower, blob_type, force));
  return Json{{"tower_id", r.tower_id}, {"blob_type", codec::blob_type_name(r.blob_type)}, {"key_index", r.key_index}};
}

Result<Json> session_create(storage::Store& store, const Params& p, OperationContext&) {
  wtclient::NewSession s;
  s.id = LNSTORE_TRY(new_session_id_param(p, "id"));
  s.key_index = LNSTORE_TRY(p.integer("key_index", 0, 4294967295));
  if (p.has("policy")) {
    Params pol(*LNSTORE_TRY(p.object("policy")));
    static constexpr std::string_view k_policy_fields[] = {"blob_type", "max_updates", "reward_base", "reward_rate", "sweep_fee_rate"};
    LNSTORE_TRY(pol.only(k_policy_fields, "policy."));
    if (pol.has("blob_type")) s.policy.blob_type = LNSTORE_TRY(blob_type_param(pol.json().at("blob_type"), "policy.blob_type"));
    if (pol.has("max_updates")) s.policy.max_updates = static_cast<std::uint16_t>(LNSTORE_TRY(pol.integer("max_updates", 0, 65535)));
    if (pol.has("reward_base")) s.policy.reward_base = static_cast<std::uint32_t>(LNSTORE_TRY(pol.integer("reward_base", 0, 4294967295)));
    if (pol.has("reward_rate")) s.policy.reward_rate = static_cast<std::uint32_t>(LNSTORE_TRY(pol.integer("reward_rate", 0, 4294967295)));
    if (pol.has("sweep_fee_rate")) s.policy.sweep_fee_rate = static_cast<std::uint64_t>(LNSTORE_TRY(pol.integer("sweep_fee_rate", 0, INT64_MAX)));
  }
  if (auto script = LNSTORE_TRY(p.opt_hex("reward_pkscript"))) s.reward_pkscript = *script;
  LNSTORE_TRY(wtclient::validate_policy(s.policy));
  s.tower_id = LNSTORE_TRY(tower_param(store, p, "tower"));
  return wtclient::to_json(LNSTORE_TRY(wtclient::create_session(store, s)), std::nullopt);
}

Result<Json> session_terminate(storage::Store& store, const Params& p, OperationContext&) {
  auto id = LNSTORE_TRY(session_id_param(p, "id"));
  return wtclient::to_json(LNSTORE_TRY(wtclient::terminate_session(store, id)), std::nullopt);
}

Result<Json> session_delete(storage::Store& store, const Params& p, OperationContext&) {
  auto id = LNSTORE_TRY(session_id_param(p, "id"));
  bool deleted = LNSTORE_TRY(wtclient::delete_session(store, id));
  return Json{{"id", util::to_hex(id)}, {"deleted", deleted}};
}

Result<Json> update_commit(storage::Store& store, const Params& p, OperationContext&) {
  wtclient::CommittedUpdate u;
  u.session_id = LNSTORE_TRY(session_id_param(p, "session"));
  u.seqnum = LNSTORE_TRY(p.integer("seqnum", 1, 65535));
  u.chan_id = LNSTORE_TRY(p.hex("chan_id", 32));
  u.commit_height = LNSTORE_TRY(p.integer("commit_height", 0, k_max_height));
  u.hint = LNSTORE_TRY(p.hex("hint", 16));
  u.encrypted_blob = LNSTORE_TRY(p.hex("blob"));
  if (u.encrypted_blob.empty()) return malformed("bad_field", "field 'blob': empty encrypted blob");
  auto r = LNSTORE_TRY(wtclient::commit_update(store, u));
  return Json{{"session", util::to_hex(u.session_id)}, {"seqnum", u.seqnum}, {"last_applied", r.last_applied}};
}

Result<Json> update_ack(storage::Store& store, const Params& p, OperationContext&) {
  auto id = LNSTORE_TRY(session_id_param(p, "session"));
  auto seqnum = LNSTORE_TRY(p.integer("seqnum", 0, 65535));
  auto last = LNSTORE_TRY(p.integer("last_applied", 0, 65535));
  return wtclient::to_json(LNSTORE_TRY(wtclient::ack_update(store, id, seqnum, last)), std::nullopt);
}

Result<Json> channel_register(storage::Store& store, const Params& p, OperationContext&) {
  auto chan_id = LNSTORE_TRY(p.hex("chan_id", 32));
  auto script = LNSTORE_TRY(p.hex("sweep_pkscript"));
  if (script.empty()) return malformed("bad_field", "field 'sweep_pkscript': empty script");
  return wtclient::to_json(LNSTORE_TRY(wtclient::register_channel(store, chan_id, script)));
}

Result<Json> channel_mark_closed(storage::Store& store, const Params& p, OperationContext&) {
  auto chan_id = LNSTORE_TRY(p.hex("chan_id", 32));
  auto height = LNSTORE_TRY(p.integer("height", 0, 4294967295));
  auto r = LNSTORE_TRY(wtclient::mark_channel_closed(store, chan_id, height));
  Json ids = Json::array();
  for (const auto& id : r.closable_sessions) ids.push_back(util::to_hex(id));
  return Json{{"chan_id", util::to_hex(chan_id)}, {"closed_height", height}, {"deleted", r.deleted}, {"closable_sessions", ids}};
}

// ---- channel state ---------------------------------------------------------

Result<codec::ChanPoint> chan_point_param(const Params& p) { return codec::parse_chan_point(LNSTORE_TRY(p.text("chan_point"))); }

Result<Json> channel_open(storage::Store& store, const Params& p, OperationContext& ctx) {
  auto doc = LNSTORE_TRY(channels::parse_channel_document(*LNSTORE_TRY(p.object("channel"))));
  auto c = LNSTORE_TRY(channels::insert_channel(store, doc));
  ctx.backup_data_changed = true;
  return ops::channel_json(store, c);
}

Result<Json> channel_update(storage::Store& store, const Params& p, OperationContext& ctx) {
  if (p.has("update") && p.has("channel"))
    return malformed("bad_field", "give the update as 'update' or as 'channel', not both");
  auto point = LNSTORE_TRY(chan_point_param(p));
  const char* key = p.has("update") ? "update" : "channel";
  const Json* update = LNSTORE_TRY(p.object(key));
  auto c = LNSTORE_TRY(channels::load_channel(store, point));
  if (c.status != channels::ChannelStatus::open)
    return rule_error("channel_not_open",
                      "channel " + to_string(point) + " is " + std::string(channels::to_string(c.status)) + ", not open");
  LNSTORE_TRY(channels::apply_update_document(c, *update));
  LNSTORE_TRY(channels::save_state(store, c));
  ctx.backup_data_changed = true;
  return ops::channel_json(store, LNSTORE_TRY(channels::load_channel(store, point)));
}

Result<Json> channel_close(storage::Store& store, const Params& p, OperationContext& ctx) {
  auto point = LNSTORE_TRY(chan_point_param(p));
  channels::ChannelClose r;
  auto type = codec::parse_close_type(LNSTORE_TRY(p.text("type")));
  if (!type)
    return malformed("bad_field", "field 'type': expected cooperative, local_force, remote_force, breach, funding_canceled or abandoned");
  r.type = *type;
  if (auto txid = LNSTORE_TRY(p.opt_text("closing_txid"))) {
    auto t = LNSTORE_TRY(codec::txid_from_display_hex(*txid));
    r.closing_txid = util::Bytes(t.begin(), t.end());
  } else if (r.type != codec::CloseType::abandoned && r.type != codec::CloseType::funding_canceled) {
    return malformed("missing_field", "missing field 'closing_txid' (only abandoned and funding_canceled closes have none)");
  }
  r.height = LNSTORE_TRY(p.integer("height", 0, 4294967295));
  r.settled_sat = LNSTORE_TRY(p.opt_integer("settled_sat", 0, 2'100'000'000'000'000)).value_or(0);
  r.time_locked_sat = LNSTORE_TRY(p.opt_integer("time_locked_sat", 0, 2'100'000'000'000'000)).value_or(0);
  auto result = LNSTORE_TRY(ops::close_channel(store, point, r));
  ctx.backup_data_changed = true;
  auto j = LNSTORE_TRY(ops::channel_json(store, result.channel));
  Json ids = Json::array();
  for (const auto& id : result.closable_sessions) ids.push_back(util::to_hex(id));
  j["closable_sessions"] = ids;
  return j;
}

Result<Json> channel_resolve(storage::Store& store, const Params& p, OperationContext& ctx) {
  auto point = LNSTORE_TRY(chan_point_param(p));
  auto c = LNSTORE_TRY(channels::resolve_channel(store, point));
  ctx.backup_data_changed = true;
  return ops::channel_json(store, c);
}

Result<Json> channel_revoke(storage::Store& store, const Params& p, OperationContext&) {
  auto point = LNSTORE_TRY(chan_point_param(p));
  auto index = LNSTORE_TRY(p.integer("index", 0, (std::int64_t{1} << 48) - 1));
  auto secret = LNSTORE_TRY(p.text("secret"));
  return channels::store_revocation_secret(store, point, static_cast<std::uint64_t>(index), secret);
}

Result<Json> peer_add(storage::Store& store, const Params& p, OperationContext& ctx) {
  auto addr = LNSTORE_TRY(codec::parse_node_address(LNSTORE_TRY(p.text("address")), codec::k_default_peer_port));
  auto peer = LNSTORE_TRY(channels::add_peer(store, addr));
  ctx.backup_data_changed = true;  // backups carry peer addresses
  return channels::to_json(peer);
}

Result<Json> peer_remove_address(storage::Store& store, const Params& p, OperationContext& ctx) {
  auto addr = LNSTORE_TRY(codec::parse_node_address(LNSTORE_TRY(p.text("address")), codec::k_default_peer_port));
  auto peer = LNSTORE_TRY(channels::remove_address(store, addr));
  ctx.backup_data_changed = true;
  return channels::to_json(peer);
}

// An operation: its handler and the closed set of fields it takes.
struct Operation {
  Handler handler;
  std::vector<std::string_view> fields;
};

const std::unordered_map<std::string_view, Operation>& operations() {
  static const std::unordered_map<std::string_view, Operation> k_operations = {
      {"tower.add", {tower_add, {"address"}}},
      {"tower.remove", {tower_remove, {"pubkey", "address"}}},
      {"tower.deactivate", {tower_deactivate, {"pubkey", "address"}}},
      {"session.reserve", {session_reserve, {"tower", "blob_type", "force_next"}}},
      {"session.create", {session_create, {"tower", "key_index", "id", "policy", "reward_pkscript"}}},
      {"session.terminate", {session_terminate, {"id"}}},
      {"session.delete", {session_delete, {"id"}}},
      {"update.commit", {update_commit, {"session", "seqnum", "chan_id", "commit_height", "hint", "blob"}}},
      {"update.ack", {update_ack, {"session", "seqnum", "last_applied"}}},
      {"channel.register", {channel_register, {"chan_id", "sweep_pkscript"}}},
      {"channel.mark_closed", {channel_mark_closed, {"chan_id", "height"}}},
      {"channel.open", {channel_open, {"channel"}}},
      {"channel.update", {channel_update, {"chan_point", "update", "channel"}}},
      {"channel.close", {channel_close, {"chan_point", "type", "closing_txid", "height", "settled_sat", "time_locked_sat"}}},
      {"channel.resolve", {channel_resolve, {"chan_point"}}},
      {"channel.revoke", {channel_revoke, {"chan_point", "index", "secret"}}},
      {"peer.add", {peer_add, {"address"}}},
      {"peer.remove_address", {peer_remove_address, {"address"}}},
  };
  return k_operations;
}

}  // namespace

bool is_known_operation(std::string_view name) { return operations().contains(name); }

Result<Json> run_operation(storage::Store& store, std::string_view name, const Json& params, OperationContext& context) {
  auto it = operations().find(name);
  if (it == operations().end()) return fail(ExitClass::malformed, "unknown_operation", "unknown operation '" + std::string(name) + "'");
  if (!params.is_object()) return malformed("bad_field", "operation fields must be a JSON object");
  const Params p(params);
  LNSTORE_TRY(p.only(it->second.fields));
  return it->second.handler(store, p, context);
}

}  // namespace lnstore::ops
