// Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/,
// except bbolt/, which tests/tools/bbolt_gen -corpus writes). The seeds are
// committed; run this only to regenerate them after a format change:
//   cmake --build build-asan --target make_seed_corpus
//   build-asan/tests/fuzz/make_seed_corpus tests/fuzz/corpus
// Sources: the public vectors of spec/scb-format.md section 8 and
// spec/aezeed.md section 9, BIP 32 test vectors, channel documents of the lnd
// fixtures (tests/tools/channel_docs_from_fixture.py) and watchtower lines
// from shared/bench/genops.py (both run with $LNSTORE_PYTHON, by default Debian's /usr/bin/python3). Seeds only
// need to be valid (or nearly valid) inputs; nothing here is an expected value.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/backup/backup_cipher.hpp"
#include "core/codec/bitcoin_tx.hpp"
#include "core/keys/extended_key.hpp"
#include "core/util/hex.hpp"
#include "core/codec/lnd_net_address.hpp"
#include "core/codec/network.hpp"
#include "core/crypto/pubkey.hpp"
#include "core/backup/scb_multi.hpp"
#include "core/backup/scb_single.hpp"
#include "tests/unit/scb_sample_data.hpp"

namespace {

using namespace lnstore;
using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

int g_failures = 0;

util::Bytes hex(std::string_view text) {
  auto bytes = util::from_hex(text, "seed");
  if (!bytes) {
    std::cerr << "bad hex in a seed constant: " << bytes.error().message << "\n";
    std::exit(1);
  }
  return *bytes;
}

void write(const fs::path& dir, const std::string& name, std::span<const std::uint8_t> bytes) {
  fs::create_directories(dir);
  std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::cerr << "cannot write " << (dir / name) << "\n";
    ++g_failures;
  }
}

void write_text(const fs::path& dir, const std::string& name, std::string_view text) {
  write(dir, name, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

template <class T>
T must(Result<T> r, std::string_view what) {
  if (!r) {
    std::cerr << what << ": " << r.error().message << "\n";
    std::exit(1);
  }
  return std::move(*r);
}

// The Python the tools run with: $LNSTORE_PYTHON, else Debian's.
std::string python() {
  const char* env = std::getenv("LNSTORE_PYTHON");
  return std::string("'") + (env != nullptr && *env != '\0' ? env : "/usr/bin/python3") + "'";
}

std::vector<std::string> run_lines(const std::string& command) {
  std::vector<std::string> lines;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    std::cerr << "cannot run " << command << "\n";
    std::exit(1);
  }
  std::string line;
  for (int c; (c = std::fgetc(pipe)) != EOF;) {
    if (c != '\n') {
      line += static_cast<char>(c);
    } else {
      lines.push_back(line);
      line.clear();
    }
  }
  if (::pclose(pipe) != 0 || lines.empty()) {
    std::cerr << "failed: " << command << "\n";
    std::exit(1);
  }
  return lines;
}

void scb_corpora(const fs::path& root) {
  const auto dir_single = root / "scb_single";
  const auto dir_multi = root / "scb_multi";
  const auto dir_packed = root / "scb_packed";
  const util::SecureBytes key = must(
      backup::backup_encryption_key(must(keys::ExtendedPrivateKey::parse(test::k_scb_vector_root, codec::Network::regtest), "root"), codec::Network::regtest),
      "backup key");
  std::array<std::uint8_t, backup::k_backup_nonce_size> nonce{};

  write(dir_single, "vector_plaintext", hex(test::k_scb_vector_plaintext));
  write(dir_packed, "vector_packed_single", hex(test::k_scb_vector_packed));
  backup::ScbMulti vector_multi{0, {must(backup::decode_scb_single(hex(test::k_scb_vector_plaintext)), "vector")}};
  write(dir_multi, "vector_in_multi", must(backup::encode_scb_multi(vector_multi), "vector multi"));
  write(dir_multi, "empty", must(backup::encode_scb_multi(backup::ScbMulti{}), "empty multi"));

  backup::ScbMulti all;
  for (std::uint8_t v = 0; v <= 7; ++v) {
    for (bool close : {false, true}) {
      const auto version = static_cast<backup::ScbVersion>(v);
      backup::ScbSingle single = test::make_scb_single(version, close, static_cast<std::uint8_t>(v * 2 + close + 1));
      const util::Bytes plain = must(backup::encode_scb_single(single), "single");
      const std::string name = "v" + std::to_string(v) + (close ? "_close_tx" : "");
      write(dir_single, name, plain);
      if (close) write(dir_multi, name, must(backup::encode_scb_multi(backup::ScbMulti{0, {single}}), "multi"));
      nonce.fill(static_cast<std::uint8_t>(v * 2 + close));
      write(dir_packed, "single_" + name, must(backup::backup_encrypt_with_nonce(key.span(), nonce, plain), "pack"));
      if (v % 3 == 0) all.singles.push_back(std::move(single));
    }
  }
  const util::Bytes all_plain = must(backup::encode_scb_multi(all), "multi of all");
  write(dir_multi, "several", all_plain);
  nonce.fill(0xaa);
  write(dir_packed, "multi_several", must(backup::backup_encrypt_with_nonce(key.span(), nonce, all_plain), "pack multi"));
}

void address_corpus(const fs::path& root) {
  const auto dir = root / "address";
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"ipv4", "203.0.113.7:9911"},
      {"ipv4_noport", "127.0.0.1"},
      {"ipv6", "[2001:db8::1]:9735"},
      {"ipv6_mapped", "[::ffff:192.0.2.1]:9735"},
      {"ipv6_bare", "fe80::1"},
      {"tor_v2", "expyuzz4wqqyqhjn.onion:9735"},
      {"tor_v3", "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion:9735"},
      {"dns", "Tower.Example.COM:9911"},
      {"node_ipv4", "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798@127.0.0.1:9911"},
      {"node_v3",
       "023bb818046b888b0e31870eaf589c1abe726d5d45ef74c4eba682c06dc3a56cec@"
       "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"},
  };
  for (const auto& [name, text] : texts) write_text(dir, "text_" + name, text);

  util::Bytes wire;
  if (!codec::append_lnd_address_list(wire, test::scb_sample_addresses())) std::exit(1);
  write(dir, "wire_list", wire);
  // lnd's graph encoding (wtclient.db): ipv4, dns, opaque.
  write(dir, "graph_addresses", hex("007f00000126ac"                    // ipv4 127.0.0.1:9900
                                    "050b746f7765722e6c6f63616c26ac"  // dns tower.local:9900
                                    "040003aabbcc"));                 // opaque
}

