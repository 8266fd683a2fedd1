#include "core/lnd/lnd_channeldb_reader.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "core/codec/btcd_tx_extent.hpp"
#include "core/crypto/secret_key.hpp"
#include "core/codec/wire_reader.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::lnd {

namespace {

using Span = std::span<const std::uint8_t>;

// ChannelType bits (chanstate/channel_type.go).
constexpr std::uint64_t k_type_dual_funder = 1u << 0;
constexpr std::uint64_t k_type_tweakless = 1u << 1;
constexpr std::uint64_t k_type_no_funding_tx = 1u << 2;
constexpr std::uint64_t k_type_anchors = 1u << 3;
constexpr std::uint64_t k_type_frozen = 1u << 4;
constexpr std::uint64_t k_type_zero_htlc_tx_fee = 1u << 5;
constexpr std::uint64_t k_type_lease_expiration = 1u << 6;
constexpr std::uint64_t k_type_zero_conf = 1u << 7;
constexpr std::uint64_t k_type_simple_taproot = 1u << 10;
constexpr std::uint64_t k_type_tapscript_root = 1u << 11;
constexpr std::uint64_t k_type_taproot_final = 1u << 12;
constexpr std::uint64_t k_type_known_bits = (std::uint64_t{1} << 13) - 1;

// ChannelStatus bits (chanstate/channel_status.go).
constexpr std::uint64_t k_status_restored = 1u << 3;
constexpr std::array<const char*, 7> k_status_names = {
    "borked",           "commit_broadcasted",    "local_data_loss",       "restored",
    "coop_broadcasted", "local_close_initiator", "remote_close_initiator"};

// shachain keeps at most 49 received secrets (BOLT 3).
constexpr std::size_t k_max_revocation_store_entries = 49;
constexpr std::uint8_t k_outpoint_open = 0;
constexpr std::uint8_t k_outpoint_closed = 1;
constexpr std::uint16_t k_channel_reestablish_type = 136;

std::unexpected<Error> corrupt(std::string_view field, std::string_view what) {
  return fail(ExitClass::incompatible, "corrupt_source", std::string(field) + ": " + std::string(what),
              nlohmann::json{{"field", std::string(field)}});
}

std::unexpected<Error> unsupported(std::string message,
                                   nlohmann::ordered_json details = nlohmann::ordered_json::object()) {
  return fail(ExitClass::incompatible, "lnd_channeldb_unsupported", std::move(message), std::move(details));
}

// Prefixes an error with where in the file it happened.
template <class T>
Result<T> at(Result<T> result, const std::string& path) {
  if (!result) {
    Error& error = result.error();
    error.message = "lnd channel.db " + path + ": " + error.message;
    if (!error.details.contains("db_path")) error.details["db_path"] = path;
  }
  return result;
}

std::unexpected<Error> at(std::unexpected<Error> error, const std::string& path) {
  error.error().message = "lnd channel.db " + path + ": " + error.error().message;
  error.error().details["db_path"] = path;
  return error;
}

bool key_is(Span key, std::string_view name) {
  return key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](std::uint8_t a, char b) {
           return a == static_cast<std::uint8_t>(b);
         });
}

util::Bytes key_bytes(std::string_view name) { return util::Bytes(name.begin(), name.end()); }

Result<bool> read_bool(codec::WireReader& r, std::string_view field) {
  // Go's binary.Read of a bool: any non-zero byte is true.
  return LNSTORE_TRY(r.u8(field)) != 0;
}

Result<crypto::PubKey> read_pubkey(codec::WireReader& r, std::string_view field) {
  const crypto::PubKey key = LNSTORE_TRY(r.array<33>(field));
  if (!crypto::is_valid_pubkey(key)) return r.error(field, "not a valid compressed public key");
  return key;
}

Result<codec::ChanPoint> read_outpoint(codec::WireReader& r, std::string_view field) {
  codec::ChanPoint point;
  point.txid = LNSTORE_TRY(r.array<32>(std::string(field) + ".txid"));
  point.index = LNSTORE_TRY(r.u32_be(std::string(field) + ".index"));
  return point;
}

Result<util::Bytes> read_tx(codec::WireReader& r, std::string_view field) {
  const Span tx = LNSTORE_TRY(codec::read_btcd_tx(r, field));
  return util::Bytes(tx.begin(), tx.end());
}

Result<codec::NetAddress> read_address(codec::WireReader& r, const std::string& field) {
  Span rest = r.rest();
  const std::size_t before = rest.size();
  codec::NetAddress address = LNSTORE_TRY(read_lnd_net_address(rest, field));
  LNSTORE_TRY(r.bytes(before - rest.size(), field));
  return address;
}

Result<LndKeyDescriptor> read_key_descriptor(codec::WireReader& r, const std::string& field) {
  LndKeyDescriptor key;
  key.locator.family = LNSTORE_TRY(r.u32_be(field + ".family"));
  key.locator.index = LNSTORE_TRY(r.u32_be(field + ".index"));
  if (LNSTORE_TRY(read_bool(r, field + ".has_pubkey"))) key.pubkey = LNSTORE_TRY(read_pubkey(r, field + ".pubkey"));
  return key;
}

