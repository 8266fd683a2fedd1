// ScbSingle: lnd's chanbackup.Single, the static backup of one channel, and
// its plaintext codec (spec/scb-format.md section 2). Encryption is in
// scb_packed.hpp, the Multi container in scb_multi.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/pubkey.hpp"
#include "core/util/error.hpp"
#include "core/util/hex.hpp"
#include "core/codec/channel_type.hpp"
#include "core/codec/key_locator.hpp"
#include "core/codec/lnd_net_address.hpp"
#include "core/codec/wire_reader.hpp"

namespace lnstore::backup {

// The Single version (low 7 bits of the version byte) is the channel type:
// lnd numbers its SCB versions in commitment-type order.
using ScbVersion = codec::ChannelType;

// The channel type names of SPEC section 5 (same order as the versions).
std::string_view scb_version_name(ScbVersion version);
// Inverse of scb_version_name; malformed "bad_channel_type" otherwise.
[[nodiscard]] Result<ScbVersion> parse_scb_version_name(std::string_view name);
// Versions 5, 6 and 7 (taproot channels: the close-tx tail has a commit height).
bool scb_is_taproot(ScbVersion version);

// Order of the five channel keys on the wire and their JSON names.
inline constexpr std::array<std::string_view, 5> k_scb_key_names{"multisig", "revocation_base", "payment_base",
                                                                 "delay_base", "htlc_base"};

// The optional tail present when bit 0x80 of the version byte is set.
struct ScbCloseTx {
  util::Bytes commit_tx;   // latest local commitment tx, unsigned, Bitcoin wire format
  util::Bytes commit_sig;  // remote signature (DER ECDSA, or 98-byte MuSig2 partial sig + nonce)
  std::optional<std::uint64_t> commit_height;                 // on the wire only for taproot versions
  std::optional<std::array<std::uint8_t, 32>> tapscript_root;  // on the wire only for version 6
  bool operator==(const ScbCloseTx&) const = default;
};

struct ScbSingle {
  ScbVersion version = ScbVersion::legacy;
  bool is_initiator = false;
  std::array<std::uint8_t, 32> chain_hash{};    // genesis hash, internal byte order
  std::array<std::uint8_t, 32> funding_txid{};  // internal byte order
  std::uint32_t funding_output_index = 0;       // a u16 on the wire
  std::uint64_t short_channel_id = 0;           // height << 40 | tx index << 16 | output
  crypto::PubKey remote_node_pubkey{};
  std::vector<codec::LndAddress> addresses;
  std::int64_t capacity_sat = 0;
  std::uint16_t local_csv_delay = 0;
  std::array<codec::KeyLocator, 5> local_keys{};  // k_scb_key_names order; pubkeys are not stored
  std::uint16_t remote_csv_delay = 0;
  std::array<crypto::PubKey, 5> remote_keys{};  // k_scb_key_names order
  std::optional<crypto::PubKey> shachain_pubkey;  // absent = 33 zero bytes (ECDH scheme)
  codec::KeyLocator shachain_locator{};
  std::optional<std::uint32_t> lease_expiry;  // on the wire only for version 4
  std::optional<ScbCloseTx> close_tx;
  bool operator==(const ScbSingle&) const = default;
};

// "txid:index" with the txid in display (reversed) order.
std::string scb_chan_point(const ScbSingle& single);
// "HEIGHTxTXINDEXxOUTPUT", e.g. "402x1x0".
std::string scb_short_channel_id_string(std::uint64_t short_channel_id);

// Appends the Single as lnd serializes it: version byte (| 0x80 with a
// close-tx tail), u16 BE body length (truncated to 16 bits as lnd does),
// body. Version 4 writes lease_expiry (0 if unset); taproot versions write
// the commit height (0 if unset); only version 6 writes the tapscript root.
// Fails with malformed "backup_encode_failed" (nothing appended) for an
// unknown version, an output index above 65535, a commit signature over
// 65535 bytes, a commit tx that is not exactly one btcd-readable
// transaction, or version 6 with a close tx but no tapscript root; address
// problems fail with "bad_address".
[[nodiscard]] Result<void> append_scb_single(util::Bytes& out, const ScbSingle& single);
[[nodiscard]] Result<util::Bytes> encode_scb_single(const ScbSingle& single);

// Reads one Single from `reader` exactly as lnd does: the length field is
// read and ignored, fields are read in sequence; rejected are an unknown
// version ("unable to de-serialize w/ unknown version: N"), any short read,
// an invalid remote node / remote channel / non-zero shachain public key, an
// address of known type running past its block, and a commit tx btcd cannot
// read. Bool bytes other than 01 read as false. Errors carry the reader's
// code and name the field (JSON names, e.g. "remote_keys.payment_base").
[[nodiscard]] Result<ScbSingle> read_scb_single(codec::WireReader& reader);

// Decodes a plaintext Single (a decrypted packed single); bytes after it are
// ignored as lnd does. Errors: malformed "bad_backup".
[[nodiscard]] Result<ScbSingle> decode_scb_single(std::span<const std::uint8_t> plaintext);

}  // namespace lnstore::backup