void tx_corpus(const fs::path& root, const std::vector<std::string>& docs) {
  const auto dir = root / "bitcoin_tx";
  write(dir, "vector_commit_tx", hex(test::k_scb_vector_commit_tx));
  write(dir, "segwit", hex(test::k_scb_segwit_tx));
  int n = 0;
  for (const auto& line : docs) {
    const Json doc = Json::parse(line);
    if (doc.contains("local_commit_tx"))
      write(dir, "fixture_commit_" + std::to_string(++n), hex(doc["local_commit_tx"].get<std::string>()));
  }
}

void key_corpus(const fs::path& root) {
  const auto dir = root / "extended_key";
  // BIP 32 test vectors 1, 2 and 3 (master keys and a deep child), the
  // spec/scb-format.md vector root, its xpub, and a key file with a newline.
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"bip32_tv1_master",
       "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"},
      {"bip32_tv1_child",
       "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM"},
      {"bip32_tv2_master",
       "xprv9s21ZrQH143K31xYSDQpPDxsXRTUcvj2iNHm5NUtrGiGG5e2DtALGdso3pGz6ssrdK4PFmM8NSpSBHNqPqm55Qn3LqFtT2emdEXVYsCzC2U"},
      {"bip32_tv3_master",
       "xprv9s21ZrQH143K25QhxbucbDDuQ4naNntJRi4KUfWT7xo4EKsHt2QJDu7KXp1A3u7Bi1j8ph3EGsZ9Xvz9dGuVrtHHs7pXeTzjuxBrCmmhgC6"},
      {"bip32_tv1_xpub",
       "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"},
      {"vector_tprv_file", std::string(test::k_scb_vector_root) + "\n"},
  };
  for (const auto& [name, text] : keys) write_text(dir, name, text);
}