// writeChanConfig's order (not the struct's): limits, CSV, then the five keys.
Result<LndChannelConfig> read_channel_config(codec::WireReader& r, const std::string& field) {
  LndChannelConfig config;
  config.dust_limit_sat = LNSTORE_TRY(r.u64_be(field + ".dust_limit"));
  config.max_pending_msat = LNSTORE_TRY(r.u64_be(field + ".max_pending_amount"));
  config.chan_reserve_sat = LNSTORE_TRY(r.u64_be(field + ".chan_reserve"));
  config.min_htlc_msat = LNSTORE_TRY(r.u64_be(field + ".min_htlc"));
  config.max_accepted_htlcs = LNSTORE_TRY(r.u16_be(field + ".max_accepted_htlcs"));
  config.csv_delay = LNSTORE_TRY(r.u16_be(field + ".csv_delay"));
  for (std::size_t i = 0; i < config.keys.size(); ++i)
    config.keys[i] = LNSTORE_TRY(read_key_descriptor(r, field + "." + codec::k_key_purposes[i]));
  return config;
}

struct TlvRecord {
  std::uint64_t type = 0;
  Span value;
};

// A TLV stream running to the end of the value, as lnd's non-p2p decoder
// reads it: types strictly increasing, every record within the data.
Result<std::vector<TlvRecord>> read_tlv_stream(codec::WireReader& r, const std::string& field) {
  std::vector<TlvRecord> records;
  while (!r.at_end()) {
    TlvRecord record;
    record.type = LNSTORE_TRY(r.bigsize(field + ".type"));
    if (!records.empty() && record.type <= records.back().type)
      return r.error(field + ".type", "TLV type " + std::to_string(record.type) + " does not increase");
    const std::string name = field + "[" + std::to_string(record.type) + "]";
    const std::uint64_t length = LNSTORE_TRY(r.bigsize(name + ".length"));
    if (length > r.remaining())
      return r.error(name, "length " + std::to_string(length) + " runs past the value (" +
                               std::to_string(r.remaining()) + " bytes left)");
    record.value = LNSTORE_TRY(r.bytes(static_cast<std::size_t>(length), name));
    records.push_back(record);
  }
  return records;
}

Result<std::uint64_t> tlv_uint(const TlvRecord& record, std::size_t width, const std::string& field) {
  if (record.value.size() != width)
    return corrupt(field, "expected " + std::to_string(width) + " bytes, found " + std::to_string(record.value.size()));
  std::uint64_t value = 0;
  for (std::uint8_t b : record.value) value = value << 8 | b;
  return value;
}

Result<void> apply_chan_info_tlv(LndChanInfo& info, const std::vector<TlvRecord>& records) {
  for (const TlvRecord& record : records) {
    const std::string field = "chan-info.tlv[" + std::to_string(record.type) + "]";
    switch (record.type) {
      case 1: {
        const std::uint64_t locator = LNSTORE_TRY(tlv_uint(record, 8, field + " (revocation key locator)"));
        info.revocation_key_locator =
            codec::KeyLocator{static_cast<std::uint32_t>(locator >> 32), static_cast<std::uint32_t>(locator & 0xFFFFFFFFu)};
        break;
      }
      case 2:
        info.initial_local_balance_msat = LNSTORE_TRY(tlv_uint(record, 8, field + " (initial local balance)"));
        break;
      case 3:
        info.initial_remote_balance_msat = LNSTORE_TRY(tlv_uint(record, 8, field + " (initial remote balance)"));
        break;
      case 4:
        info.real_scid = LNSTORE_TRY(tlv_uint(record, 8, field + " (real scid)"));
        break;
      case 5:
        info.memo = util::Bytes(record.value.begin(), record.value.end());
        break;
      case 6: {
        if (record.value.size() != 32)
          return corrupt(field + " (tapscript root)",
                         "expected 32 bytes, found " + std::to_string(record.value.size()));
        std::array<std::uint8_t, 32> root{};
        std::copy(record.value.begin(), record.value.end(), root.begin());
        info.tapscript_root = root;
        break;
      }
      case 7:
        info.custom_blob = util::Bytes(record.value.begin(), record.value.end());
        break;
      case 8:
        info.confirmation_height =
            static_cast<std::uint32_t>(LNSTORE_TRY(tlv_uint(record, 4, field + " (confirmation height)")));
        break;
      case 9:
        info.close_confirmation_height =
            static_cast<std::uint32_t>(LNSTORE_TRY(tlv_uint(record, 4, field + " (close confirmation height)")));
        break;
      default:
        info.unknown_tlv_types.push_back(record.type);
    }
  }
  return {};
}

