// The strict Bitcoin transaction decoder.
//
// References, none produced by this code:
// - Block 170's transaction (the first bitcoin payment), published txid
//   f4184fc5...9e16.
// - BOLT 3 Appendix B's funding transaction, published txid 8984484a...f6be.
// - BIP 143's "Native P2WPKH" signed example (segwit with one legacy and one
//   witness input); its hashPrevouts, hashSequence, hashOutputs and sigHash were
//   recomputed from these bytes and its signature verified with Python's ecdsa
//   module, so the bytes are as published. BIP 143 gives no txid: txid and
//   wtxid come from the independent Python decoder (tests/tools/tx_decode.py).
// - Three segwit funding transactions lnd stored in the spec fixtures'
//   channel.db files (regtest); lnd recorded their txids as the channels'
//   funding outpoints in expected-open-channels.json, and their first output
//   value as the capacity. The fixtures' unsigned commitment transactions spend
//   those outpoints.
// Every vector is also decoded by tests/tools/tx_decode.py (hashlib) and
// compared field by field with to_json.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/codec/bitcoin_tx.hpp"
#include "core/util/hex.hpp"
#include "run_tool.hpp"
#include "skip.hpp"

using namespace lnstore;
using lnstore::test::run_tool;

TEST_SUITE_BEGIN("bitcoin_tx");