void aezeed_corpus(const fs::path& root) {
  const auto dir = root / "aezeed";
  using namespace std::string_literals;
  // spec/aezeed.md 9.1 (lnd) and 9.2 (bitcoinjs), N = 16; passphrase after NUL.
  write_text(dir, "lnd_v1",
             "ability liquid travel stem barely drastic pact cupboard apple thrive morning oak feature tissue couch "
             "old math inform success suggest drink motion know royal");
  write_text(dir, "lnd_v2_passphrase",
             "able tree stool crush transfer cloud cross three profit outside hen citizen plate ride require leg "
             "siren drum success suggest drink require fiscal upgrade\0!very_safe_55345_password*"s);
  write_text(dir, "bitcoinjs_default",
             "abandon razor cage merit again upon sort only grace brother dinosaur reform path poverty despair "
             "detail tattoo bitter response grow obscure broccoli dirt swallow");
  write_text(dir, "bitcoinjs_passphrase",
             "abandon ski rough double differ easy match patient dynamic engage crystal artefact attract puppy slam "
             "abstract outer item response grow obscure amount vivid vessel\0notDefault"s);
  write_text(dir, "key_file_passphrase_line",
             "abandon ski rough double differ easy match patient dynamic engage crystal artefact attract puppy slam\n"
             "ABSTRACT outer item response grow obscure amount vivid vessel\nnotDefault\n");
  write_text(dir, "bad_checksum",
             "above judge emerge veteran reform crunch system all snap please shoulder vault hurt city quarter "
             "cover enlist swear success suggest drink wagon enrich boil");
  write_text(dir, "bad_version",
             "airport judge emerge veteran reform crunch system all snap please shoulder vault hurt city quarter "
             "cover enlist swear success suggest drink wagon enrich body");
}

// Channel documents: the fixtures' open channels, and variants that reach
// every channel type and optional field. A new channel point makes the
// fixture's commitment tx invalid, so those variants go without one.
std::vector<Json> channel_documents(const std::vector<std::string>& lines) {
  std::vector<Json> docs;
  for (const auto& line : lines) docs.push_back(Json::parse(line));
  const Json base = docs.front();
  Json anchors = base;
  anchors["type"] = "anchors_zero_fee_htlc";
  // The funding tx must be the channel point's: the segwit sample, output 0 (100000 sat).
  anchors["chan_point"] = must(codec::decode_bitcoin_tx_hex(test::k_scb_segwit_tx), "segwit tx").txid + ":0";
  anchors["funding_tx"] = test::k_scb_segwit_tx;
  anchors.erase("local_commit_tx");
  anchors.erase("remote_commit_sig");
  anchors["local_delivery_script"] = "0014aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  anchors["created_at"] = "2024-01-31T12:00:00Z";
  anchors["peer_addresses"] = {"127.0.0.1:10133", "[2001:db8::1]:9735", "node.example.com"};
  docs.push_back(anchors);
  Json lease = base;
  lease["type"] = "script_enforced_lease";
  lease["chan_point"] = std::string(64, '3') + ":7";
  lease["lease_expiry"] = 900000;
  lease.erase("local_commit_tx");
  lease.erase("remote_commit_sig");
  lease["short_channel_id"] = 483785752854806528ull;
  docs.push_back(lease);
  Json taproot = base;
  taproot["type"] = "tapscript_root";
  taproot["tapscript_root"] = std::string(64, 'e');
  taproot["remote_commit_sig"] = std::string(196, '5');
  taproot["shachain_root"] = {{"family", 5}, {"index", 3},
                              {"pubkey", "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"}};
  docs.push_back(taproot);
  return docs;
}

