#include "core/channels/channel_state.hpp"

#include "core/codec/lnd_net_address.hpp"

#include <algorithm>
#include <set>

#include "core/codec/bitcoin_tx.hpp"
#include "core/channels/peer_store.hpp"
#include "core/util/rfc3339.hpp"
#include "core/crypto/shachain.hpp"
#include "core/crypto/signature.hpp"
#include "core/codec/tower_address.hpp"

namespace lnstore::channels {

namespace {

constexpr std::int64_t k_max_money_sat = 2'100'000'000'000'000;
constexpr std::int64_t k_u32_max = 4294967295;
constexpr std::int64_t k_max_commit_height = (std::int64_t{1} << 48) - 1;
constexpr std::size_t k_max_script = 10'000;

std::unexpected<Error> bad(const std::string& field, const std::string& why) {
  return malformed("bad_field", "field '" + field + "': " + why);
}

template <class A>
bool contains(const A& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

bool present(const Json& doc, const char* key) {
  auto it = doc.find(key);
  return it != doc.end() && !it->is_null();
}

Result<crypto::PubKey> pubkey_field(const Json& v, const std::string& field) {
  if (!v.is_string()) return bad(field, "expected a public key (hex)");
  return crypto::parse_pubkey(v.get<std::string>(), field);
}

Result<std::int64_t> int_field(const Json& v, const std::string& field, std::int64_t lo, std::int64_t hi) {
  if (!v.is_number_integer()) return bad(field, "expected an integer");
  std::int64_t x;
  if (v.is_number_unsigned()) {
    auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return bad(field, "out of range");
    x = static_cast<std::int64_t>(u);
  } else {
    x = v.get<std::int64_t>();
  }
  if (x < lo || x > hi) return bad(field, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return x;
}

// Hex bytes (exactly `len` of them when `len` is not 0); their size is
// validate()'s.
Result<std::optional<util::Bytes>> hex_field(const Json& doc, const char* key, std::size_t len) {
  if (!present(doc, key)) return std::optional<util::Bytes>{};
  const auto& v = doc.at(key);
  if (!v.is_string()) return bad(key, "expected hex");
  return std::optional<util::Bytes>(LNSTORE_TRY(util::from_hex(v.get<std::string>(), key, len)));
}

// Any integer a JSON number holds in 64 bits; its range is validate()'s.
Result<std::int64_t> integer_field(const Json& v, const std::string& field) { return int_field(v, field, INT64_MIN, INT64_MAX); }

Result<KeyDescriptor> key_descriptor(const Json& v, const std::string& field) {
  if (!v.is_object()) return bad(field, "expected {\"family\", \"index\", \"pubkey\"}");
  for (auto it = v.begin(); it != v.end(); ++it)
    if (it.key() != "family" && it.key() != "index" && it.key() != "pubkey") return bad(field + "." + it.key(), "unknown field");
  KeyDescriptor d;
  bool has_family = present(v, "family"), has_index = present(v, "index");
  if (has_family != has_index) return bad(field, "family and index go together");
  if (has_family) {
    d.locator = codec::KeyLocator{static_cast<std::uint32_t>(LNSTORE_TRY(int_field(v.at("family"), field + ".family", 0, k_u32_max))),
                           static_cast<std::uint32_t>(LNSTORE_TRY(int_field(v.at("index"), field + ".index", 0, k_u32_max)))};
  }
  if (present(v, "pubkey")) d.pubkey = LNSTORE_TRY(pubkey_field(v.at("pubkey"), field + ".pubkey"));
  return d;
}

// The remote signature over our commitment: strict DER ECDSA, or for taproot
// channels a MuSig2 partial signature with its nonce (98 bytes), as lnd keeps it.
Result<void> check_commit_sig(const Channel& c) {
  if (!c.remote_commit_sig) return {};
  const util::Bytes& sig = *c.remote_commit_sig;
  if (codec::is_taproot(c.type)) {
    if (sig.size() != 98) return bad("remote_commit_sig", "a taproot channel's signature is 98 bytes (partial sig and nonce)");
    return {};
  }
  if (!crypto::is_valid_der_signature(sig))
    return bad("remote_commit_sig", "not a DER-encoded ECDSA signature");
  return {};
}

// Consistency of the transactions with the channel point.
Result<void> check_transactions(const Channel& c) {
  LNSTORE_TRY(check_commit_sig(c));
  if (c.funding_tx) {
    auto tx = LNSTORE_TRY(codec::decode_bitcoin_tx(*c.funding_tx));
    if (tx.txid != codec::txid_to_display_hex(c.chan_point.txid)) return bad("funding_tx", "its txid " + tx.txid + " is not the channel point's");
    if (c.chan_point.index >= tx.outputs.size()) return bad("funding_tx", "has no output " + std::to_string(c.chan_point.index));
    if (tx.outputs[c.chan_point.index].value_sat != c.capacity_sat)
      return bad("funding_tx", "funding output holds " + std::to_string(tx.outputs[c.chan_point.index].value_sat) +
                                   " sat, not capacity_sat " + std::to_string(c.capacity_sat));
  }
  if (c.local_commit_tx) {
    auto tx = LNSTORE_TRY(codec::decode_bitcoin_tx(*c.local_commit_tx));
    if (tx.inputs.size() != 1 || tx.inputs[0].prev_txid != codec::txid_to_display_hex(c.chan_point.txid) ||
        tx.inputs[0].vout != c.chan_point.index)
      return bad("local_commit_tx", "does not spend the funding outpoint alone");
  }
  return {};
}

Result<void> check_balances(const Channel& c) {
  if (c.local_balance_msat > c.capacity_sat * 1000 || c.remote_balance_msat > c.capacity_sat * 1000 ||
      c.local_balance_msat + c.remote_balance_msat > c.capacity_sat * 1000)
    return rule_error("balance_exceeds_capacity", "local_balance_msat + remote_balance_msat exceeds capacity_sat * 1000");
  return {};
}

Result<void> in_range(std::int64_t value, const std::string& field, std::int64_t lo, std::int64_t hi) {
  if (value < lo || value > hi) return bad(field, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  return {};
}

// No amount of a channel, not even a lifetime total sent or received, can
// be more than all the bitcoin there is; 2.1e18 msat also leaves room below
// INT64_MAX (9.2e18) to add a few.
constexpr std::int64_t k_max_money_msat = codec::k_max_money_sat * 1000;

Result<void> amount_in_range(std::int64_t value, const std::string& field) {
  if (value < 0 || value > k_max_money_msat)
    return bad(field, "must be between 0 and " + std::to_string(k_max_money_msat) + " msat (21,000,000 BTC)");
  return {};
}

Result<void> check_bytes(const std::optional<util::Bytes>& bytes, const char* field, std::size_t max_len) {
  if (!bytes) return {};
  if (bytes->empty()) return bad(field, "empty");
  if (bytes->size() > max_len) return bad(field, "too long");
  return {};
}

// The ranges of the mutable state: what an update may change.
Result<void> check_state_ranges(const Channel& c) {
  LNSTORE_TRY(amount_in_range(c.local_balance_msat, "local_balance_msat"));
  LNSTORE_TRY(amount_in_range(c.remote_balance_msat, "remote_balance_msat"));
  LNSTORE_TRY(in_range(c.fee_per_kw, "fee_per_kw", 0, k_u32_max));
  LNSTORE_TRY(in_range(c.num_updates, "num_updates", 0, k_max_commit_height));
  LNSTORE_TRY(amount_in_range(c.total_sent_msat, "total_sent_msat"));
  LNSTORE_TRY(amount_in_range(c.total_received_msat, "total_received_msat"));
  LNSTORE_TRY(amount_in_range(c.total_fees_msat, "total_fees_msat"));
  LNSTORE_TRY(check_bytes(c.local_commit_tx, "local_commit_tx", 400'000));
  LNSTORE_TRY(check_bytes(c.remote_commit_sig, "remote_commit_sig", 98));
  LNSTORE_TRY(check_bytes(c.local_delivery_script, "local_delivery_script", k_max_script));
  LNSTORE_TRY(check_bytes(c.remote_delivery_script, "remote_delivery_script", k_max_script));
  return {};
}

const std::set<std::string> k_document_fields = {
    "chan_point", "chan_id", "short_channel_id", "peer", "peer_addresses", "is_initiator", "type", "status",
    "capacity_sat", "local_balance_msat", "remote_balance_msat", "fee_per_kw", "num_updates", "total_sent_msat",
    "total_received_msat", "total_fees_msat", "local_csv_delay", "remote_csv_delay", "local_keys", "remote_keys",
    "shachain_root", "lease_expiry", "funding_tx", "local_commit_tx", "remote_commit_sig", "tapscript_root",
    "local_delivery_script", "remote_delivery_script", "created_at", "tower_registration"};

const std::set<std::string> k_update_fields = {
    "chan_point", "local_balance_msat", "remote_balance_msat", "fee_per_kw", "num_updates", "total_sent_msat",
    "total_received_msat", "total_fees_msat", "local_commit_tx", "remote_commit_sig", "local_delivery_script",
    "remote_delivery_script"};

Result<void> read_state_fields(Channel& c, const Json& doc, bool required) {
  auto num = [&](const char* key, std::int64_t& out, bool req) -> Result<void> {
    if (!present(doc, key)) {
      if (req) return malformed("missing_field", std::string("missing field '") + key + "'");
      return {};
    }
    out = LNSTORE_TRY(integer_field(doc.at(key), key));
    return {};
  };
  LNSTORE_TRY(num("local_balance_msat", c.local_balance_msat, required));
  LNSTORE_TRY(num("remote_balance_msat", c.remote_balance_msat, required));
  LNSTORE_TRY(num("fee_per_kw", c.fee_per_kw, required));
  LNSTORE_TRY(num("num_updates", c.num_updates, required));
  LNSTORE_TRY(num("total_sent_msat", c.total_sent_msat, false));
  LNSTORE_TRY(num("total_received_msat", c.total_received_msat, false));
  LNSTORE_TRY(num("total_fees_msat", c.total_fees_msat, false));
  if (auto v = LNSTORE_TRY(hex_field(doc, "local_commit_tx", 0))) c.local_commit_tx = v;
  if (auto v = LNSTORE_TRY(hex_field(doc, "remote_commit_sig", 0))) c.remote_commit_sig = v;
  if (auto v = LNSTORE_TRY(hex_field(doc, "local_delivery_script", 0))) c.local_delivery_script = v;
  if (auto v = LNSTORE_TRY(hex_field(doc, "remote_delivery_script", 0))) c.remote_delivery_script = v;
  return {};
}

Result<codec::ChanPoint> chan_point_field(const Json& doc) {
  if (!present(doc, "chan_point")) return malformed("missing_field", "missing field 'chan_point'");
  if (!doc.at("chan_point").is_string()) return bad("chan_point", "expected \"txid:index\"");
  return codec::parse_chan_point(doc.at("chan_point").get<std::string>());
}

}  // namespace

std::string_view to_string(ChannelStatus status) { return k_channel_status_names.at(static_cast<std::size_t>(status)); }

std::optional<ChannelStatus> parse_channel_status(std::string_view name) {
  auto it = std::find(k_channel_status_names.begin(), k_channel_status_names.end(), name);
  if (it == k_channel_status_names.end()) return std::nullopt;
  return static_cast<ChannelStatus>(it - k_channel_status_names.begin());
}

Result<void> validate(const Channel& c) {
  if (const auto expected = LNSTORE_TRY(codec::chan_id(c.chan_point)); c.chan_id != expected)
    return bad("chan_id", "does not match the channel point (BOLT 2 derivation gives " + util::to_hex(expected) + ")");
  if (!crypto::is_valid_pubkey(c.peer)) return bad("peer", "not a compressed secp256k1 public key on the curve");
  LNSTORE_TRY(in_range(c.capacity_sat, "capacity_sat", 1, codec::k_max_money_sat));
  LNSTORE_TRY(check_state_ranges(c));
  LNSTORE_TRY(check_balances(c));
  LNSTORE_TRY(in_range(c.local_csv_delay, "local_csv_delay", 1, 65535));
  LNSTORE_TRY(in_range(c.remote_csv_delay, "remote_csv_delay", 1, 65535));
  for (std::size_t i = 0; i < k_key_purposes.size(); ++i) {
    const std::string local = std::string("local_keys.") + k_key_purposes[i];
    const KeyDescriptor& d = c.local_keys[i];
    if (!d.locator) return bad(local, "needs family and index");
    if (d.pubkey && !crypto::is_valid_pubkey(*d.pubkey)) return bad(local + ".pubkey", "not a compressed secp256k1 public key on the curve");
    if (!crypto::is_valid_pubkey(c.remote_keys[i]))
      return bad(std::string("remote_keys.") + k_key_purposes[i], "not a compressed secp256k1 public key on the curve");
  }
  if (!c.shachain_root.locator && !c.shachain_root.pubkey)
    return bad("shachain_root", "needs a key locator (family, index) or a pubkey");
  if (c.shachain_root.pubkey && !crypto::is_valid_pubkey(*c.shachain_root.pubkey))
    return bad("shachain_root.pubkey", "not a compressed secp256k1 public key on the curve");
  if (c.type == ChannelType::script_enforced_lease) {
    if (!c.lease_expiry) return malformed("missing_field", "a script_enforced_lease channel needs 'lease_expiry'");
    LNSTORE_TRY(in_range(*c.lease_expiry, "lease_expiry", 1, k_u32_max));
  } else if (c.lease_expiry) {
    return bad("lease_expiry", "only a script_enforced_lease channel has a lease expiry");
  }
  LNSTORE_TRY(check_bytes(c.funding_tx, "funding_tx", 400'000));
  if (c.tapscript_root && c.tapscript_root->size() != 32) return bad("tapscript_root", "expected 32 bytes");
  if (c.type == ChannelType::tapscript_root && !c.tapscript_root)
    return malformed("missing_field", "a tapscript_root channel needs 'tapscript_root'");
  if (c.type != ChannelType::tapscript_root && c.tapscript_root) return bad("tapscript_root", "only a tapscript_root channel has one");
  if (!util::is_rfc3339_utc(c.created_at)) return bad("created_at", "expected an RFC 3339 UTC time like 2024-01-31T12:00:00Z");
  return check_transactions(c);
}

Result<ChannelDocument> parse_channel_document(const Json& doc) {
  if (!doc.is_object()) return malformed("bad_field", "a channel document must be a JSON object");
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (!k_document_fields.contains(it.key())) return bad(it.key(), "unknown field");
  ChannelDocument out;
  Channel& c = out.channel;
  c.chan_point = LNSTORE_TRY(chan_point_field(doc));
  c.chan_id = LNSTORE_TRY(codec::chan_id(c.chan_point));
  if (present(doc, "chan_id")) {
    if (!doc.at("chan_id").is_string() || doc.at("chan_id").get<std::string>() != util::to_hex(c.chan_id))
      return bad("chan_id", "does not match the channel point (BOLT 2 derivation gives " + util::to_hex(c.chan_id) + ")");
  }
  if (!present(doc, "short_channel_id")) return malformed("missing_field", "missing field 'short_channel_id'");
  const auto& scid = doc.at("short_channel_id");
  if (scid.is_string())
    c.short_channel_id = LNSTORE_TRY(codec::parse_short_channel_id(scid.get<std::string>()));
  else if (scid.is_number_unsigned() || (scid.is_number_integer() && scid.get<std::int64_t>() >= 0))
    c.short_channel_id = codec::ShortChannelId::from_u64(scid.get<std::uint64_t>());
  else
    return bad("short_channel_id", "expected \"BLOCKxTXxOUTPUT\"");
  if (!present(doc, "peer")) return malformed("missing_field", "missing field 'peer'");
  c.peer = LNSTORE_TRY(pubkey_field(doc.at("peer"), "peer"));
  if (present(doc, "peer_addresses")) {
    const auto& list = doc.at("peer_addresses");
    if (!list.is_array()) return bad("peer_addresses", "expected a list of \"host:port\"");
    for (const auto& a : list) {
      if (!a.is_string()) return bad("peer_addresses", "expected a list of \"host:port\"");
      out.peer_addresses.push_back(LNSTORE_TRY(codec::parse_net_address(a.get<std::string>(), codec::k_default_peer_port)).to_string());
    }
  }
  for (const char* key : {"is_initiator", "type", "local_keys", "remote_keys"})
    if (!present(doc, key)) return malformed("missing_field", std::string("missing field '") + key + "'");
  if (!doc.at("is_initiator").is_boolean())
    return bad("is_initiator", "expected true or false");
  c.is_initiator = doc.at("is_initiator").get<bool>();
  std::optional<ChannelType> type;
  if (doc.at("type").is_string()) type = codec::parse_channel_type(doc.at("type").get<std::string>());
  if (!type)
    return bad("type", "expected one of legacy, tweakless, anchors, anchors_zero_fee_htlc, script_enforced_lease, "
                       "simple_taproot, tapscript_root, simple_taproot_final");
  c.type = *type;
  if (present(doc, "status") && doc.at("status") != "open") return bad("status", "a new channel is \"open\"");
  if (!present(doc, "capacity_sat")) return malformed("missing_field", "missing field 'capacity_sat'");
  c.capacity_sat = LNSTORE_TRY(integer_field(doc.at("capacity_sat"), "capacity_sat"));
  LNSTORE_TRY(read_state_fields(c, doc, true));
  for (const char* key : {"local_csv_delay", "remote_csv_delay"}) {
    if (!present(doc, key)) return malformed("missing_field", std::string("missing field '") + key + "'");
    (key[0] == 'l' ? c.local_csv_delay : c.remote_csv_delay) = LNSTORE_TRY(integer_field(doc.at(key), key));
  }
  for (const char* side : {"local_keys", "remote_keys"}) {
    if (!present(doc, side) || !doc.at(side).is_object()) return bad(side, "expected an object of the five basepoints");
    const auto& keys = doc.at(side);
    for (auto it = keys.begin(); it != keys.end(); ++it)
      if (!contains(k_key_purposes, it.key())) return bad(std::string(side) + "." + it.key(), "unknown key");
    for (std::size_t i = 0; i < k_key_purposes.size(); ++i) {
      std::string field = std::string(side) + "." + k_key_purposes[i];
      if (!present(keys, k_key_purposes[i])) return malformed("missing_field", "missing field '" + field + "'");
      if (side[0] == 'l')
        c.local_keys[i] = LNSTORE_TRY(key_descriptor(keys.at(k_key_purposes[i]), field));
      else
        c.remote_keys[i] = LNSTORE_TRY(pubkey_field(keys.at(k_key_purposes[i]), field));
    }
  }
  if (!present(doc, "shachain_root")) return malformed("missing_field", "missing field 'shachain_root'");
  c.shachain_root = LNSTORE_TRY(key_descriptor(doc.at("shachain_root"), "shachain_root"));
  if (present(doc, "lease_expiry")) c.lease_expiry = LNSTORE_TRY(integer_field(doc.at("lease_expiry"), "lease_expiry"));
  c.funding_tx = LNSTORE_TRY(hex_field(doc, "funding_tx", 0));
  c.tapscript_root = LNSTORE_TRY(hex_field(doc, "tapscript_root", 32));
  if (present(doc, "created_at")) {
    if (!doc.at("created_at").is_string()) return bad("created_at", "expected an RFC 3339 UTC time like 2024-01-31T12:00:00Z");
    c.created_at = doc.at("created_at").get<std::string>();
  } else {
    c.created_at = util::now_rfc3339();
  }
  LNSTORE_TRY(validate(c));
  return out;
}

Result<void> apply_update_document(Channel& c, const Json& update) {
  if (!update.is_object()) return malformed("bad_field", "a channel update must be a JSON object");
  for (auto it = update.begin(); it != update.end(); ++it)
    if (!k_update_fields.contains(it.key())) return bad(it.key(), "cannot be changed by an update");
  if (present(update, "chan_point")) {
    auto point = LNSTORE_TRY(chan_point_field(update));
    if (!(point == c.chan_point)) return bad("chan_point", "does not name the channel being updated");
  }
  std::int64_t before = c.num_updates;
  LNSTORE_TRY(read_state_fields(c, update, false));
  LNSTORE_TRY(check_state_ranges(c));
  if (c.num_updates < before)
    return rule_error("num_updates_decreased", "num_updates must not go backwards (" + std::to_string(before) + " -> " +
                                                  std::to_string(c.num_updates) + ")");
  return validate(c);
}

namespace {

constexpr const char* k_channel_columns =
    "id, funding_txid, funding_output_index, chan_id, short_channel_id, peer_pubkey, is_initiator, type, status,"
    " capacity_sat, local_balance_msat, remote_balance_msat, fee_per_kw, num_updates, total_sent_msat,"
    " total_received_msat, total_fees_msat, local_csv_delay, remote_csv_delay, shachain_family, shachain_index,"
    " shachain_pubkey, lease_expiry, funding_tx, local_commit_tx, remote_commit_sig, tapscript_root,"
    " local_delivery_script, remote_delivery_script, created_at, close_type, closing_txid, close_height,"
    " settled_sat, time_locked_sat";

template <std::size_t N>
void copy_bytes(const util::Bytes& from, std::array<std::uint8_t, N>& to) {
  std::copy_n(from.begin(), std::min(from.size(), N), to.begin());
}

std::optional<util::Bytes> opt_blob(storage::Statement& q, int col) {
  if (q.column_null(col)) return std::nullopt;
  return q.column_blob(col);
}

// A text column of a closed set (the schema's CHECK keeps it one).
template <class T>
Result<T> enum_column(std::optional<T> value, storage::Statement& q, int col, const char* column) {
  if (!value)
    return fail(ExitClass::incompatible, "database_corrupt", std::string("channels.") + column + " holds '" + q.column_text(col) + "'");
  return *value;
}

Result<Channel> read_channel(storage::Statement& q) {
  Channel c;
  c.id = q.column_int(0);
  copy_bytes(q.column_blob(1), c.chan_point.txid);
  c.chan_point.index = static_cast<std::uint32_t>(q.column_int(2));
  copy_bytes(q.column_blob(3), c.chan_id);
  c.short_channel_id = codec::ShortChannelId::from_u64(static_cast<std::uint64_t>(q.column_int(4)));
  copy_bytes(q.column_blob(5), c.peer);
  c.is_initiator = q.column_int(6) != 0;
  c.type = LNSTORE_TRY(enum_column(codec::parse_channel_type(q.column_text(7)), q, 7, "type"));
  c.status = LNSTORE_TRY(enum_column(parse_channel_status(q.column_text(8)), q, 8, "status"));
  c.capacity_sat = q.column_int(9);
  c.local_balance_msat = q.column_int(10);
  c.remote_balance_msat = q.column_int(11);
  c.fee_per_kw = q.column_int(12);
  c.num_updates = q.column_int(13);
  c.total_sent_msat = q.column_int(14);
  c.total_received_msat = q.column_int(15);
  c.total_fees_msat = q.column_int(16);
  c.local_csv_delay = q.column_int(17);
  c.remote_csv_delay = q.column_int(18);
  if (!q.column_null(19))
    c.shachain_root.locator = codec::KeyLocator{static_cast<std::uint32_t>(q.column_int(19)), static_cast<std::uint32_t>(q.column_int(20))};
  if (!q.column_null(21)) {
    crypto::PubKey k{};
    copy_bytes(q.column_blob(21), k);
    c.shachain_root.pubkey = k;
  }
  c.lease_expiry = q.column_opt_int(22);
  c.funding_tx = opt_blob(q, 23);
  c.local_commit_tx = opt_blob(q, 24);
  c.remote_commit_sig = opt_blob(q, 25);
  c.tapscript_root = opt_blob(q, 26);
  c.local_delivery_script = opt_blob(q, 27);
  c.remote_delivery_script = opt_blob(q, 28);
  c.created_at = q.column_text(29);
  if (!q.column_null(30))
    c.pending_close = ChannelClose{LNSTORE_TRY(enum_column(codec::parse_close_type(q.column_text(30)), q, 30, "close_type")),
                                   opt_blob(q, 31), q.column_int(32), q.column_int(33), q.column_int(34)};
  // The fields a backup or a document needs by type: lnstore never stores a
  // channel without them (validate), so their absence is damage, refused
  // here (exit 6) before a backup encoder meets it.
  const bool needs_root = c.type == ChannelType::tapscript_root;
  const bool needs_lease = c.type == ChannelType::script_enforced_lease;
  if (needs_root != c.tapscript_root.has_value() || (c.tapscript_root && c.tapscript_root->size() != 32) ||
      needs_lease != c.lease_expiry.has_value())
    return fail(ExitClass::incompatible, "database_corrupt",
                "channel " + codec::to_string(c.chan_point) + " of type " + std::string(codec::to_string(c.type)) +
                    " lacks its tapscript root or lease expiry, or has one its type does not: the database was changed"
                    " outside lnstore",
                {{"chan_point", codec::to_string(c.chan_point)}});
  return c;
}

Result<void> load_keys(storage::Store& store, Channel& c) {
  auto q = store.query("SELECT side, purpose, family, key_index, pubkey FROM channel_keys WHERE channel_id = ?1");
  q->bind(1, c.id);
  while (LNSTORE_TRY(q->step())) {
    std::string side = q->column_text(0), purpose = q->column_text(1);
    auto i = static_cast<std::size_t>(std::find(k_key_purposes.begin(), k_key_purposes.end(), purpose) - k_key_purposes.begin());
    if (i >= k_key_purposes.size()) continue;
    if (side == "local") {
      c.local_keys[i].locator = codec::KeyLocator{static_cast<std::uint32_t>(q->column_int(2)), static_cast<std::uint32_t>(q->column_int(3))};
      if (!q->column_null(4)) {
        crypto::PubKey k{};
        copy_bytes(q->column_blob(4), k);
        c.local_keys[i].pubkey = k;
      }
    } else {
      copy_bytes(q->column_blob(4), c.remote_keys[i]);
    }
  }
  return {};
}

Result<std::vector<Channel>> query_channels(storage::Store& store, const std::string& where, const std::function<void(storage::Statement&)>& bind) {
  std::vector<Channel> out;
  {
    auto q = store.query(std::string("SELECT ") + k_channel_columns + " FROM channels " + where);
    bind(*q);
    while (LNSTORE_TRY(q->step())) out.push_back(LNSTORE_TRY(read_channel(*q)));
  }
  for (auto& c : out) LNSTORE_TRY(load_keys(store, c));
  return out;
}

}  // namespace

Result<std::optional<Channel>> find_channel(storage::Store& store, const codec::ChanPoint& point) {
  auto found = LNSTORE_TRY(query_channels(store, "WHERE funding_txid = ?1 AND funding_output_index = ?2", [&](storage::Statement& q) {
    q.bind(1, point.txid).bind(2, point.index);
  }));
  if (found.empty()) return std::optional<Channel>{};
  return std::optional<Channel>(std::move(found.front()));
}

Result<Channel> load_channel(storage::Store& store, const codec::ChanPoint& point) {
  auto c = LNSTORE_TRY(find_channel(store, point));
  if (!c) return rule_error("channel_not_found", "channel not found: " + to_string(point));
  return std::move(*c);
}

Result<Channel> insert_channel(storage::Store& store, const ChannelDocument& doc, AtCap at_cap) {
  const Channel& c = doc.channel;
  if (LNSTORE_TRY(find_channel(store, c.chan_point)))
    return rule_error("channel_already_exists", "channel already exists: " + to_string(c.chan_point));
  {
    auto dup = store.query("SELECT 1 FROM channels WHERE chan_id = ?1");
    dup->bind(1, c.chan_id);
    if (LNSTORE_TRY(dup->step()))
      return rule_error("channel_already_exists", "a channel with channel id " + util::to_hex(c.chan_id) + " already exists");
  }
  LNSTORE_TRY(channels::ensure_peer(store, c.peer));
  // Listed addresses are added oldest first so the first one ends up newest.
  for (auto it = doc.peer_addresses.rbegin(); it != doc.peer_addresses.rend(); ++it)
    LNSTORE_TRY(channels::add_address(store, c.peer, *it, at_cap));
  auto q = store.query(
      "INSERT INTO channels (funding_txid, funding_output_index, chan_id, short_channel_id, peer_pubkey, is_initiator,"
      " type, status, capacity_sat, local_balance_msat, remote_balance_msat, fee_per_kw, num_updates, total_sent_msat,"
      " total_received_msat, total_fees_msat, local_csv_delay, remote_csv_delay, shachain_family, shachain_index,"
      " shachain_pubkey, lease_expiry, funding_tx, local_commit_tx, remote_commit_sig, tapscript_root,"
      " local_delivery_script, remote_delivery_script, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,"
      " ?23, ?24, ?25, ?26, ?27, ?28, ?29)");
  auto opt = [&](int i, const std::optional<util::Bytes>& b) {
    if (b) q->bind(i, *b);
  };
  q->bind(1, c.chan_point.txid).bind(2, c.chan_point.index).bind(3, c.chan_id);
  q->bind(4, static_cast<std::int64_t>(c.short_channel_id.to_u64())).bind(5, c.peer).bind(6, c.is_initiator ? 1 : 0);
  q->bind_text(7, codec::to_string(c.type)).bind_text(8, to_string(c.status)).bind(9, c.capacity_sat).bind(10, c.local_balance_msat);
  q->bind(11, c.remote_balance_msat).bind(12, c.fee_per_kw).bind(13, c.num_updates).bind(14, c.total_sent_msat);
  q->bind(15, c.total_received_msat).bind(16, c.total_fees_msat).bind(17, c.local_csv_delay).bind(18, c.remote_csv_delay);
  if (c.shachain_root.locator) q->bind(19, c.shachain_root.locator->family).bind(20, c.shachain_root.locator->index);
  if (c.shachain_root.pubkey) q->bind(21, *c.shachain_root.pubkey);
  q->bind(22, c.lease_expiry);
  opt(23, c.funding_tx);
  opt(24, c.local_commit_tx);
  opt(25, c.remote_commit_sig);
  opt(26, c.tapscript_root);
  opt(27, c.local_delivery_script);
  opt(28, c.remote_delivery_script);
  q->bind_text(29, c.created_at);
  LNSTORE_TRY(q->run());
  std::int64_t id = store.last_insert_rowid();
  for (std::size_t i = 0; i < k_key_purposes.size(); ++i) {
    auto k = store.query("INSERT INTO channel_keys (channel_id, side, purpose, family, key_index, pubkey) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    k->bind(1, id).bind_text(2, "local").bind_text(3, k_key_purposes[i]);
    k->bind(4, c.local_keys[i].locator->family).bind(5, c.local_keys[i].locator->index);
    if (c.local_keys[i].pubkey) k->bind(6, *c.local_keys[i].pubkey);
    LNSTORE_TRY(k->run());
    auto r = store.query("INSERT INTO channel_keys (channel_id, side, purpose, pubkey) VALUES (?1, 'remote', ?2, ?3)");
    r->bind(1, id).bind_text(2, k_key_purposes[i]).bind(3, c.remote_keys[i]);
    LNSTORE_TRY(r->run());
  }
  return load_channel(store, c.chan_point);
}

Result<void> save_state(storage::Store& store, const Channel& c) {
  auto q = store.query(
      "UPDATE channels SET local_balance_msat = ?2, remote_balance_msat = ?3, fee_per_kw = ?4, num_updates = ?5,"
      " total_sent_msat = ?6, total_received_msat = ?7, total_fees_msat = ?8, local_commit_tx = ?9,"
      " remote_commit_sig = ?10, local_delivery_script = ?11, remote_delivery_script = ?12 WHERE id = ?1");
  q->bind(1, c.id).bind(2, c.local_balance_msat).bind(3, c.remote_balance_msat).bind(4, c.fee_per_kw);
  q->bind(5, c.num_updates).bind(6, c.total_sent_msat).bind(7, c.total_received_msat).bind(8, c.total_fees_msat);
  if (c.local_commit_tx) q->bind(9, *c.local_commit_tx);
  if (c.remote_commit_sig) q->bind(10, *c.remote_commit_sig);
  if (c.local_delivery_script) q->bind(11, *c.local_delivery_script);
  if (c.remote_delivery_script) q->bind(12, *c.remote_delivery_script);
  return q->run();
}

Result<void> save_synced(storage::Store& store, const Channel& c) {
  LNSTORE_TRY(save_state(store, c));
  auto q = store.query(
      "UPDATE channels SET short_channel_id = ?2, status = ?3, funding_tx = ?4, lease_expiry = ?5, tapscript_root = ?6"
      " WHERE id = ?1");
  q->bind(1, c.id).bind(2, static_cast<std::int64_t>(c.short_channel_id.to_u64())).bind_text(3, to_string(c.status));
  if (c.funding_tx) q->bind(4, *c.funding_tx);
  q->bind(5, c.lease_expiry);
  if (c.tapscript_root) q->bind(6, *c.tapscript_root);
  return q->run();
}

Result<std::vector<Channel>> list_channels(storage::Store& store, const ChannelFilter& f) {
  return query_channels(store, "WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR peer_pubkey = ?2) ORDER BY id",
                        [&](storage::Statement& q) {
                          if (f.status) q.bind_text(1, to_string(*f.status));
                          if (f.peer) q.bind(2, *f.peer);
                        });
}

Result<std::vector<storage::CheckProblem>> audit_channels(storage::Store& store) {
  std::vector<storage::CheckProblem> problems;
  std::vector<codec::ChanPoint> points;
  {
    auto q = store.query("SELECT funding_txid, funding_output_index FROM channels ORDER BY id");
    while (LNSTORE_TRY(q->step())) {
      codec::ChanPoint p;
      copy_bytes(q->column_blob(0), p.txid);
      p.index = static_cast<std::uint32_t>(q->column_int(1));
      points.push_back(p);
    }
  }
  for (const auto& p : points) {
    const std::string name = codec::to_string(p);
    auto c = find_channel(store, p);
    if (!c) {
      if (c.error().exit != ExitClass::incompatible) return std::unexpected(c.error());
      problems.push_back({"channel_unreadable", c.error().message, name});
      continue;
    }
    if (!*c) continue;
    if (auto valid = validate(**c); !valid) problems.push_back({"channel_invalid", "channel " + name + ": " + valid.error().message, name});
  }
  auto q = store.query("SELECT lower(hex(peer_pubkey)), address FROM peer_addresses ORDER BY peer_pubkey, seq");
  for (;;) {
    auto row = q->step();
    if (!row) {
      if (row.error().exit != ExitClass::incompatible) return std::unexpected(row.error());
      problems.push_back({"peer_address_invalid", row.error().message, std::nullopt});
      break;
    }
    if (!*row) break;
    auto addr = codec::parse_lnd_address(q->column_text(1), std::nullopt, codec::AddressText::stored);
    if (!addr)
      problems.push_back({"peer_address_invalid", "peer " + q->column_text(0) + " has a stored address that does not parse: " +
                                                      addr.error().message,
                          q->column_text(0)});
  }
  return problems;
}

Result<std::vector<codec::ChanPoint>> unclosed_chan_points(storage::Store& store) {
  auto q = store.query("SELECT funding_txid, funding_output_index FROM channels WHERE status <> 'closed' ORDER BY id");
  std::vector<codec::ChanPoint> out;
  while (LNSTORE_TRY(q->step())) {
    codec::ChanPoint p;
    copy_bytes(q->column_blob(0), p.txid);
    p.index = static_cast<std::uint32_t>(q->column_int(1));
    out.push_back(p);
  }
  return out;
}

namespace {
Result<void> record_closed(storage::Store& store, const Channel& c, const ChannelClose& p) {
  auto q = store.query(
      "INSERT INTO closed_channels (funding_txid, funding_output_index, channel_id, short_channel_id, peer_pubkey,"
      " capacity_sat, close_type, closing_txid, close_height, settled_sat, time_locked_sat, closed_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  q->bind(1, c.chan_point.txid).bind(2, c.chan_point.index).bind(3, c.id);
  q->bind(4, static_cast<std::int64_t>(c.short_channel_id.to_u64())).bind(5, c.peer).bind(6, c.capacity_sat);
  q->bind_text(7, codec::to_string(p.type));
  if (p.closing_txid) q->bind(8, *p.closing_txid);
  q->bind(9, p.height).bind(10, p.settled_sat).bind(11, p.time_locked_sat).bind_text(12, util::now_rfc3339());
  LNSTORE_TRY(q->run());
  auto s = store.query("UPDATE channels SET status = 'closed' WHERE id = ?1");
  s->bind(1, c.id);
  return s->run();
}
}  // namespace

Result<void> close_with_summary(storage::Store& store, const Channel& c, const ChannelClose& summary) {
  if (c.status == ChannelStatus::closed)
    return rule_error("channel_not_open", "channel " + to_string(c.chan_point) + " is already closed");
  return record_closed(store, c, summary);
}

Result<Channel> close_channel(storage::Store& store, const codec::ChanPoint& point, const ChannelClose& p) {
  auto c = LNSTORE_TRY(load_channel(store, point));
  if (c.status != ChannelStatus::open && c.status != ChannelStatus::restored)
    return rule_error("channel_not_open",
                      "channel " + to_string(point) + " is " + std::string(to_string(c.status)) + ", not open");
  if (p.settled_sat + p.time_locked_sat > c.capacity_sat)
    return rule_error("balance_exceeds_capacity", "settled_sat + time_locked_sat exceeds capacity_sat");
  if (p.type == CloseType::local_force) {
    auto q = store.query(
        "UPDATE channels SET status = 'waiting_close', close_type = ?2, closing_txid = ?3, close_height = ?4,"
        " settled_sat = ?5, time_locked_sat = ?6 WHERE id = ?1");
    q->bind(1, c.id).bind_text(2, codec::to_string(p.type));
    if (p.closing_txid) q->bind(3, *p.closing_txid);
    q->bind(4, p.height).bind(5, p.settled_sat).bind(6, p.time_locked_sat);
    LNSTORE_TRY(q->run());
  } else {
    LNSTORE_TRY(record_closed(store, c, p));
  }
  return load_channel(store, point);
}

Result<Channel> resolve_channel(storage::Store& store, const codec::ChanPoint& point) {
  auto c = LNSTORE_TRY(load_channel(store, point));
  if (c.status != ChannelStatus::waiting_close || !c.pending_close)
    return rule_error("channel_not_waiting_close",
                      "channel " + to_string(point) + " is " + std::string(to_string(c.status)) + ", not waiting_close");
  LNSTORE_TRY(record_closed(store, c, *c.pending_close));
  return load_channel(store, point);
}

Result<Json> channel_json(storage::Store& store, const Channel& c, const std::optional<TowerRegistration>& tower_registration) {
  auto opt_hex = [](const std::optional<util::Bytes>& b) { return b ? Json(util::to_hex(*b)) : Json(nullptr); };
  auto descriptor = [](const KeyDescriptor& d) {
    return Json{{"family", d.locator ? Json(d.locator->family) : Json(nullptr)},
                {"index", d.locator ? Json(d.locator->index) : Json(nullptr)},
                {"pubkey", d.pubkey ? Json(util::to_hex(*d.pubkey)) : Json(nullptr)}};
  };
  Json local = Json::object(), remote = Json::object();
  for (std::size_t i = 0; i < k_key_purposes.size(); ++i) {
    local[k_key_purposes[i]] = descriptor(c.local_keys[i]);
    remote[k_key_purposes[i]] = util::to_hex(c.remote_keys[i]);
  }
  Json registration = nullptr;
  if (tower_registration) {
    auto opt = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); };
    registration = Json{{"sweep_pkscript", util::to_hex(tower_registration->sweep_pkscript)},
                        {"max_commit_height", opt(tower_registration->max_commit_height)},
                        {"closed_height", opt(tower_registration->closed_height)}};
  }
  // Fallible reads first: an error must not leave a half-built initializer.
  auto peer_addresses = LNSTORE_TRY(channels::addresses_of(store, c.peer));
  return Json{{"chan_point", to_string(c.chan_point)},
              {"chan_id", util::to_hex(c.chan_id)},
              {"short_channel_id", to_string(c.short_channel_id)},
              {"peer", util::to_hex(c.peer)},
              {"peer_addresses", std::move(peer_addresses)},
              {"is_initiator", c.is_initiator},
              {"type", std::string(codec::to_string(c.type))},
              {"status", std::string(to_string(c.status))},
              {"capacity_sat", c.capacity_sat},
              {"local_balance_msat", c.local_balance_msat},
              {"remote_balance_msat", c.remote_balance_msat},
              {"fee_per_kw", c.fee_per_kw},
              {"num_updates", c.num_updates},
              {"total_sent_msat", c.total_sent_msat},
              {"total_received_msat", c.total_received_msat},
              {"total_fees_msat", c.total_fees_msat},
              {"local_csv_delay", c.local_csv_delay},
              {"remote_csv_delay", c.remote_csv_delay},
              {"local_keys", local},
              {"remote_keys", remote},
              {"shachain_root", descriptor(c.shachain_root)},
              {"lease_expiry", c.lease_expiry ? Json(*c.lease_expiry) : Json(nullptr)},
              {"funding_tx", opt_hex(c.funding_tx)},
              {"local_commit_tx", opt_hex(c.local_commit_tx)},
              {"remote_commit_sig", opt_hex(c.remote_commit_sig)},
              {"tapscript_root", opt_hex(c.tapscript_root)},
              {"local_delivery_script", opt_hex(c.local_delivery_script)},
              {"remote_delivery_script", opt_hex(c.remote_delivery_script)},
              {"created_at", c.created_at},
              {"tower_registration", registration}};
}

Result<Json> closed_channels_json(storage::Store& store, const std::optional<CloseType>& close_type) {
  auto q = store.query(
      "SELECT funding_txid, funding_output_index, peer_pubkey, capacity_sat, close_type, closing_txid,"
      " close_height, settled_sat, time_locked_sat, closed_at FROM closed_channels"
      " WHERE ?1 IS NULL OR close_type = ?1 ORDER BY close_height, closed_at, funding_txid, funding_output_index");
  if (close_type) q->bind_text(1, codec::to_string(*close_type));
  Json out = Json::array();
  while (LNSTORE_TRY(q->step())) {
    codec::ChanPoint p;
    copy_bytes(q->column_blob(0), p.txid);
    p.index = static_cast<std::uint32_t>(q->column_int(1));
    Json closing = nullptr;
    if (!q->column_null(5)) {
      codec::Txid t{};
      copy_bytes(q->column_blob(5), t);
      closing = codec::txid_to_display_hex(t);
    }
    out.push_back({{"chan_point", to_string(p)},
                   {"peer", util::to_hex(q->column_blob(2))},
                   {"capacity_sat", q->column_int(3)},
                   {"type", q->column_text(4)},
                   {"closing_txid", closing},
                   {"close_height", q->column_int(6)},
                   {"settled_sat", q->column_int(7)},
                   {"time_locked_sat", q->column_int(8)},
                   {"closed_at", q->column_text(9)}});
  }
  return Json{{"closed_channels", out}};
}

Result<Json> channel_stats(storage::Store& store, bool by_peer) {
  // Summed here, not by SQL's sum(), which fails on an int64 overflow: each
  // amount is at most 21e6 BTC in msat, but a few such channels add up past
  // INT64_MAX. __int128 cannot overflow on any number of int64 rows.
  constexpr const char* k_names[] = {"capacity_sat", "local_balance_msat", "remote_balance_msat",
                                     "total_sent_msat", "total_received_msat", "total_fees_msat"};
  constexpr std::size_t k_n = std::size(k_names);
  struct Sums {
    std::int64_t num_channels = 0;
    __int128 amounts[k_n] = {};
  };
  const auto to_json_sums = [&](const Sums& sums, Json out) -> Result<Json> {
    out["num_channels"] = sums.num_channels;
    for (std::size_t i = 0; i < k_n; ++i) {
      if (sums.amounts[i] < 0 || sums.amounts[i] > INT64_MAX)
        return fail(ExitClass::rule, "total_out_of_range",
                    std::string("the sum of ") + k_names[i] + " over the open channels does not fit in 64 bits",
                    {{"field", k_names[i]}});
      out[k_names[i]] = static_cast<std::int64_t>(sums.amounts[i]);
    }
    return out;
  };
  Sums totals;
  std::vector<std::pair<crypto::PubKey, Sums>> peers;  // in peer order, from ORDER BY
  auto q = store.query(
      "SELECT peer_pubkey, capacity_sat, local_balance_msat, remote_balance_msat, total_sent_msat,"
      " total_received_msat, total_fees_msat FROM channels WHERE status = 'open' ORDER BY peer_pubkey");
  while (LNSTORE_TRY(q->step())) {
    const auto peer_bytes = q->column_blob(0);
    crypto::PubKey peer{};
    if (peer_bytes.size() == peer.size()) std::copy(peer_bytes.begin(), peer_bytes.end(), peer.begin());
    if (peers.empty() || peers.back().first != peer) peers.emplace_back(peer, Sums{});
    for (Sums* sums : {&totals, &peers.back().second}) {
      ++sums->num_channels;
      for (std::size_t i = 0; i < k_n; ++i) sums->amounts[i] += q->column_int(static_cast<int>(i) + 1);
    }
  }
  Json peers_json = nullptr;
  if (by_peer) {
    peers_json = Json::array();
    for (const auto& [peer, sums] : peers)
      peers_json.push_back(LNSTORE_TRY(to_json_sums(sums, Json{{"peer", util::to_hex(peer)}})));
  }
  // Not inside the braces below: an early return out of a half-built
  // initializer list leaks the elements already built (GCC).
  Json totals_json = LNSTORE_TRY(to_json_sums(totals, Json::object()));
  return Json{{"totals", std::move(totals_json)}, {"by_peer", std::move(peers_json)}};
}

namespace {
Result<crypto::ShachainReceiver> load_receiver(storage::Store& store, std::int64_t channel_id) {
  std::vector<crypto::ShachainEntry> entries;
  auto q = store.query("SELECT position, bolt_index, secret FROM revocation_secrets WHERE channel_id = ?1 ORDER BY position");
  q->bind(1, channel_id);
  while (LNSTORE_TRY(q->step())) {
    crypto::ShachainEntry e;
    e.position = static_cast<std::uint8_t>(q->column_int(0));
    e.index = static_cast<std::uint64_t>(q->column_int(1));
    auto bytes = q->column_blob(2);
    if (bytes.size() != 32) return fail(ExitClass::incompatible, "revocation_store_corrupt", "stored secret has a bad length");
    std::copy(bytes.begin(), bytes.end(), e.secret.mutable_bytes().begin());
    entries.push_back(std::move(e));
  }
  return crypto::ShachainReceiver::restore(entries);
}
}  // namespace

Result<Json> store_revocation_secret(storage::Store& store, const codec::ChanPoint& point, std::uint64_t commitment, const std::string& secret_hex) {
  auto c = LNSTORE_TRY(load_channel(store, point));
  auto bolt_index = LNSTORE_TRY(crypto::commitment_to_bolt_index(commitment));
  auto secret = LNSTORE_TRY(crypto::parse_shachain_secret(secret_hex));
  auto receiver = LNSTORE_TRY(load_receiver(store, c.id));
  LNSTORE_TRY(receiver.insert(bolt_index, secret));
  auto del = store.query("DELETE FROM revocation_secrets WHERE channel_id = ?1");
  del->bind(1, c.id);
  LNSTORE_TRY(del->run());
  auto entries = receiver.entries();
  for (const auto& e : entries) {
    auto ins = store.query("INSERT INTO revocation_secrets (channel_id, position, bolt_index, secret) VALUES (?1, ?2, ?3, ?4)");
    ins->bind(1, c.id).bind(2, e.position).bind(3, static_cast<std::int64_t>(e.index)).bind(4, e.secret.bytes());
    LNSTORE_TRY(ins->run());
  }
  return Json{{"chan_point", to_string(point)},
              {"index", commitment},
              {"bolt_index", bolt_index},
              {"num_stored", entries.size()}};
}

Result<Json> derive_revocation_secret(storage::Store& store, const codec::ChanPoint& point, std::uint64_t commitment) {
  auto c = LNSTORE_TRY(load_channel(store, point));
  auto bolt_index = LNSTORE_TRY(crypto::commitment_to_bolt_index(commitment));
  auto receiver = LNSTORE_TRY(load_receiver(store, c.id));
  auto secret = LNSTORE_TRY(receiver.derive(bolt_index));
  return Json{{"chan_point", to_string(point)},
              {"index", commitment},
              {"bolt_index", bolt_index},
              {"secret", util::to_hex(secret.bytes())}};
}

}  // namespace lnstore::channels