Result<LndChanInfo> chan_info(Span value, std::uint32_t db_version) {
  codec::WireReader r(value, "corrupt_source", "chan-info: ", ExitClass::incompatible);
  LndChanInfo info;
  info.chan_type = LNSTORE_TRY(r.bigsize("chan_type"));
  info.chain_hash = LNSTORE_TRY(r.array<32>("chain_hash"));
  info.funding_outpoint = LNSTORE_TRY(read_outpoint(r, "funding_outpoint"));
  info.short_channel_id = LNSTORE_TRY(r.u64_be("short_channel_id"));
  info.is_pending = LNSTORE_TRY(read_bool(r, "is_pending"));
  info.is_initiator = LNSTORE_TRY(read_bool(r, "is_initiator"));
  info.status = LNSTORE_TRY(r.bigsize("chan_status"));
  info.funding_broadcast_height = LNSTORE_TRY(r.u32_be("funding_broadcast_height"));
  info.num_confs_required = LNSTORE_TRY(r.u16_be("num_confs_required"));
  info.channel_flags = LNSTORE_TRY(r.u8("channel_flags"));
  info.identity_pub = LNSTORE_TRY(read_pubkey(r, "identity_pub"));
  info.capacity_sat = LNSTORE_TRY(r.u64_be("capacity"));
  info.total_msat_sent = LNSTORE_TRY(r.u64_be("total_msat_sent"));
  info.total_msat_received = LNSTORE_TRY(r.u64_be("total_msat_received"));
  if (db_version == 25) {
    info.initial_local_balance_msat = LNSTORE_TRY(r.u64_be("initial_local_balance"));
    info.initial_remote_balance_msat = LNSTORE_TRY(r.u64_be("initial_remote_balance"));
  }
  // lnd's fundingTxPresent().
  const bool funding_tx_present = (info.chan_type & k_type_dual_funder) == 0 &&
                                  (info.chan_type & k_type_no_funding_tx) == 0 && info.is_initiator &&
                                  (info.status & k_status_restored) == 0;
  if (funding_tx_present) info.funding_tx = LNSTORE_TRY(read_tx(r, "funding_tx"));
  info.local_config = LNSTORE_TRY(read_channel_config(r, "local_chan_cfg"));
  info.remote_config = LNSTORE_TRY(read_channel_config(r, "remote_chan_cfg"));
  const std::vector<TlvRecord> records = LNSTORE_TRY(read_tlv_stream(r, "tlv"));
  LNSTORE_TRY(apply_chan_info_tlv(info, records));
  return info;
}

Result<LndCommitment> commitment(Span value) {
  codec::WireReader r(value, "corrupt_source", "commitment: ", ExitClass::incompatible);
  LndCommitment c;
  c.commit_height = LNSTORE_TRY(r.u64_be("commit_height"));
  c.local_log_index = LNSTORE_TRY(r.u64_be("local_log_index"));
  c.local_htlc_index = LNSTORE_TRY(r.u64_be("local_htlc_index"));
  c.remote_log_index = LNSTORE_TRY(r.u64_be("remote_log_index"));
  c.remote_htlc_index = LNSTORE_TRY(r.u64_be("remote_htlc_index"));
  c.local_balance_msat = LNSTORE_TRY(r.u64_be("local_balance"));
  c.remote_balance_msat = LNSTORE_TRY(r.u64_be("remote_balance"));
  c.commit_fee_sat = LNSTORE_TRY(r.u64_be("commit_fee"));
  c.fee_per_kw = LNSTORE_TRY(r.u64_be("fee_per_kw"));
  c.commit_tx = LNSTORE_TRY(read_tx(r, "commit_tx"));
  c.commit_sig = LNSTORE_TRY(r.var_bytes("commit_sig", k_lnd_max_var_bytes));
  const std::uint16_t htlcs = LNSTORE_TRY(r.u16_be("htlc_count"));
  for (std::uint16_t i = 0; i < htlcs; ++i) {
    const std::string h = "htlc[" + std::to_string(i) + "].";
    LNSTORE_TRY(r.var_bytes(h + "signature", k_lnd_max_var_bytes));
    LNSTORE_TRY(r.bytes(32, h + "rhash"));
    LNSTORE_TRY(r.u64_be(h + "amount"));
    LNSTORE_TRY(r.u32_be(h + "refund_timeout"));
    LNSTORE_TRY(r.u32_be(h + "output_index"));
    LNSTORE_TRY(r.u8(h + "incoming"));
    LNSTORE_TRY(r.var_bytes(h + "onion_and_extra_data", k_lnd_max_var_bytes));
    LNSTORE_TRY(r.u64_be(h + "htlc_index"));
    LNSTORE_TRY(r.u64_be(h + "log_index"));
  }
  c.num_htlcs = htlcs;
  LNSTORE_TRY(read_tlv_stream(r, "tlv"));
  return c;
}

// The public key of a legacy shachain root used as a private key, reduced
// mod n as btcec.PrivKeyFromBytes does.
Result<crypto::PubKey> legacy_root_pubkey(Span root) {
  const std::optional<crypto::PubKey> key = LNSTORE_TRY(crypto::pubkey_of_scalar_mod_n(root.first<32>()));
  if (!key) return corrupt("revocation_producer", "the shachain root is zero modulo the curve order");
  return *key;
}

Result<LndRevocationState> revocation_state(Span value) {
  codec::WireReader r(value, "corrupt_source", "revocation-state: ", ExitClass::incompatible);
  LndRevocationState state;
  state.remote_current_revocation = LNSTORE_TRY(read_pubkey(r, "remote_current_revocation"));
  // A view into the file image: no copy of the secret is made here.
  const Span root = LNSTORE_TRY(r.bytes(32, "revocation_producer"));
  const std::uint8_t entries = LNSTORE_TRY(r.u8("revocation_store.count"));
  if (entries > k_max_revocation_store_entries)
    return r.error("revocation_store.count", std::to_string(entries) + " entries exceed shachain's 49");
  for (std::uint8_t i = 0; i < entries; ++i) {
    const std::string e = "revocation_store[" + std::to_string(i) + "]";
    LNSTORE_TRY(r.u64_be(e + ".index"));
    LNSTORE_TRY(r.bytes(32, e + ".hash"));
  }
  state.store_entries = entries;
  state.store_index = LNSTORE_TRY(r.u64_be("revocation_store.index"));
  if (!r.at_end()) state.remote_next_revocation = LNSTORE_TRY(read_pubkey(r, "remote_next_revocation"));
  LNSTORE_TRY(r.finish("revocation state"));
  state.producer_pubkey = LNSTORE_TRY(legacy_root_pubkey(root));
  return state;
}