void json_corpora(const fs::path& root) {
  const fs::path source = LNSTORE_SOURCE_DIR;
  const fs::path shared = LNSTORE_SHARED_DIR;
  std::vector<std::string> doc_lines;
  for (const char* fixture : {"lndinit", "chantools"}) {
    auto lines = run_lines(python() + " " + (source / "tests/tools/channel_docs_from_fixture.py").string() + " " +
                           (shared / "fixtures/lnd" / fixture / "expected-open-channels.json").string());
    doc_lines.insert(doc_lines.end(), lines.begin(), lines.end());
  }
  tx_corpus(root, doc_lines);

  const auto docs = channel_documents(doc_lines);
  for (std::size_t i = 0; i < docs.size(); ++i)
    write_text(root / "channel_document", "doc_" + std::to_string(i + 1), docs[i].dump());

  // fuzz_apply_line's committed state: tower 1 (the generator point), the
  // genops session 02e8..., the lndinit fixture's first channel.
  const auto dir = root / "apply_line";
  const std::string session = "02e8ffe881f53d4a165a8da0a2445b22176e3d03953234bbbbc42ed754b6266039";
  const std::string chan_id = "061d46d2ac6d85fbbf381425ab9b1fa3adca5ce00bc1bfb5669d9ba0843892fc";
  const std::string point = docs.front()["chan_point"].get<std::string>();
  const std::string closing = "2222222222222222222222222222222222222222222222222222222222222222";
  const std::vector<std::pair<std::string, Json>> lines = {
      {"tower_add", {{"op", "tower.add"}, {"address", "03c4074d7511058f9de926aaac6ecbb8fc1bb63143980f6a642208b8bd422456d4@duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion"}}},
      {"tower_remove", {{"op", "tower.remove"}, {"pubkey", "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"}}},
      {"tower_deactivate", {{"op", "tower.deactivate"}, {"pubkey", "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"}}},
      {"session_reserve", {{"op", "session.reserve"}, {"tower", "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"}, {"blob_type", "anchor"}, {"force_next", true}}},
      {"session_create", {{"op", "session.create"}, {"tower", 1}, {"key_index", 2}, {"id", "03c4074d7511058f9de926aaac6ecbb8fc1bb63143980f6a642208b8bd422456d4"}, {"policy", {{"blob_type", "reward"}, {"max_updates", 1024}, {"reward_base", 1}, {"reward_rate", 10000}, {"sweep_fee_rate", 12500}}}, {"reward_pkscript", "0014" + std::string(40, 'b')}}},
      {"session_terminate", {{"op", "session.terminate"}, {"id", session}}},
      {"session_delete", {{"op", "session.delete"}, {"id", session}}},
      {"update_commit", {{"op", "update.commit"}, {"session", session}, {"seqnum", 2}, {"chan_id", chan_id}, {"commit_height", 1}, {"hint", std::string(32, 'c')}, {"blob", "00112233"}}},
      {"update_ack", {{"op", "update.ack"}, {"session", session}, {"seqnum", 1}, {"last_applied", 1}}},
      {"channel_register", {{"op", "channel.register"}, {"chan_id", std::string(64, 'd')}, {"sweep_pkscript", "0014" + std::string(40, 'd')}}},
      {"channel_mark_closed", {{"op", "channel.mark_closed"}, {"chan_id", chan_id}, {"height", 800000}}},
      {"channel_open", {{"op", "channel.open"}, {"channel", docs[docs.size() - 2]}}},
      {"channel_update", {{"op", "channel.update"}, {"chan_point", point}, {"update", {{"local_balance_msat", 40000000}, {"remote_balance_msat", 35000000}, {"num_updates", 3}}}}},
      {"channel_close", {{"op", "channel.close"}, {"chan_point", point}, {"type", "local_force"}, {"closing_txid", closing}, {"height", 900}, {"settled_sat", 1000}, {"time_locked_sat", 2000}}},
      {"channel_resolve", {{"op", "channel.resolve"}, {"chan_point", point}}},
      {"channel_revoke", {{"op", "channel.revoke"}, {"chan_point", point}, {"index", 0}, {"secret", std::string(64, '7')}}},
      {"peer_add", {{"op", "peer.add"}, {"address", "034b5bd0e1f623a7780199bb435b608d152587393cfb8083c189bdd14195365e07@peer.example.org:9735"}}},
      {"peer_remove_address", {{"op", "peer.remove_address"}, {"address", "023bb818046b888b0e31870eaf589c1abe726d5d45ef74c4eba682c06dc3a56cec@[2001:db8::1]:9735"}}},
  };
  for (const auto& [name, line] : lines) write_text(dir, name, line.dump() + "\n");
  // Multi-line scenarios: a local force close then resolve; commit, ack, exhaust, close.
  write_text(dir, "scenario_close_resolve", lines[13].second.dump() + "\n" + lines[14].second.dump() + "\n");
  std::string exhaust;
  for (int seqnum = 2; seqnum <= 4; ++seqnum) {
    Json commit = lines[7].second;
    commit["seqnum"] = seqnum;
    exhaust += commit.dump() + "\n";
  }
  exhaust += Json{{"op", "update.ack"}, {"session", session}, {"seqnum", 4}, {"last_applied", 4}}.dump() + "\n";
  exhaust += lines[10].second.dump() + "\n";
  write_text(dir, "scenario_exhaust_and_close", exhaust);
  Json reserve_reward = lines[3].second;
  reserve_reward["blob_type"] = "reward";
  reserve_reward.erase("force_next");
  write_text(dir, "scenario_reserve_create", reserve_reward.dump() + "\n" + lines[4].second.dump() + "\n");
  write_text(dir, "scenario_ack_terminate_close_delete", lines[8].second.dump() + "\n" + lines[5].second.dump() +
                                                             "\n" + lines[10].second.dump() + "\n" +
                                                             lines[6].second.dump() + "\n");
  auto genops = run_lines(python() + " " + (shared / "bench/genops.py").string() + " 3 2 2");
  std::string all;
  for (const auto& line : genops) all += line + "\n";
  write_text(dir, "genops", all);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_seed_corpus CORPUS_DIR\n";
    return 2;
  }
  const fs::path root = argv[1];
  scb_corpora(root);
  address_corpus(root);
  key_corpus(root);
  aezeed_corpus(root);
  json_corpora(root);
  return g_failures == 0 ? 0 : 1;
}
