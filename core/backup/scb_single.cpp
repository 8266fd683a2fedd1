#include "core/backup/scb_single.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "core/codec/btcd_tx_extent.hpp"

namespace lnstore::backup {

namespace {

constexpr std::uint8_t k_close_tx_flag = 0x80;
constexpr std::uint8_t k_max_version = 7;

void put_u16(util::Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put_u32(util::Bytes& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}
void put_u64(util::Bytes& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}
template <class Container>
void put_bytes(util::Bytes& out, const Container& bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

std::unexpected<Error> encode_error(const std::string& message) {
  return malformed("backup_encode_failed", "cannot encode channel backup: " + message);
}

// Checking a point costs a field square root (~5 us), which dominates
// decoding a large Multi; peers and their keys recur across channels and
// re-reads of the same file, and validity never changes, so valid keys are
// remembered (per thread, bounded).
bool is_valid_pubkey_memo(const crypto::PubKey& key) {
  struct Hash {
    std::size_t operator()(const crypto::PubKey& k) const noexcept {
      std::size_t h;
      std::memcpy(&h, k.data() + 1, sizeof h);  // x is uniformly distributed
      return h ^ k[0];
    }
  };
  thread_local std::unordered_set<crypto::PubKey, Hash> valid;
  if (valid.contains(key)) return true;
  if (!crypto::is_valid_pubkey(key)) return false;
  if (valid.size() >= 1 << 16) valid.clear();
  valid.insert(key);
  return true;
}

Result<crypto::PubKey> read_pubkey(codec::WireReader& r, std::string_view field) {
  const auto raw = LNSTORE_TRY(r.array<33>(field));
  if (!is_valid_pubkey_memo(raw)) return r.error(field, "not a valid compressed secp256k1 public key");
  return raw;
}

// Field names of the five channel keys, spelled out so that decoding
// builds no strings unless it fails.
constexpr std::array<std::string_view, 5> k_local_family_fields{
    "local_keys.multisig.family", "local_keys.revocation_base.family", "local_keys.payment_base.family",
    "local_keys.delay_base.family", "local_keys.htlc_base.family"};
constexpr std::array<std::string_view, 5> k_local_index_fields{
    "local_keys.multisig.index", "local_keys.revocation_base.index", "local_keys.payment_base.index",
    "local_keys.delay_base.index", "local_keys.htlc_base.index"};
constexpr std::array<std::string_view, 5> k_remote_fields{"remote_keys.multisig", "remote_keys.revocation_base",
                                                          "remote_keys.payment_base", "remote_keys.delay_base",
                                                          "remote_keys.htlc_base"};

}  // namespace

std::string_view scb_version_name(ScbVersion version) {
  const auto v = static_cast<std::size_t>(version);
  return v < codec::k_channel_type_names.size() ? codec::k_channel_type_names[v] : "unknown";
}

Result<ScbVersion> parse_scb_version_name(std::string_view name) {
  for (std::uint8_t v = 0; v <= k_max_version; ++v)
    if (scb_version_name(static_cast<ScbVersion>(v)) == name) return static_cast<ScbVersion>(v);
  return malformed("bad_channel_type", "unknown channel type '" + std::string(name) + "'");
}

bool scb_is_taproot(ScbVersion version) { return codec::is_taproot(version); }

std::string scb_chan_point(const ScbSingle& single) {
  std::array<std::uint8_t, 32> display = single.funding_txid;
  std::reverse(display.begin(), display.end());
  return util::to_hex(display) + ":" + std::to_string(single.funding_output_index);
}

std::string scb_short_channel_id_string(std::uint64_t scid) {
  return std::to_string(scid >> 40) + "x" + std::to_string((scid >> 16) & 0xffffff) + "x" +
         std::to_string(scid & 0xffff);
}

Result<void> append_scb_single(util::Bytes& out, const ScbSingle& s) {
  const auto version = static_cast<std::uint8_t>(s.version);
  if (version > k_max_version)
    return encode_error("unable to serialize w/ unknown version: " + std::to_string(version));
  if (s.funding_output_index > 0xffff)
    return encode_error("funding output index " + std::to_string(s.funding_output_index) + " does not fit in 16 bits");

  util::Bytes body;
  body.reserve(512 + (s.close_tx ? s.close_tx->commit_tx.size() + s.close_tx->commit_sig.size() : 0));
  body.push_back(s.is_initiator ? 1 : 0);
  put_bytes(body, s.chain_hash);
  put_bytes(body, s.funding_txid);
  put_u16(body, static_cast<std::uint16_t>(s.funding_output_index));
  put_u64(body, s.short_channel_id);
  put_bytes(body, s.remote_node_pubkey);
  LNSTORE_TRY(codec::append_lnd_address_list(body, s.addresses));
  put_u64(body, static_cast<std::uint64_t>(s.capacity_sat));
  put_u16(body, s.local_csv_delay);
  for (const codec::KeyLocator& k : s.local_keys) {
    put_u32(body, k.family);
    put_u32(body, k.index);
  }
  put_u16(body, s.remote_csv_delay);
  for (const crypto::PubKey& k : s.remote_keys) put_bytes(body, k);
  if (s.shachain_pubkey)
    put_bytes(body, *s.shachain_pubkey);
  else
    body.insert(body.end(), 33, 0);
  put_u32(body, s.shachain_locator.family);
  put_u32(body, s.shachain_locator.index);
  if (s.version == ScbVersion::script_enforced_lease) put_u32(body, s.lease_expiry.value_or(0));
  if (s.close_tx) {
    const ScbCloseTx& c = *s.close_tx;
    auto measured = codec::btcd_tx_length(c.commit_tx);
    if (!measured) return encode_error("close_tx.commit_tx: " + measured.error().message);
    if (*measured != c.commit_tx.size())
      return encode_error("close_tx.commit_tx has " + std::to_string(c.commit_tx.size() - *measured) +
                          " bytes after the transaction");
    if (c.commit_sig.size() > 0xffff) return encode_error("close_tx.commit_sig is longer than 65535 bytes");
    put_bytes(body, c.commit_tx);
    put_u16(body, static_cast<std::uint16_t>(c.commit_sig.size()));
    put_bytes(body, c.commit_sig);
    if (scb_is_taproot(s.version)) put_u64(body, c.commit_height.value_or(0));
    if (s.version == ScbVersion::tapscript_root) {
      if (!c.tapscript_root) return encode_error("field TapscriptRoot is not filled");
      put_bytes(body, *c.tapscript_root);
    }
  }
  out.push_back(static_cast<std::uint8_t>(version | (s.close_tx ? k_close_tx_flag : 0)));
  // lnd truncates the length to 16 bits and its reader ignores it.
  put_u16(out, static_cast<std::uint16_t>(body.size() & 0xffff));
  put_bytes(out, body);
  return {};
}

Result<util::Bytes> encode_scb_single(const ScbSingle& single) {
  util::Bytes out;
  LNSTORE_TRY(append_scb_single(out, single));
  return out;
}

Result<ScbSingle> read_scb_single(codec::WireReader& r) {
  ScbSingle s;
  const std::uint8_t version_byte = LNSTORE_TRY(r.u8("version"));
  const std::uint8_t version = version_byte & 0x7f;
  if (version > k_max_version)
    return r.error("version", "unable to de-serialize w/ unknown version: " + std::to_string(version));
  s.version = static_cast<ScbVersion>(version);
  LNSTORE_TRY(r.u16_be("length"));  // lnd reads and ignores it
  s.is_initiator = LNSTORE_TRY(r.u8("is_initiator")) == 1;
  s.chain_hash = LNSTORE_TRY(r.array<32>("chain_hash"));
  s.funding_txid = LNSTORE_TRY(r.array<32>("chan_point.txid"));
  s.funding_output_index = LNSTORE_TRY(r.u16_be("chan_point.index"));
  s.short_channel_id = LNSTORE_TRY(r.u64_be("short_channel_id"));
  s.remote_node_pubkey = LNSTORE_TRY(read_pubkey(r, "peer"));
  s.addresses = LNSTORE_TRY(codec::read_lnd_address_list(r, "addresses"));
  s.capacity_sat = static_cast<std::int64_t>(LNSTORE_TRY(r.u64_be("capacity_sat")));
  s.local_csv_delay = LNSTORE_TRY(r.u16_be("local_csv_delay"));
  for (std::size_t i = 0; i < s.local_keys.size(); ++i) {
    s.local_keys[i].family = LNSTORE_TRY(r.u32_be(k_local_family_fields[i]));
    s.local_keys[i].index = LNSTORE_TRY(r.u32_be(k_local_index_fields[i]));
  }
  s.remote_csv_delay = LNSTORE_TRY(r.u16_be("remote_csv_delay"));
  for (std::size_t i = 0; i < s.remote_keys.size(); ++i) s.remote_keys[i] = LNSTORE_TRY(read_pubkey(r, k_remote_fields[i]));
  const auto shachain = LNSTORE_TRY(r.array<33>("shachain_root.pubkey"));
  if (std::ranges::any_of(shachain, [](std::uint8_t b) { return b != 0; })) {
    if (!is_valid_pubkey_memo(shachain))
      return r.error("shachain_root.pubkey", "not a valid compressed secp256k1 public key");
    s.shachain_pubkey = shachain;
  }
  s.shachain_locator.family = LNSTORE_TRY(r.u32_be("shachain_root.family"));
  s.shachain_locator.index = LNSTORE_TRY(r.u32_be("shachain_root.index"));
  if (s.version == ScbVersion::script_enforced_lease) s.lease_expiry = LNSTORE_TRY(r.u32_be("lease_expiry"));
  if (version_byte & k_close_tx_flag) {
    ScbCloseTx c;
    const auto tx = LNSTORE_TRY(codec::read_btcd_tx(r, "close_tx.commit_tx"));
    c.commit_tx.assign(tx.begin(), tx.end());
    const std::uint16_t sig_len = LNSTORE_TRY(r.u16_be("close_tx.commit_sig length"));
    const auto sig = LNSTORE_TRY(r.bytes(sig_len, "close_tx.commit_sig"));
    c.commit_sig.assign(sig.begin(), sig.end());
    if (scb_is_taproot(s.version)) c.commit_height = LNSTORE_TRY(r.u64_be("close_tx.commit_height"));
    if (s.version == ScbVersion::tapscript_root) c.tapscript_root = LNSTORE_TRY(r.array<32>("close_tx.tapscript_root"));
    s.close_tx = std::move(c);
  }
  return s;
}

Result<ScbSingle> decode_scb_single(std::span<const std::uint8_t> plaintext) {
  codec::WireReader reader(plaintext, "bad_backup", "backup single: ");
  return read_scb_single(reader);
}

}  // namespace lnstore::backup