Result<LndLinkNode> link_node(Span value) {
  codec::WireReader r(value, "corrupt_source", "link node: ", ExitClass::incompatible);
  LndLinkNode node;
  node.network = LNSTORE_TRY(r.u32_be("network"));
  node.pubkey = LNSTORE_TRY(read_pubkey(r, "pubkey"));
  node.last_seen = LNSTORE_TRY(r.u64_be("last_seen"));
  const std::uint32_t count = LNSTORE_TRY(r.u32_be("address_count"));
  // No reserve(count): the count is untrusted; each address consumes bytes.
  for (std::uint32_t i = 0; i < count; ++i)
    node.addresses.push_back(LNSTORE_TRY(read_address(r, "address[" + std::to_string(i) + "]")));
  LNSTORE_TRY(r.finish("link node"));
  return node;
}

Result<LndGraphNode> graph_node(Span value) {
  codec::WireReader r(value, "corrupt_source", "graph node: ", ExitClass::incompatible);
  LndGraphNode node;
  node.last_update = LNSTORE_TRY(r.u64_be("last_update"));
  node.pubkey = LNSTORE_TRY(read_pubkey(r, "pubkey"));
  const std::uint16_t has_announcement = LNSTORE_TRY(r.u16_be("has_announcement"));
  if (has_announcement > 1)
    return r.error("has_announcement", "expected 0 or 1, found " + std::to_string(has_announcement));
  node.has_announcement = has_announcement == 1;
  if (!node.has_announcement) {
    LNSTORE_TRY(r.finish("graph node"));
    return node;
  }
  node.color = LNSTORE_TRY(r.array<3>("color"));
  const util::Bytes alias = LNSTORE_TRY(r.var_bytes("alias", k_lnd_max_var_bytes));
  node.alias.assign(alias.begin(), alias.end());
  const std::uint16_t feature_length = LNSTORE_TRY(r.u16_be("features.length"));
  const Span features = LNSTORE_TRY(r.bytes(feature_length, "features"));
  node.features.assign(features.begin(), features.end());
  const std::uint16_t count = LNSTORE_TRY(r.u16_be("address_count"));
  for (std::uint16_t i = 0; i < count; ++i)
    node.addresses.push_back(LNSTORE_TRY(read_address(r, "address[" + std::to_string(i) + "]")));
  LNSTORE_TRY(r.var_bytes("signature", k_lnd_max_var_bytes));
  // lnd reads the extra opaque data only if any bytes remain.
  if (!r.at_end()) LNSTORE_TRY(r.var_bytes("extra_opaque_data", k_lnd_max_var_bytes));
  LNSTORE_TRY(r.finish("graph node"));
  return node;
}

}  // namespace

std::optional<codec::CloseType> lnd_close_type(std::uint8_t lnd_code) {
  // lnd numbered remote force closes after breaches and canceled fundings.
  switch (lnd_code) {
    case 0: return codec::CloseType::cooperative;
    case 1: return codec::CloseType::local_force;
    case 2: return codec::CloseType::breach;
    case 3: return codec::CloseType::funding_canceled;
    case 4: return codec::CloseType::remote_force;
    case 5: return codec::CloseType::abandoned;
    default: return std::nullopt;
  }
}

