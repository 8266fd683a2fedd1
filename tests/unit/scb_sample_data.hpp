// The backup samples shared by the scb_* unit tests (tests/unit/scb_samples.hpp)
// and the fuzz seed writer (tests/fuzz/make_seed_corpus.cpp): the public
// chantools vector of spec/scb-format.md section 8 and a builder for Singles
// of every version. No test framework here: a sample that does not parse is
// a broken constant, reported on stderr before aborting.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

#include "core/backup/scb_single.hpp"
#include "core/codec/bitcoin_tx.hpp"
#include "core/codec/lnd_net_address.hpp"
#include "core/crypto/pubkey.hpp"
#include "core/util/hex.hpp"

namespace lnstore::test {

// spec/scb-format.md section 8: the chantools vector's root key, packed
// backup and decrypted plaintext.
inline constexpr const char* k_scb_vector_root =
    "tprv8ZgxMBicQKsPf1ujkCE39iYKKmdzD4MgdpKb3EtiJrNCnE2K4GFMtL11adjRsCwA6J1jVKndF6GXpMdSpBGev9cczcjyhrSDVVeEXmwtmCt";

inline constexpr const char* k_scb_vector_packed =
    "cbb0bde3b8a7a1158fc2186290c980862a384027bc6d7c8e82b4ae48b9294abe200cef8f07a96703981e573aa6b5e78f9b07dd240592e281"
    "f8e4027654c47ae612863d3c52d8f7ae33f433ceef26093179d5cfce3d11495f92542ad935953a97bd0454e76276494c24bab9448985103d"
    "b9fbc1dea3bb8408f2b7fd0987745c3c3343f51c1285288e0248bb9288a0f65067225640281c97b201c29f9a8ff55d81f727484adeb58e49"
    "85559b1790fe23257bcf50186cb69e3dcc21f33131232e6510b080cdbc934d0c5d6c7283a1666e319a5f1862f5e285f22e06d9f35750a357"
    "78bae69c790fa2332caac18a25086d9f0500071214606f1a350bddc083a34b4362e3e70fe0c4063d3230387495e88570564dfa242ccfceb1"
    "d607f64726a0545066c482b73d00d6ac3e5527bd0aba6c8f79d2268c1824bda5ac9f48a7e545057f41cda74b9bcc0823c3357b85feb219eb"
    "f3bbe4b1d2c936b1589ab86f9e88f54f4893a31c1bd6ef1f71a59403a5daf51ed922350be2885b3604dd689e75c24f9d7c028138d9428a23"
    "b8f2cb624fa0ac2f6f4cbd9b36121f8bd20130c166a419cace33ba17dc03547e8679a319cd2d7061653559939e74e5e848dc62e1c051b1ef"
    "e2a26f8f7028a1bedf2ddebfa7b89e4bd5a09248be62ea0a636c144ca80c9531dda69ea4007931105fe48348422b8eaea139d98ed34e5c80"
    "5cc672f58c534bf44e64a2716fe3755700b704faae45e37c164f8ac286f99a903fdf70c781b043df7607c3bd662a6ae5e31e99f0ebc517c9"
    "66d5d0bbc045110150b5b75d64a2bf2c6442a8cb6d91f0b88188094e6bc3bbc619bbfe7513c970ea4d538903cd3c1cb03962d813dcbb1573"
    "a544f0f2b45e780222ea3b998fc4e9d1a60aa0ac6ac9874fa3f2fef76c03d5857ee225dbbdf167b24d838fd76d8dbcc04e98c7b7481ea4de"
    "79be2a793cce7a363c91210eccff0e047b038e98658c233d410aea99b71d";

inline constexpr const char* k_scb_vector_plaintext =
    "8602930006226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f94491d6f17f2d80c58ab28d2a4694244f629d87f"
    "45ed2307c88719cb71966185000000019200000100000310150ae975211a226fc85160232e238bf072a071202e58ce5d0527cda5d7e4c900"
    "0e01ac1200062607017f00000125a400000000000186a00090000000000000000100000001000000010000000300000001000000040000"
    "00010000000200000001009003c1102d1b9e016d72a39226ab34fb92fe6194b2f177882f5b167926d76417e070034a07a00f89920b27d965"
    "b041084cef9619f952fd8e1bbb4699be9f7a5806c4ee02a1b59387e693774772894155f5338f1e816ea3a36c2792377738f376ba1fde5302"
    "a560b80e736d1b11af80069579b0894c19b7611f53b923674e4966c43d54214002e682ecf3cc018bb1547b89a4be96e6e7df228da9707893"
    "0d55dc039d8dea7d5d000000000000000000000000000000000000000000000000000000000000000000000000050000000202000000019449"
    "1d6f17f2d80c58ab28d2a4694244f629d87f45ed2307c88719cb719661850000000000a0007180024a01000000000000225120fbd9aedad0"
    "3a11215960cf6de9f51e5c7f7e292e9263a3b2410c2e14e0c68229987a010000000000225120e8807a199fd42c953f63cf78a840f444d3dd"
    "65541c38afe675ac2bf49f7d975a9bf94a200062b8343a3033969c0eafbff5d4cff2fc981d279625b6ffc14996701c2fc90d787003ada823"
    "a2beee4a33b6524b9d1c6ccf751aa26c422b7bcc19631dea5214cf71b603d4d0cfa9a508e144a6f397319f56faa64854b7829129055bbab3"
    "ecf0fd4a49a20000000000000000e3cafff3ea7eb3f910dfcccef25aaed722d612e208438fc4321a846bf651dc28";

// The vector's commitment tx (legacy serialization, 137 bytes).
inline constexpr const char* k_scb_vector_commit_tx =
    "020000000194491d6f17f2d80c58ab28d2a4694244f629d87f45ed2307c88719cb719661850000000000a0007180024a0100000000000022"
    "5120fbd9aedad03a11215960cf6de9f51e5c7f7e292e9263a3b2410c2e14e0c68229987a010000000000225120e8807a199fd42c953f63cf"
    "78a840f444d3dd65541c38afe675ac2bf49f7d975a9bf94a20";

// A segwit transaction (1 input with a 2-item witness, 1 output).
inline constexpr const char* k_scb_segwit_tx =
    "02000000000101111111111111111111111111111111111111111111111111111111111111111103000000"
    "00ffffffff01a08601000000000016001422222222222222222222222222222222222222220203aabbcc0000000000";

// The value of a sample constant's parse; aborts, naming it, if it fails.
template <class T>
T scb_sample_value(Result<T> result, std::string_view what) {
  if (!result) {
    std::fprintf(stderr, "bad sample constant %.*s: %s\n", static_cast<int>(what.size()), what.data(),
                 result.error().message.c_str());
    std::abort();
  }
  return std::move(*result);
}

inline util::Bytes scb_sample_hex(std::string_view text) { return scb_sample_value(util::from_hex(text, "sample"), text); }

inline crypto::PubKey scb_sample_pubkey(std::string_view text) {
  return scb_sample_value(crypto::parse_pubkey(text, "sample"), text);
}

// One address of every kind a Single carries: ipv4, ipv6, tor v2, tor v3,
// dns, and an opaque one.
inline std::vector<codec::LndAddress> scb_sample_addresses() {
  std::vector<codec::LndAddress> list;
  for (const char* a : {"172.18.0.6:9735", "[2001:db8::1]:9735", "expyuzz4wqqyqhjn.onion:9735",
                        "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion:9735", "node.example.com:9736"})
    list.push_back(scb_sample_value(codec::parse_lnd_address(a), a));
  list.push_back(codec::LndAddress{codec::LndAddressKind::opaque, util::Bytes{0x2a, 0x01, 0x02}, 0});
  return list;
}

// A Single of `version` using every field; `seed` varies the values.
inline backup::ScbSingle make_scb_single(backup::ScbVersion version, bool with_close_tx, std::uint8_t seed = 1) {
  backup::ScbSingle s;
  s.version = version;
  s.is_initiator = seed % 2 == 1;
  const util::Bytes regtest = scb_sample_hex("06226e46111a0b59caaf126043eb5bbf28c34f3a5e332a1fc7b2b73cf188910f");
  std::copy(regtest.begin(), regtest.end(), s.chain_hash.begin());
  for (std::size_t i = 0; i < 32; ++i) s.funding_txid[i] = static_cast<std::uint8_t>(i * 3 + seed);
  s.funding_output_index = 65535u - seed;
  s.short_channel_id = (std::uint64_t{800000u + seed} << 40) | (std::uint64_t{1234} << 16) | 1;
  s.remote_node_pubkey = scb_sample_pubkey("0310150ae975211a226fc85160232e238bf072a071202e58ce5d0527cda5d7e4c9");
  s.addresses = scb_sample_addresses();
  s.capacity_sat = 16777216 + seed;
  s.local_csv_delay = 144;
  s.remote_csv_delay = static_cast<std::uint16_t>(2016 + seed);
  for (std::uint32_t i = 0; i < 5; ++i) s.local_keys[i] = codec::KeyLocator{i == 0 ? 9999u : i, 100u + i + seed};
  s.remote_keys = {scb_sample_pubkey("03c1102d1b9e016d72a39226ab34fb92fe6194b2f177882f5b167926d76417e070"),
                   scb_sample_pubkey("034a07a00f89920b27d965b041084cef9619f952fd8e1bbb4699be9f7a5806c4ee"),
                   scb_sample_pubkey("02a1b59387e693774772894155f5338f1e816ea3a36c2792377738f376ba1fde53"),
                   scb_sample_pubkey("02a560b80e736d1b11af80069579b0894c19b7611f53b923674e4966c43d542140"),
                   scb_sample_pubkey("02e682ecf3cc018bb1547b89a4be96e6e7df228da97078930d55dc039d8dea7d5d")};
  if (seed % 3 == 0) s.shachain_pubkey = scb_sample_pubkey("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
  s.shachain_locator = codec::KeyLocator{5, seed};
  if (version == backup::ScbVersion::script_enforced_lease) s.lease_expiry = 900000u + seed;
  if (with_close_tx) {
    backup::ScbCloseTx c;
    c.commit_tx = scb_sample_hex(seed % 2 ? k_scb_vector_commit_tx : k_scb_segwit_tx);
    if (backup::scb_is_taproot(version)) {
      c.commit_sig = util::Bytes(98, static_cast<std::uint8_t>(0x30 + seed));  // MuSig2 partial sig + nonce
    } else {
      // A DER ECDSA signature (SEQUENCE of two 32-byte INTEGERs), as lnd keeps
      // the remote commitment signature: restore validates it.
      c.commit_sig = {0x30, 0x44, 0x02, 0x20};
      c.commit_sig.insert(c.commit_sig.end(), 32, static_cast<std::uint8_t>(0x10 + seed));
      c.commit_sig.insert(c.commit_sig.end(), {0x02, 0x20});
      c.commit_sig.insert(c.commit_sig.end(), 32, static_cast<std::uint8_t>(0x20 + seed));
    }
    if (backup::scb_is_taproot(version)) c.commit_height = 1000u + seed;
    if (version == backup::ScbVersion::tapscript_root) c.tapscript_root.emplace().fill(static_cast<std::uint8_t>(0xe0 + seed));
    // The commitment spends the channel's funding outpoint (restore checks
    // it as `channel open` does): the channel takes that outpoint.
    const codec::BitcoinTx commit = codec::decode_bitcoin_tx(c.commit_tx).value();
    const util::Bytes display = util::from_hex(commit.inputs.at(0).prev_txid, "prev_txid").value();
    std::reverse_copy(display.begin(), display.end(), s.funding_txid.begin());
    s.funding_output_index = static_cast<std::uint16_t>(commit.inputs.at(0).vout);
    s.close_tx = std::move(c);
  }
  return s;
}

}  // namespace lnstore::test