namespace {

constexpr std::string_view k_block170_tx =
    "0100000001c997a5e56e104102fa209c6a852dd90660a20b2d9c352423edce25857fcd3704000000004847304402204e45e16932b8af"
    "514961a1d3a1a25fdf3f4f7732e9d624c6c61548ab5fb8cd410220181522ec8eca07de4860a4acdd12909d831cc56cbbac4622082221"
    "a8768d1d0901ffffffff0200ca9a3b00000000434104ae1a62fe09c5f51b13905f07f06b99a2f7159b2225f374cd378d71302fa28414"
    "e7aab37397f554a7df5f142c21c1b7303b8a0626f1baded5c72a704f7e6cd84cac00286bee0000000043410411db93e1dcdb8a016b49"
    "840f8c53bc1eb68a382e97b1482ecad7b148a6909a5cb2e0eaddfb84ccf9744464f82e160bfa9b8b64f9d4c03f999b8643f656b412a3"
    "ac00000000";
constexpr std::string_view k_block170_txid = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16";

constexpr std::string_view k_bolt3_funding_tx =
    "0200000001adbb20ea41a8423ea937e76e8151636bf6093b70eaff942930d20576600521fd000000006b48304502210090587b6201e1"
    "66ad6af0227d3036a9454223d49a1f11839c1a362184340ef0240220577f7cd5cca78719405cbf1de7414ac027f0239ef6e214c90fca"
    "ab0454d84b3b012103535b32d5eb0a6ed0982a0479bbadc9868d9836f6ba94dd5a63be16d875069184ffffffff028096980000000000"
    "220020c015c4a6be010e21657068fc2e6a9d02b27ebe4d490a25846f7237f104d1a3cd20256d29010000001600143ca33c2e4446f4a3"
    "05f23c80df8ad1afdcf652f900000000";
constexpr std::string_view k_bolt3_funding_txid = "8984484a580b825b9972d7adb15050b3ab624ccd731946b3eeddb92f4e7ef6be";

constexpr std::string_view k_bip143_p2wpkh_tx =
    "01000000000102fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f00000000494830450221008b9d1dc2"
    "6ba6a9cb62127b02742fa9d754cd3bebf337f7a55d114c8e5cdd30be022040529b194ba3f9281a99f2b1c0a19c0489bc22ede944ccf4"
    "ecbab4cc618ef3ed01eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff"
    "02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4d"
    "be6a21b2d50ce2f0167faa815988ac000247304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a"
    "0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee0121025476c2e83188368da1ff3e292e7acafcdb"
    "3566bb0ad253f62fc70f07aeee635711000000";

// Funding transactions stored in the fixtures' channel.db files.
struct FixtureFunding {
  const char* fixture;
  std::string_view hex;
};
const std::array<FixtureFunding, 3> k_fixture_funding = {{
    {"chantools",
     "020000000001014dad04f70b3dca63621ca9caf76d8e3a69c1c67acb33618b05349661629f2710010000000000000000020024f40000"
     "000000220020496dfbb27c62203977ba0a16ae554c88f711930a21df20c0bc66f0ab2a56317556e1e41b00000000160014bf4c9ace24"
     "f25d95434f14666237bd2cb31f01f302473044022013488206a24602db92ea3464682cba9a3528939a3f9c3145953a0ce625115ea102"
     "203f307eee7f767ec8450f9a5e60518ead4cac7150cee2ebeb7d5bb9d8f2a5896f012102164235bf8dcdc224cce5e7000f7233383ad1"
     "c01c39e4c1366bf1f5e7eff8516c00000000"},
    {"chantools",
     "0200000000010139055d852fce90a092cde547ca609ee8b42c0b29d811390a6136512dda1f581d000000000000000000020024f40000"
     "000000220020901cbe44ac439b292ecb0d4b31eb2d9b79261cac99601304869f559c891d10ae2b23d91c000000001600144dfe54bea9"
     "82b972f8c75344c85a685a7cc075d102483045022100800abef5465a79be794ecbe352ab680c3a573b6782b4fd8a23e4abd3dfd8f2e2"
     "02202595104c6e9db2413a6cb8cbf43b9d006e0a43c384581dcb64d6c101eb9e76610121032d6f1743f8c74463543cfd3850525639f1"
     "60eb96ddadd9431c58abc92f55be0500000000"},
    {"lndinit",
     "02000000000101093eb57642abde835d50b1540c449266dc96fec73d00cc856f382bf6d0f4cdc600000000000000000002a086010000"
     "0000002200201340195a8ef2d38fefc0884939ff4a6e6ca853ac9735a70b8d2a5422d36f9af6333af4050000000022512036ef703f5b"
     "e04de2727e8ed4789cbf78f2e49c29d1ce9f5e78699f85da08591202483045022100eddffcb17b5ae3f57605ee1647bf86531fe71412"
     "d25c61174bd751f7976dc4c4022070c89ee6fda184c51c1519c5fdf7d0d9ef250621dc67dc72c3ff0bd02033d2f601210360b4582087"
     "0fe7a2ad1cec17ae6af8f8f52ac7e669742a371666379f481533f600000000"},
}};

util::Bytes bytes_of(std::string_view hex) {
  auto bytes = util::from_hex(hex, "test vector");
  REQUIRE(bytes.has_value());
  return *bytes;
}

codec::BitcoinTx decode_ok(std::string_view hex) {
  auto tx = codec::decode_bitcoin_tx_hex(hex);
  if (!tx) FAIL_CHECK(tx.error().message);
  REQUIRE(tx.has_value());
  return *tx;
}

// Expects bad_transaction and a message containing `field`; returns the message.
std::string decode_bad(const util::Bytes& raw, std::string_view field = "") {
  auto tx = codec::decode_bitcoin_tx(raw);
  REQUIRE_FALSE(tx.has_value());
  CHECK(tx.error().code == "bad_transaction");
  CHECK(tx.error().exit == ExitClass::malformed);
  CAPTURE(tx.error().message);
  CHECK(tx.error().message.find(field) != std::string::npos);
  return tx.error().message;
}

nlohmann::json load_fixture(const std::string& name) {
  std::ifstream in(std::string(LNSTORE_SHARED_DIR) + "/fixtures/lnd/" + name + "/expected-open-channels.json");
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

// Little builders for hand-made transactions.
void put_le(util::Bytes& out, std::uint64_t value, int width) {
  for (int i = 0; i < width; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}
void put_bytes(util::Bytes& out, std::string_view hex) {
  const auto bytes = bytes_of(hex);
  out.insert(out.end(), bytes.begin(), bytes.end());
}
// One input spending 00..00:0 with `script_len_hex` (a raw CompactSize) and
// `script_len` zero bytes of script.
void put_input(util::Bytes& out, std::string_view script_len_hex, std::size_t script_len) {
  out.insert(out.end(), 32, 0);
  put_le(out, 0, 4);
  put_bytes(out, script_len_hex);
  out.insert(out.end(), script_len, 0);
  put_le(out, 0xFFFFFFFF, 4);
}
void put_output(util::Bytes& out, std::uint64_t value) {
  put_le(out, value, 8);
  put_bytes(out, "0151");  // OP_1
}
// The start of a version 2 legacy transaction: `input_count_hex` (a raw
// CompactSize) and a first input (script as put_input).
util::Bytes tx_head(std::string_view input_count_hex, std::string_view script_len_hex = "00", std::size_t script_len = 0) {
  util::Bytes tx;
  put_le(tx, 2, 4);
  put_bytes(tx, input_count_hex);
  put_input(tx, script_len_hex, script_len);
  return tx;
}
// A legacy transaction: one input (script as put_input), one output of `value`.
util::Bytes legacy_tx(std::uint64_t value = 1000, std::string_view script_len_hex = "00", std::size_t script_len = 0) {
  util::Bytes tx = tx_head("01", script_len_hex, script_len);
  put_bytes(tx, "01");
  put_output(tx, value);
  put_le(tx, 0, 4);
  return tx;
}

std::vector<std::string_view> all_vectors() {
  std::vector<std::string_view> vectors = {k_block170_tx, k_bolt3_funding_tx, k_bip143_p2wpkh_tx};
  for (const auto& funding : k_fixture_funding) vectors.push_back(funding.hex);
  return vectors;
}

}  // namespace

TEST_CASE("block 170: the first bitcoin payment") {
  const auto tx = decode_ok(k_block170_tx);
  CHECK(tx.txid == k_block170_txid);
  CHECK(tx.wtxid == k_block170_txid);
  CHECK_FALSE(tx.has_witness);
  CHECK(tx.version == 1);
  CHECK(tx.locktime == 0);
  REQUIRE(tx.inputs.size() == 1);
  // It spends the coinbase of block 9.
  CHECK(tx.inputs[0].prev_txid == "0437cd7f8525ceed2324359c2d0ba26006d92d856a9c20fa0241106ee5a597c9");
  CHECK(tx.inputs[0].vout == 0);
  CHECK(tx.inputs[0].sequence == 0xFFFFFFFF);
  CHECK(tx.inputs[0].script_sig.size() == 72);
  CHECK(tx.inputs[0].witness.empty());
  REQUIRE(tx.outputs.size() == 2);
  CHECK(tx.outputs[0].value_sat == 1'000'000'000);  // 10 BTC to Hal Finney
  CHECK(tx.outputs[1].value_sat == 4'000'000'000);  // 40 BTC change
  CHECK(tx.outputs[0].script_pubkey.size() == 67);
  CHECK(tx.size == 275);
  CHECK(tx.base_size == 275);
  CHECK(tx.weight == 1100);
  CHECK(tx.vsize == 275);
}

TEST_CASE("BOLT 3 funding transaction") {
  const auto tx = decode_ok(k_bolt3_funding_tx);
  CHECK(tx.txid == k_bolt3_funding_txid);
  CHECK(tx.version == 2);
  REQUIRE(tx.outputs.size() == 2);
  CHECK(tx.outputs[0].value_sat == 10'000'000);  // BOLT 3: funding_amount_satoshi
  CHECK(util::to_hex(tx.outputs[0].script_pubkey) == "0020c015c4a6be010e21657068fc2e6a9d02b27ebe4d490a25846f7237f104d1a3cd");
  CHECK(tx.outputs[1].value_sat == 4'989'986'080);
}

TEST_CASE("BIP 143 native P2WPKH example: a legacy and a witness input") {
  const auto tx = decode_ok(k_bip143_p2wpkh_tx);
  CHECK(tx.has_witness);
  CHECK(tx.version == 1);
  CHECK(tx.locktime == 17);
  REQUIRE(tx.inputs.size() == 2);
  CHECK(tx.inputs[0].prev_txid == "9f96ade4b41d5433f4eda31e1738ec2b36f6e7d1420d94a6af99801a88f7f7ff");
  CHECK(tx.inputs[0].sequence == 0xFFFFFFEE);
  CHECK(tx.inputs[0].script_sig.size() == 73);
  CHECK(tx.inputs[0].witness.empty());
  CHECK(tx.inputs[1].vout == 1);
  CHECK(tx.inputs[1].script_sig.empty());
  REQUIRE(tx.inputs[1].witness.size() == 2);
  CHECK(tx.inputs[1].witness[0].size() == 71);
  CHECK(util::to_hex(tx.inputs[1].witness[1]) == "025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357");
  REQUIRE(tx.outputs.size() == 2);
  CHECK(tx.outputs[0].value_sat == 112'340'000);
  CHECK(tx.outputs[1].value_sat == 223'450'000);
  // From tests/tools/tx_decode.py (hashlib), not from this decoder.
  CHECK(tx.txid == "e8151a2af31c368a35053ddd4bdb285a8595c769a3ad83e0fa02314a602d4609");
  CHECK(tx.wtxid == "c36c38370907df2324d9ce9d149d191192f338b37665a82e78e76a12c909b762");
  CHECK(tx.size == 343);
  CHECK(tx.base_size == 233);
  CHECK(tx.weight == 1042);
  CHECK(tx.vsize == 261);
}

TEST_CASE("lnd's stored segwit funding transactions have the txids lnd recorded") {
  int matched = 0;
  for (const auto& funding : k_fixture_funding) {
    const auto tx = decode_ok(funding.hex);
    CHECK(tx.has_witness);
    CHECK(tx.txid != tx.wtxid);
    CHECK(tx.size > tx.base_size);
    REQUIRE(tx.inputs.size() == 1);
    REQUIRE(tx.inputs[0].witness.size() == 2);  // P2WPKH: signature, pubkey
    CHECK(tx.inputs[0].witness[1].size() == 33);
    const auto fixture = load_fixture(funding.fixture);
    for (const auto& channel : fixture.at("open_channels")) {
      const auto outpoint = channel.at("funding_outpoint").get<std::string>();
      if (outpoint.substr(0, 64) != tx.txid) continue;
      CAPTURE(outpoint);
      const auto index = std::stoul(outpoint.substr(65));
      REQUIRE(index < tx.outputs.size());
      CHECK(tx.outputs[index].value_sat == channel.at("capacity_sat").get<std::int64_t>());
      CHECK(tx.outputs[index].script_pubkey.size() == 34);  // P2WSH 2-of-2
      ++matched;
    }
  }
  CHECK(matched == 3);
  // One chantools funding transaction spends the other's change output.
  CHECK(decode_ok(k_fixture_funding[0].hex).inputs[0].prev_txid == decode_ok(k_fixture_funding[1].hex).txid);
}

TEST_CASE("lnd's unsigned commitment transactions spend their funding outpoints") {
  int checked = 0;
  for (const std::string name : {"chantools", "lndinit"}) {
    const auto fixture = load_fixture(name);
    for (const auto& channel : fixture.at("open_channels")) {
      const auto tx = decode_ok(channel.at("local_commit").at("commit_tx_hex").get<std::string>());
      CHECK_FALSE(tx.has_witness);
      REQUIRE(tx.inputs.size() == 1);
      CHECK(tx.inputs[0].prev_txid + ":" + std::to_string(tx.inputs[0].vout) ==
            channel.at("funding_outpoint").get<std::string>());
      CHECK(tx.weight == 4 * tx.size);
      // BOLT 3 obscures the commitment number in the upper byte 0x80 / 0x20.
      CHECK((tx.inputs[0].sequence >> 24) == 0x80);
      CHECK((tx.locktime >> 24) == 0x20);
      ++checked;
    }
  }
  CHECK(checked == 6);
}

TEST_CASE("to_json has the documented keys, in order") {
  const auto json = to_json(decode_ok(k_bip143_p2wpkh_tx));
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  CHECK(keys == std::vector<std::string>{"txid", "wtxid", "version", "locktime", "size", "vsize", "weight", "inputs",
                                         "outputs"});
  CHECK(json["inputs"][0]["witness"].is_array());
  CHECK(json["inputs"][0]["witness"].empty());
  CHECK(json["inputs"][1]["witness"][1] == "025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357");
  CHECK(json["outputs"][1]["value_sat"] == 223'450'000);
  CHECK(json["inputs"][0]["sequence"] == 0xFFFFFFEEu);
}

TEST_CASE("the decoder agrees with an independent Python decoder") {
  const std::string tool = std::string(LNSTORE_SOURCE_DIR) + "/tests/tools/tx_decode.py";
  if (!test::python_ready()) return;
  REQUIRE(std::filesystem::exists(tool));
  const auto vectors = all_vectors();
  std::string command = "'" + test::python() + "' " + tool;
  for (auto hex : vectors) command += " " + std::string(hex);
  std::istringstream lines(run_tool(command));
  for (auto hex : vectors) {
    std::string line;
    REQUIRE(std::getline(lines, line));
    const auto expected = nlohmann::json::parse(line);
    const nlohmann::json actual = to_json(decode_ok(hex));
    CAPTURE(expected["txid"]);
    CHECK(actual == expected);
  }
  CHECK(nlohmann::json::parse(run_tool("'" + test::python() + "' " + tool + " " + std::string(k_block170_tx)))["txid"] ==
        k_block170_txid);
}

TEST_CASE("every truncation fails cleanly") {
  for (auto hex : all_vectors()) {
    const auto raw = bytes_of(hex);
    for (std::size_t length = 0; length < raw.size(); ++length) {
      CAPTURE(length);
      decode_bad(util::Bytes(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(length)));
    }
  }
  decode_bad({}, "version");
  decode_bad(bytes_of("01000000"), "input count");
}

TEST_CASE("trailing bytes are refused") {
  auto raw = bytes_of(k_block170_tx);
  raw.push_back(0);
  CHECK(decode_bad(raw, "trailing").find("1 trailing") != std::string::npos);
  auto segwit = bytes_of(k_fixture_funding[2].hex);
  segwit.insert(segwit.end(), {0, 0, 0, 0});
  decode_bad(segwit, "4 trailing bytes");
}

TEST_CASE("segwit marker and flag") {
  auto raw = bytes_of(k_fixture_funding[0].hex);
  for (std::uint8_t flag : {0x00, 0x02, 0x03, 0xFF}) {
    CAPTURE(int{flag});
    raw[5] = flag;
    decode_bad(raw, "segwit flag");
  }
  decode_bad(bytes_of("0200000000"), "segwit flag");
  // Marker, flag, then no inputs.
  decode_bad(bytes_of("020000000001000101515100000000"), "input count is 0");
}

TEST_CASE("a segwit transaction whose witnesses are all empty is refused") {
  // Block 170's transaction re-encoded with the marker and an empty witness.
  const auto legacy = bytes_of(k_block170_tx);
  util::Bytes raw(legacy.begin(), legacy.begin() + 4);
  put_bytes(raw, "0001");
  raw.insert(raw.end(), legacy.begin() + 4, legacy.end() - 4);
  raw.push_back(0);  // input 0: no witness items
  raw.insert(raw.end(), legacy.end() - 4, legacy.end());
  decode_bad(raw, "every witness is empty");
}

TEST_CASE("counts and lengths are bounded by the data") {
  decode_bad(tx_head("feffffff7f"), "input count");

  util::Bytes huge_outputs = tx_head("01");
  put_bytes(huge_outputs, "ffffffffffffffffff");
  decode_bad(huge_outputs, "output count");

  util::Bytes long_script = tx_head("02");
  put_input(long_script, "50", 0);  // claims 80 bytes of script, only 19 bytes follow
  put_bytes(long_script, "01");
  put_output(long_script, 1);
  put_le(long_script, 0, 4);
  decode_bad(long_script, "input 1 script length 80 exceeds");

  auto witness = bytes_of(k_fixture_funding[2].hex);
  // The witness item count follows the last output: make it claim 200 items.
  const auto tx = decode_ok(k_fixture_funding[2].hex);
  const std::size_t witness_at = tx.base_size - 4 + 2;
  REQUIRE(witness[witness_at] == 0x02);
  witness[witness_at] = 0xC8;
  decode_bad(witness, "input 0 witness item count 200 exceeds");
  witness[witness_at] = 0x02;
  witness[witness_at + 1] = 0xFC;  // first item length beyond the data left
  decode_bad(witness, "input 0 witness item 0 length");
}

TEST_CASE("CompactSize must be canonical") {
  for (const auto& [prefix, length] : std::vector<std::pair<std::string_view, std::size_t>>{
           {"fd0100", 1}, {"fdfc00", 0xFC}, {"fe01000000", 1}, {"feffff0000", 0xFFFF}, {"ff0100000000000000", 1}}) {
    CAPTURE(prefix);
    decode_bad(legacy_tx(1, prefix, length), "input 0 script length uses a non-canonical CompactSize");
  }
  // The smallest value of each width is accepted.
  CHECK(codec::decode_bitcoin_tx(legacy_tx(1, "fdfd00", 0xFD)).value().inputs[0].script_sig.size() == 0xFD);
}

TEST_CASE("output values stay within 21 million BTC") {
  CHECK(codec::decode_bitcoin_tx(legacy_tx(0)).has_value());
  CHECK(codec::decode_bitcoin_tx(legacy_tx(2'100'000'000'000'000)).value().outputs[0].value_sat == 2'100'000'000'000'000);
  decode_bad(legacy_tx(2'100'000'000'000'001), "output 0 value");
  decode_bad(legacy_tx(0xFFFFFFFFFFFFFFFFULL), "output 0 value");  // -1 as int64
  decode_bad(legacy_tx(0x8000000000000000ULL), "output 0 value");

  util::Bytes two = tx_head("01");
  put_bytes(two, "02");
  put_output(two, 2'000'000'000'000'000);
  put_output(two, 200'000'000'000'000);
  put_le(two, 0, 4);
  decode_bad(two, "add up");
}

TEST_CASE("a transaction needs inputs and outputs") {
  util::Bytes no_outputs = tx_head("01");
  put_bytes(no_outputs, "00");
  put_le(no_outputs, 0, 4);
  decode_bad(no_outputs, "output count is 0");
  // Zero inputs in the legacy encoding reads as a marker with flag 0.
  decode_bad(bytes_of("02000000000000000000"), "segwit flag");
}

TEST_CASE("size limit and hex") {
  util::Bytes huge(codec::k_max_transaction_size + 1, 0);
  decode_bad(huge, "exceed");
  auto bad_hex = codec::decode_bitcoin_tx_hex("0100zz");
  REQUIRE_FALSE(bad_hex.has_value());
  CHECK(bad_hex.error().code == "bad_hex");
  CHECK(codec::decode_bitcoin_tx_hex("010").error().code == "bad_hex");

  // A large but valid script decodes.
  CHECK(codec::decode_bitcoin_tx(legacy_tx(1, "fe40420f00", 1'000'000)).value().inputs[0].script_sig.size() == 1'000'000);
}

TEST_CASE("mutated transactions decode or fail with bad_transaction, never crash") {
  std::mt19937 random(1700);
  int decoded = 0;
  int refused = 0;
  for (auto hex : all_vectors()) {
    const auto original = bytes_of(hex);
    for (int round = 0; round < 600; ++round) {
      auto raw = original;
      const int edits = 1 + static_cast<int>(random() % 3);
      for (int e = 0; e < edits && !raw.empty(); ++e) {
        const std::size_t at = random() % raw.size();
        switch (random() % 4) {
          case 0:
            raw[at] = static_cast<std::uint8_t>(random());
            break;
          case 1:
            raw[at] ^= static_cast<std::uint8_t>(1u << (random() % 8));
            break;
          case 2:
            raw.erase(raw.begin() + static_cast<std::ptrdiff_t>(at));
            break;
          default:
            raw.insert(raw.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(random()));
        }
      }
      auto tx = codec::decode_bitcoin_tx(raw);
      if (tx) {
        ++decoded;
        CHECK(tx->size == raw.size());
      } else {
        ++refused;
        CHECK(tx.error().code == "bad_transaction");
      }
    }
  }
  CHECK(decoded > 0);
  CHECK(refused > 0);
}

TEST_SUITE_END();