namespace {

Result<LndClosedChannel> close_summary(Span value) {
  codec::WireReader r(value, "corrupt_source", "close summary: ", ExitClass::incompatible);
  LndClosedChannel c;
  c.chan_point = LNSTORE_TRY(read_outpoint(r, "chan_point"));
  c.short_channel_id = codec::ShortChannelId::from_u64(LNSTORE_TRY(r.u64_be("short_chan_id")));
  c.chain_hash = LNSTORE_TRY(r.array<32>("chain_hash"));
  c.closing_txid = LNSTORE_TRY(r.array<32>("closing_txid"));
  c.close_height = LNSTORE_TRY(r.u32_be("close_height"));
  c.peer = LNSTORE_TRY(read_pubkey(r, "remote_pub"));
  c.capacity_sat = LNSTORE_TRY(r.u64_be("capacity"));
  c.settled_sat = LNSTORE_TRY(r.u64_be("settled_balance"));
  c.time_locked_sat = LNSTORE_TRY(r.u64_be("time_locked_balance"));
  const std::uint8_t close_type = LNSTORE_TRY(r.u8("close_type"));
  const std::optional<codec::CloseType> mapped = lnd_close_type(close_type);
  if (!mapped)
    return unsupported(
        "close summary: unknown close type " + std::to_string(close_type) + " (written by a newer lnd?)",
        {{"field", "close_type"}});
  c.close_type = *mapped;
  c.is_pending = LNSTORE_TRY(read_bool(r, "is_pending"));
  // Summaries from before lnd v0.5 end here; newer ones flag the tail.
  if (LNSTORE_TRY(read_bool(r, "has_new_fields"))) {
    LNSTORE_TRY(read_pubkey(r, "remote_current_revocation"));
    LNSTORE_TRY(read_channel_config(r, "local_chan_cfg"));
    if (LNSTORE_TRY(read_bool(r, "has_remote_next_revocation"))) LNSTORE_TRY(read_pubkey(r, "remote_next_revocation"));
    // lnd accepts a summary that ends before this flag.
    if (!r.at_end() && LNSTORE_TRY(read_bool(r, "has_chan_sync_msg"))) {
      const std::uint16_t length = LNSTORE_TRY(r.u16_be("chan_sync_msg.length"));
      codec::WireReader msg(LNSTORE_TRY(r.bytes(length, "chan_sync_msg")), "corrupt_source", "close summary: ",
                     ExitClass::incompatible);
      const std::uint16_t type = LNSTORE_TRY(msg.u16_be("chan_sync_msg.type"));
      if (type != k_channel_reestablish_type)
        return r.error("chan_sync_msg.type", "expected channel_reestablish (136), found " + std::to_string(type));
    }
  }
  LNSTORE_TRY(r.finish("close summary"));
  return c;
}

util::Bytes outpoint_key(const codec::ChanPoint& point) {
  util::Bytes key(point.txid.begin(), point.txid.end());
  for (int shift = 24; shift >= 0; shift -= 8) key.push_back(static_cast<std::uint8_t>(point.index >> shift));
  return key;
}

codec::ChanPoint outpoint_from_key(Span key) {
  codec::ChanPoint point;
  std::copy(key.begin(), key.begin() + 32, point.txid.begin());
  for (std::size_t i = 32; i < 36; ++i) point.index = point.index << 8 | key[i];
  return point;
}

crypto::PubKey pubkey_from_key(Span key) {
  crypto::PubKey out{};
  std::copy(key.begin(), key.end(), out.begin());
  return out;
}

codec::ShortChannelId backup_scid(const LndChanInfo& info) {
  const std::uint64_t height = info.funding_broadcast_height;
  codec::ShortChannelId scid = codec::ShortChannelId::from_u64(info.short_channel_id);
  // Computed as lnwire.ShortChannelID.ToUint64 does (a height above 24 bits
  // spills over, as in lnd).
  if (scid.block_height() == 0)
    scid = codec::ShortChannelId::from_u64(height << 40 | std::uint64_t{scid.tx_index()} << 16 | scid.output_index());
  if ((info.chan_type & k_type_zero_conf) != 0)
    scid = info.real_scid && *info.real_scid != 0 ? codec::ShortChannelId::from_u64(*info.real_scid)
                                                  : codec::ShortChannelId::from_u64(height << 40);
  return scid;
}

std::string hex_path(const std::string& parent, Span key) { return parent + "/" + util::to_hex(key); }

// The keys of one channel bucket this reader uses, as views into the image.
// Copies: an entry's bytes live only during its visit (an SQL row).
struct ChannelValues {
  std::optional<util::Bytes> chan_info;
  std::optional<util::Bytes> local_commitment;
  std::optional<util::Bytes> revocation_state;  // holds the legacy producer root: wiped
  std::optional<util::Bytes> frozen;
  std::optional<util::Bytes> local_shutdown;
  std::optional<util::Bytes> remote_shutdown;
  ChannelValues() = default;
  ChannelValues(const ChannelValues&) = delete;
  ChannelValues& operator=(const ChannelValues&) = delete;
  ~ChannelValues() {
    if (revocation_state) util::secure_wipe(revocation_state->data(), revocation_state->size());
  }
};

util::Bytes copy_of(Span value) { return util::Bytes(value.begin(), value.end()); }

Result<std::optional<util::Bytes>> delivery_script(const std::optional<util::Bytes>& value, const std::string& path) {
  if (!value) return std::optional<util::Bytes>{};
  codec::WireReader r(*value, "corrupt_source", "upfront shutdown script: ", ExitClass::incompatible);
  util::Bytes script = LNSTORE_TRY(at(r.var_bytes("script", k_lnd_max_var_bytes), path));
  LNSTORE_TRY(at(r.finish("script"), path));
  // lnd writes the key only for a non-empty script.
  if (script.empty()) return std::optional<util::Bytes>{};
  return std::optional<util::Bytes>(std::move(script));
}

Result<LndOpenChannel> decode_channel(const KvBucket& bucket, const std::string& path, Span node_key, Span chain_key,
                                      Span chan_key, std::uint32_t db_version) {
  ChannelValues v;
  const util::Bytes local_commit_key = [] {
    util::Bytes key = key_bytes("chan-commitment-key");
    key.push_back(0x00);
    return key;
  }();
  LNSTORE_TRY(bucket.for_each([&](const KvEntry& e) -> Result<void> {
    // Nested buckets (revocation-log, ...) hold nothing a backup needs.
    if (e.is_bucket) return {};
    if (key_is(e.key, "chan-info-key"))
      v.chan_info = copy_of(e.value);
    else if (std::equal(e.key.begin(), e.key.end(), local_commit_key.begin(), local_commit_key.end()))
      v.local_commitment = copy_of(e.value);
    else if (key_is(e.key, "revocation-state-key"))
      v.revocation_state = copy_of(e.value);
    else if (key_is(e.key, "frozen-chans"))
      v.frozen = copy_of(e.value);
    else if (key_is(e.key, "local-upfront-shutdown-key"))
      v.local_shutdown = copy_of(e.value);
    else if (key_is(e.key, "remote-upfront-shutdown-key"))
      v.remote_shutdown = copy_of(e.value);
    return {};
  }));

  LndOpenChannel c;
  c.node_key = pubkey_from_key(node_key);
  if (!v.chan_info) return at(corrupt("chan-info-key", "missing"), path);
  c.info = LNSTORE_TRY(at(decode_lnd_chan_info(*v.chan_info, db_version), path + "/chan-info-key"));
  const LndChanInfo& info = c.info;
  if (outpoint_key(info.funding_outpoint) != util::Bytes(chan_key.begin(), chan_key.end()))
    return at(
        corrupt("chan-info.funding_outpoint", to_string(info.funding_outpoint) + " is not the bucket's chan point"),
        path);
  if (!std::equal(info.identity_pub.begin(), info.identity_pub.end(), node_key.begin(), node_key.end()))
    return at(corrupt("chan-info.identity_pub", "differs from the node bucket's key"), path);
  if (!std::equal(info.chain_hash.begin(), info.chain_hash.end(), chain_key.begin(), chain_key.end()))
    return at(corrupt("chan-info.chain_hash", "differs from the chain bucket's key"), path);
  c.type = LNSTORE_TRY(at(lnd_channel_type(info.chan_type), path));
  c.status_flags = lnd_channel_status_names(info.status);
  c.network = codec::network_from_chain_hash(info.chain_hash);
  c.backup_short_channel_id = backup_scid(info);

  const bool restored = (info.status & k_status_restored) != 0;
  // lnd does not read the commitments of a restored channel (it has none).
  if (!restored) {
    if (!v.local_commitment) return at(corrupt("chan-commitment-key00", "local commitment missing"), path);
    c.local_commitment = LNSTORE_TRY(at(decode_lnd_commitment(*v.local_commitment), path + "/chan-commitment-key00"));
  }
  if (v.revocation_state)
    c.revocation_state =
        LNSTORE_TRY(at(decode_lnd_revocation_state(*v.revocation_state), path + "/revocation-state-key"));
  else if (!restored)
    return at(corrupt("revocation-state-key", "missing"), path);

  if (info.revocation_key_locator && info.revocation_key_locator->family == codec::k_family_revocation_root) {
    c.shachain_root.locator = info.revocation_key_locator;
  } else if (c.revocation_state) {
    // Legacy root (lnd before v0.13): the root itself, as lnd's NewSingle
    // puts it in a backup.
    c.shachain_root.locator = codec::KeyLocator{codec::k_family_revocation_root, 0};
    c.shachain_root.pubkey = c.revocation_state->producer_pubkey;
  }

  if ((info.chan_type & (k_type_frozen | k_type_lease_expiration)) != 0) {
    if (!v.frozen) return at(corrupt("frozen-chans", "thaw height missing for a frozen or leased channel"), path);
    if (v.frozen->size() != 4)
      return at(corrupt("frozen-chans", "expected 4 bytes, found " + std::to_string(v.frozen->size())), path);
    c.thaw_height = static_cast<std::uint32_t>((*v.frozen)[0]) << 24 |
                    static_cast<std::uint32_t>((*v.frozen)[1]) << 16 | static_cast<std::uint32_t>((*v.frozen)[2]) << 8 |
                    (*v.frozen)[3];
  }
  c.local_delivery_script = LNSTORE_TRY(delivery_script(v.local_shutdown, path + "/local-upfront-shutdown-key"));
  c.remote_delivery_script = LNSTORE_TRY(delivery_script(v.remote_shutdown, path + "/remote-upfront-shutdown-key"));
  return c;
}

Result<std::optional<KvBucket>> top_bucket(const KvBucket& root, std::string_view name) {
  return at(root.bucket(name), std::string(name));
}

Result<std::uint8_t> outpoint_status(Span value, const std::string& path) {
  codec::WireReader r(value, "corrupt_source", "outpoint index: ", ExitClass::incompatible);
  const std::vector<TlvRecord> records = LNSTORE_TRY(at(read_tlv_stream(r, "tlv"), path));
  std::optional<std::uint8_t> status;
  for (const TlvRecord& record : records) {
    if (record.type != 0) continue;
    status = static_cast<std::uint8_t>(LNSTORE_TRY(at(tlv_uint(record, 1, "outpoint index status"), path)));
  }
  if (!status) return at(corrupt("outpoint index status", "TLV type 0 missing"), path);
  if (*status != k_outpoint_open && *status != k_outpoint_closed)
    return at(unsupported("unknown outpoint index status " + std::to_string(*status) + " (written by a newer lnd?)"),
              path);
  return *status;
}

}  // namespace

Result<LndChanInfo> decode_lnd_chan_info(std::span<const std::uint8_t> value, std::uint32_t db_version) {
  return chan_info(value, db_version);
}

Result<LndCommitment> decode_lnd_commitment(std::span<const std::uint8_t> value) {
  return commitment(value);
}

Result<LndRevocationState> decode_lnd_revocation_state(std::span<const std::uint8_t> value) {
  return revocation_state(value);
}

Result<LndLinkNode> decode_lnd_link_node(std::span<const std::uint8_t> value) { return link_node(value); }

Result<LndGraphNode> decode_lnd_graph_node(std::span<const std::uint8_t> value) {
  return graph_node(value);
}

Result<LndClosedChannel> decode_lnd_close_summary(std::span<const std::uint8_t> value) {
  return close_summary(value);
}

Result<codec::ChannelType> lnd_channel_type(std::uint64_t chan_type) {
  using codec::ChannelType;
  if ((chan_type & ~k_type_known_bits) != 0)
    return unsupported("unknown lnd channel type bits " + std::to_string(chan_type) +
                           " (written by a newer lnd?): refusing to guess its backup format",
                       {{"chan_type", chan_type}});
  if (chan_type & k_type_taproot_final) return ChannelType::simple_taproot_final;
  if (chan_type & k_type_simple_taproot)
    return chan_type & k_type_tapscript_root ? ChannelType::tapscript_root : ChannelType::simple_taproot;
  if (chan_type & k_type_lease_expiration) return ChannelType::script_enforced_lease;
  if (chan_type & k_type_zero_htlc_tx_fee) return ChannelType::anchors_zero_fee_htlc;
  if (chan_type & k_type_anchors) return ChannelType::anchors;
  if (chan_type & k_type_tweakless) return ChannelType::tweakless;
  return ChannelType::legacy;
}

std::vector<std::string> lnd_channel_status_names(std::uint64_t status) {
  std::vector<std::string> names;
  for (unsigned bit = 0; bit < 64; ++bit) {
    if ((status >> bit & 1) == 0) continue;
    names.push_back(bit < k_status_names.size() ? std::string(k_status_names[bit]) : "bit_" + std::to_string(bit));
  }
  return names;
}

Result<LndChannelDb> read_lnd_channeldb(const BoltDb& db, const LndProgress& progress) {
  return read_lnd_channeldb(BoltKvSource(db), progress);
}

Result<LndChannelDb> read_lnd_channeldb(const KvSource& db, const LndProgress& progress) {
  const KvBucket root = db.root();
  LndChannelDb out;
  LndProgressCounter counter(db, progress);

  // lndinit's migrate-db marks a source it has copied to SQL; lnd refuses it.
  if (LNSTORE_TRY(at(has_migration_tombstone(root), "data-migration-tombstone")))
    return tombstoned("lnd_channeldb_tombstoned", "channel.db");

  const std::optional<KvBucket> metadata = LNSTORE_TRY(top_bucket(root, "metadata"));
  if (!metadata)
    return fail(ExitClass::incompatible, "corrupt_source", "not an lnd channel.db: no metadata bucket",
                {{"db_path", "metadata"}});
  const std::optional<util::Bytes> dbp = LNSTORE_TRY(at(metadata->get("dbp"), "metadata/dbp"));
  if (!dbp) {
    out.db_version = k_lnd_channeldb_missing_version;
    out.db_version_assumed = true;
    out.warnings.push_back("lnd channel.db metadata has no version (dbp); assuming version 33 as lnd does");
  } else {
    if (dbp->size() != 4)
      return at(corrupt("dbp", "expected 4 bytes, found " + std::to_string(dbp->size())), "metadata/dbp");
    out.db_version = static_cast<std::uint32_t>((*dbp)[0]) << 24 | static_cast<std::uint32_t>((*dbp)[1]) << 16 |
                     static_cast<std::uint32_t>((*dbp)[2]) << 8 | (*dbp)[3];
  }
  if (out.db_version < k_lnd_channeldb_min_version)
    return unsupported("lnd channel.db version " + std::to_string(out.db_version) +
                           " is older than 20: start lnd v0.12 or later once to migrate it",
                       {{"version", out.db_version}});
  if (out.db_version == 25)
    return unsupported("lnd channel.db version 25 is an intermediate layout no lnd release stops at: start lnd once",
                       {{"version", out.db_version}});
  if (out.db_version > k_lnd_channeldb_latest_version)
    out.warnings.push_back("lnd channel.db version " + std::to_string(out.db_version) +
                           " is newer than 35, the latest this lnstore knows; fields added since are ignored");

  // Link nodes: the peers lnd backs up channels for.
  std::map<crypto::PubKey, LndPeer> peers;
  if (const auto nib = LNSTORE_TRY(top_bucket(root, "nib"))) {
    LNSTORE_TRY(nib->for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = hex_path("nib", e.key);
      if (e.is_bucket) {
        out.unknown_entries.push_back(path);
        return {};
      }
      LndLinkNode node = LNSTORE_TRY(at(decode_lnd_link_node(e.value), path));
      if (!std::equal(node.pubkey.begin(), node.pubkey.end(), e.key.begin(), e.key.end()))
        return at(corrupt("link node pubkey", "differs from its key"), path);
      LndPeer& peer = peers[node.pubkey];
      peer.pubkey = node.pubkey;
      peer.link_node = std::move(node);
      return {};
    }));
  }

  std::map<util::Bytes, std::uint8_t> outpoints;
  if (const auto index = LNSTORE_TRY(top_bucket(root, "outpoint-bucket"))) {
    LNSTORE_TRY(index->for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = hex_path("outpoint-bucket", e.key);
      if (e.is_bucket) {
        out.unknown_entries.push_back(path);
        return {};
      }
      outpoints[util::Bytes(e.key.begin(), e.key.end())] = LNSTORE_TRY(outpoint_status(e.value, path));
      return {};
    }));
  }

  if (const auto open = LNSTORE_TRY(top_bucket(root, "open-chan-bucket"))) {
    LNSTORE_TRY(open->for_each([&](const KvEntry& node_entry) -> Result<void> {
      const std::string node_path = hex_path("open-chan-bucket", node_entry.key);
      // lnd's channelScanner skips these.
      if (!node_entry.is_bucket || node_entry.key.size() != 33) {
        out.unknown_entries.push_back(node_path);
        return {};
      }
      const crypto::PubKey node_key = pubkey_from_key(node_entry.key);
      const bool has_link_node = peers.contains(node_key) && peers.at(node_key).link_node.has_value();
      const KvBucket node = LNSTORE_TRY(open->open_nested(node_entry));
      return node.for_each([&](const KvEntry& chain_entry) -> Result<void> {
        const std::string chain_path = hex_path(node_path, chain_entry.key);
        if (!chain_entry.is_bucket) {
          out.unknown_entries.push_back(chain_path);
          return {};
        }
        const KvBucket chain = LNSTORE_TRY(node.open_nested(chain_entry));
        return chain.for_each([&](const KvEntry& chan_entry) -> Result<void> {
          const std::string path = hex_path(chain_path, chan_entry.key);
          if (!chan_entry.is_bucket) {
            out.unknown_entries.push_back(path);
            return {};
          }
          if (chan_entry.key.size() != 36)
            return at(corrupt("channel bucket key", "expected a 36-byte chan point, found " +
                                                        std::to_string(chan_entry.key.size()) + " bytes"),
                      path);
          const util::Bytes key(chan_entry.key.begin(), chan_entry.key.end());
          const auto status = outpoints.find(key);
          const std::optional<std::uint8_t> index_status =
              status == outpoints.end() ? std::nullopt : std::optional<std::uint8_t>(status->second);
          if (index_status == k_outpoint_closed) {
            out.skipped.push_back(
                {outpoint_from_key(chan_entry.key), node_key, "closed_in_outpoint_index", std::nullopt});
            return {};
          }
          const KvBucket bucket = LNSTORE_TRY(chain.open_nested(chan_entry));
          LndOpenChannel channel = LNSTORE_TRY(
              decode_channel(bucket, path, node_entry.key, chain_entry.key, chan_entry.key, out.db_version));
          channel.outpoint_status = index_status;
          counter.record();
          if (!has_link_node) {
            out.skipped.push_back({channel.info.funding_outpoint, node_key, "no_link_node", std::move(channel)});
            return {};
          }
          out.open_channels.push_back(std::move(channel));
          return {};
        });
      });
    }));
  }

  // Channel peers lnd has no link node for still get their graph addresses.
  for (const LndSkippedChannel& skipped : out.skipped) peers[skipped.peer].pubkey = skipped.peer;

  if (const auto graph = LNSTORE_TRY(top_bucket(root, "graph-node"))) {
    const std::optional<util::Bytes> source = LNSTORE_TRY(at(graph->get("source"), "graph-node/source"));
    if (source) {
      if (source->size() != 33 || !crypto::is_valid_pubkey(*source))
        return at(corrupt("source", "not a valid compressed public key"), "graph-node/source");
      out.own_node = pubkey_from_key(*source);
    }
    for (auto& [pubkey, peer] : peers) {
      const std::string path = hex_path("graph-node", pubkey);
      const std::optional<util::Bytes> value = LNSTORE_TRY(at(graph->get(Span(pubkey)), path));
      if (!value) continue;
      const LndGraphNode node = LNSTORE_TRY(at(decode_lnd_graph_node(*value), path));
      if (node.pubkey != pubkey) return at(corrupt("graph node pubkey", "differs from its key"), path);
      if (!node.has_announcement) continue;
      peer.graph_addresses = node.addresses;
      peer.alias = node.alias;
    }
  }

  auto fill_addresses = [&](LndOpenChannel& channel) {
    const LndPeer& peer = peers.at(channel.node_key);
    std::map<std::string, codec::NetAddress> unique;
    if (peer.link_node)
      for (const codec::NetAddress& address : peer.link_node->addresses) unique.emplace(address.to_string(), address);
    for (const codec::NetAddress& address : peer.graph_addresses) unique.emplace(address.to_string(), address);
    channel.peer_addresses.clear();
    for (auto& [text, address] : unique) channel.peer_addresses.push_back(address);
  };
  for (LndOpenChannel& channel : out.open_channels) fill_addresses(channel);
  for (LndSkippedChannel& skipped : out.skipped)
    if (skipped.channel) fill_addresses(*skipped.channel);
  for (auto& [pubkey, peer] : peers) out.peers.push_back(std::move(peer));

  if (const auto closed = LNSTORE_TRY(top_bucket(root, "closed-chan-bucket"))) {
    LNSTORE_TRY(closed->for_each([&](const KvEntry& e) -> Result<void> {
      const std::string path = hex_path("closed-chan-bucket", e.key);
      if (e.is_bucket) {
        out.unknown_entries.push_back(path);
        return {};
      }
      LndClosedChannel summary = LNSTORE_TRY(at(decode_lnd_close_summary(e.value), path));
      if (outpoint_key(summary.chan_point) != util::Bytes(e.key.begin(), e.key.end()))
        return at(corrupt("close summary chan_point", "differs from its key"), path);
      out.closed_channels.push_back(std::move(summary));
      return {};
    }));
  }
  return out;
}

Result<LndChannelDb> read_lnd_channeldb_file(const std::filesystem::path& path, const LndReadOptions& options) {
  const BoltDb db = LNSTORE_TRY(open_lnd_source(path, options));
  Result<LndChannelDb> out = read_lnd_channeldb(db, options.progress);
  if (!out) out.error().details["path"] = path.string();
  return out;
}

}  // namespace lnstore::lnd
