// lnd wtclient.db decoding. References: lnd's own empty v8 file (lndinit
// fixture); populated v8 files written with Debian's bbolt by
// tests/tools/bbolt_gen, which encodes lnd's layout from the spec and
// formats addresses with Go's net package (every field compared with its
// JSON); BOLT #1 BigSize test vectors; Python's base32 for onion names; and
// hand-built bad records and bucket trees for every error path.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bbolt_gen.hpp"
#include "bolt_test_image.hpp"
#include "core/lnd/bbolt_file.hpp"
#include "core/lnd/lnd_wtclient_reader.hpp"

using namespace lnstore;
using lnstore::test::BoltTestTree;
using lnstore::test::bytes_of;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

util::Bytes hex(std::string_view text) { return util::from_hex(text, "test").value(); }

util::Bytes cat(std::initializer_list<util::Bytes> parts) {
  util::Bytes out;
  for (const util::Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// The generator's JSON shape (tests/tools/bbolt_gen/main.go, type jWt).
json to_generator_json(const lnd::LndWtclientDb& db, std::uint32_t page_size) {
  json out = {{"version", db.version}, {"page_size", page_size}, {"sequences", json::object()}};
  for (const auto& [name, sequence] : db.bucket_sequences) out["sequences"][name] = sequence;
  out["towers"] = json::array();
  for (const lnd::LndTower& tower : db.towers) {
    json addresses = json::array();
    for (const codec::NetAddress& address : tower.addresses) addresses.push_back(address.to_string());
    out["towers"].push_back({{"id", tower.id},
                             {"pubkey", util::to_hex(tower.pubkey)},
                             {"addresses", addresses},
                             {"status", static_cast<int>(tower.status)},
                             {"has_status_record", tower.has_status_record}});
  }
  out["tower_index"] = json::array();
  for (const auto& entry : db.tower_index)
    out["tower_index"].push_back({{"pubkey", util::to_hex(entry.pubkey)}, {"tower_id", entry.tower_id}});
  out["tower_sessions"] = json::array();
  for (const auto& entry : db.tower_sessions) {
    json ids = json::array();
    for (const util::Bytes& id : entry.session_ids) ids.push_back(util::to_hex(id));
    out["tower_sessions"].push_back({{"tower_id", entry.tower_id}, {"session_ids", ids}});
  }
  out["sessions"] = json::array();
  for (const lnd::LndSession& session : db.sessions) {
    json commits = json::array();
    for (const auto& update : session.committed_updates)
      commits.push_back({{"seqnum", update.seqnum},
                         {"chan_id", util::to_hex(update.chan_id)},
                         {"commit_height", update.commit_height},
                         {"hint", util::to_hex(update.hint)},
                         {"encrypted_blob", util::to_hex(update.encrypted_blob)}});
    json ranges = json::array();
    for (const auto& channel : session.acked_ranges) {
      json list = json::array();
      for (const auto& range : channel.ranges) list.push_back({range.start, range.end});
      ranges.push_back({{"db_chan_id", channel.db_chan_id}, {"ranges", list}});
    }
    const lnd::LndSessionBody& body = session.body;
    out["sessions"].push_back({{"id", util::to_hex(session.id)},
                               {"db_id", session.db_id},
                               {"seqnum", body.seqnum},
                               {"tower_last_applied", body.tower_last_applied},
                               {"tower_id", body.tower_id},
                               {"key_index", body.key_index},
                               {"status", static_cast<int>(body.status)},
                               {"policy",
                                {{"blob_type", body.policy.blob_type},
                                 {"max_updates", body.policy.max_updates},
                                 {"reward_base", body.policy.reward_base},
                                 {"reward_rate", body.policy.reward_rate},
                                 {"sweep_fee_rate", body.policy.sweep_fee_rate}}},
                               {"reward_pkscript", util::to_hex(body.reward_pkscript)},
                               {"committed_updates", commits},
                               {"acked_ranges", ranges},
                               {"rogue_count", session.rogue_count ? json(*session.rogue_count) : json(nullptr)}});
  }
  auto id_index = [](const std::vector<lnd::LndDbIdEntry>& entries) {
    json list = json::array();
    for (const auto& entry : entries) list.push_back({{"db_id", entry.db_id}, {"key", util::to_hex(entry.key)}});
    return list;
  };
  out["session_id_index"] = id_index(db.session_id_index);
  out["channel_id_index"] = id_index(db.channel_id_index);
  out["channels"] = json::array();
  for (const lnd::LndWtChannel& channel : db.channels)
    out["channels"].push_back({{"chan_id", util::to_hex(channel.chan_id)},
                               {"db_id", channel.db_id},
                               {"sweep_pkscript", util::to_hex(channel.sweep_pkscript)},
                               {"closed_height", channel.closed_height ? json(*channel.closed_height) : json(nullptr)},
                               {"max_height", channel.max_height ? json(*channel.max_height) : json(nullptr)},
                               {"session_db_ids", channel.session_db_ids}});
  out["closable_sessions"] = json::array();
  for (const auto& session : db.closable_sessions)
    out["closable_sessions"].push_back({{"db_id", session.db_id}, {"height", session.height}});
  out["key_index_reservations"] = json::array();
  for (const auto& reservation : db.key_index_reservations)
    out["key_index_reservations"].push_back({{"key", util::to_hex(reservation.key)}, {"key_index", reservation.key_index}});
  out["task_queues"] = json::array();
  auto queue_json = [](const lnd::LndDiskQueue& queue) {
    json items = json::array();
    for (const auto& item : queue.items)
      items.push_back(
          {{"index", item.index}, {"chan_id", util::to_hex(item.chan_id)}, {"commit_height", item.commit_height}});
    return json{{"oldest_index", queue.oldest_index ? json(*queue.oldest_index) : json(nullptr)},
                {"next_index", queue.next_index ? json(*queue.next_index) : json(nullptr)},
                {"items", items}};
  };
  for (const auto& queue : db.task_queues)
    out["task_queues"].push_back(
        {{"client", queue.client}, {"main", queue_json(queue.main)}, {"head", queue_json(queue.head)}});
  return out;
}

std::string first_difference(const json& expected, const json& actual) {
  const json patch = json::diff(expected, actual);
  return patch.empty() ? "" : patch.front().dump().substr(0, 400);
}

template <class T>
void check_error(const Result<T>& result, std::string_view code, std::string_view message_part) {
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == code);
  CHECK(result.error().exit == ExitClass::incompatible);
  CHECK_MESSAGE(result.error().message.find(message_part) != std::string::npos, result.error().message);
}

Result<codec::NetAddress> address_of(const util::Bytes& bytes) {
  std::span<const std::uint8_t> in(bytes);
  auto address = lnd::read_lnd_net_address(in, "addr");
  if (address && !in.empty()) return fail(ExitClass::internal, "left_over", "bytes left over");
  return address;
}

// A valid compressed key (the secp256k1 generator G).
const util::Bytes k_g = hex("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");

// An empty v8 client DB as lnd creates it, to be filled by each test.
BoltTestTree empty_v8() {
  BoltTestTree root;
  for (const std::string name :
       {"client-channel-detail-bucket", "client-channel-id-index", "client-closable-sessions-bucket",
        "client-session-bucket", "client-session-id-index", "client-session-key-index-bucket", "client-tower-bucket",
        "client-tower-index-bucket", "client-tower-to-session-index-bucket", "metadata-bucket"})
    root.buckets[bytes_of(name)];
  root.buckets[bytes_of("metadata-bucket")].values[bytes_of("version")] = hex("00000008");
  return root;
}

BoltTestTree& bucket_of(BoltTestTree& tree, std::string_view name) { return tree.buckets[bytes_of(name)]; }

Result<lnd::LndWtclientDb> decode_tree(const BoltTestTree& root) {
  auto db = lnd::BoltDb::open_from_bytes(lnstore::test::bolt_tree_image(root));
  REQUIRE_MESSAGE(db.has_value(), db.error().message);
  return lnd::read_lnd_wtclient(*db);
}

const util::Bytes k_session_id = cat({hex("02"), util::Bytes(32, 0x11)});

// A session body: seqnum 3, last applied 2, tower 1, key index 7, active,
// policy (0x0002, 1024, 0, 0, 2500), empty reward script.
const util::Bytes k_body =
    hex("0003"
        "0002"
        "0000000000000001"
        "00000007"
        "00"
        "0002"
        "0400"
        "00000000"
        "00000000"
        "00000000000009c4"
        "00");

}  // namespace

TEST_SUITE_BEGIN("lnd_wtclient_reader");

TEST_CASE("BigSize: BOLT #1 test vectors") {
  struct Vector {
    const char* bytes;
    std::uint64_t value;
  };
  for (const Vector& v :
       {Vector{"00", 0}, Vector{"fc", 252}, Vector{"fd00fd", 253}, Vector{"fdffff", 65535}, Vector{"fe00010000", 65536},
        Vector{"feffffffff", 4294967295ull}, Vector{"ff0000000100000000", 4294967296ull},
        Vector{"ffffffffffffffffff", 18446744073709551615ull}}) {
    CAPTURE(v.bytes);
    const auto decoded = lnd::decode_lnd_bigsize(hex(v.bytes), "n");
    REQUIRE(decoded.has_value());
    CHECK(*decoded == v.value);
  }
  for (const char* bad : {"fd00fc", "fe0000ffff", "ff00000000ffffffff", "fd00", "feffff", "ffffffffff", "", "0000"}) {
    CAPTURE(bad);
    check_error(lnd::decode_lnd_bigsize(hex(bad), "the_field"), "corrupt_source", "the_field");
  }
}

TEST_CASE("addresses: every lnd type, printed as lnd prints them") {
  // Type byte, address, port; and the text lnd prints.
  const std::pair<const char*, const char*> printed[] = {
      {"00" "c0000201" "26b7", "192.0.2.1:9911"},
      {"01" "20010db8000000000000000000000001" "0001", "[2001:db8::1]:1"},
      {"01" "00000000000000000000000000000001" "2710", "[::1]:10000"},
      {"01" "00000000000000000000000000000000" "2710", "[::]:10000"},
      // RFC 5952 4.2.2: a single zero group is not shortened.
      {"01" "20010db8000000010001000100010001" "26b7", "[2001:db8:0:1:1:1:1:1]:9911"},
      // RFC 5952 4.2.3: the first of two equal runs is shortened.
      {"01" "20010db8000000000001000000000001" "26b7", "[2001:db8::1:0:0:1]:9911"},
      // Go prints an IPv4-mapped IPv6 address as IPv4.
      {"01" "00000000000000000000ffffc0000201" "26b7", "192.0.2.1:9911"},
  };
  for (const auto& [bytes, text] : printed) {
    CAPTURE(bytes);
    CHECK(address_of(hex(bytes))->to_string() == text);
  }
  const auto v2 = address_of(cat({hex("02"), bytes_of("foobarfoob"), hex("26b7")}));
  REQUIRE(v2.has_value());
  CHECK(v2->kind == codec::AddressKind::tor_v2);
  CHECK(v2->to_string() == "mzxw6ytbojtg633c.onion:9911");  // Python base64.b32encode, lowercased
  util::Bytes v3_payload(35);
  for (std::size_t i = 0; i < 35; ++i) v3_payload[i] = static_cast<std::uint8_t>(i);
  const auto v3 = address_of(cat({hex("03"), v3_payload, hex("26b7")}));
  REQUIRE(v3.has_value());
  CHECK(codec::host_string(*v3) == "aaaqeayeaudaocajbifqydiob4ibceqtcqkrmfyydenbwha5dypsaijc.onion");
  CHECK(v3->port == 9911);
  const auto dns = address_of(cat({hex("05"
                                       "0b"),
                                   bytes_of("example.com"), hex("0050")}));
  REQUIRE(dns.has_value());
  CHECK(dns->kind == codec::AddressKind::dns);
  CHECK(dns->to_string() == "example.com:80");
  const auto opaque =
      address_of(hex("04"
                     "0003"
                     "abcdef"));
  REQUIRE(opaque.has_value());
  CHECK(opaque->kind == codec::AddressKind::opaque);
  CHECK(opaque->host == hex("abcdef"));
  CHECK(opaque->to_string() == "abcdef");
}

TEST_CASE("addresses: bad input") {
  // Encoded bytes (type byte first) and what the error message names.
  const std::pair<const char*, const char*> refused[] = {
      {"06" "00000000", "unknown address type 6"},
      {"", "addr.type"},
      {"00" "c00002", "addr.ip"},
      {"00" "c0000201" "26", "addr.port"},
      {"01" "2001", "addr.ip"},
      {"03" "0001", "addr.onion"},
      {"04" "0005" "abcd", "addr.payload"},
      {"05" "05" "6162", "addr.hostname"},
      {"05" "00" "0050", "not a printable DNS name"},
      {"05" "02" "610a" "0050", "not a printable DNS name"},
      {"05" "02" "61ff" "0050", "not a printable DNS name"},
  };
  for (const auto& [bytes, message_part] : refused) {
    CAPTURE(bytes);
    check_error(address_of(hex(bytes)), "corrupt_source", message_part);
  }
}

TEST_CASE("tower records") {
  const util::Bytes addresses =
      hex("00000002"
          "00"
          "c0000201"
          "26b7"
          "05"
          "01"
          "61"
          "0050");
  SUBCASE("before lnd v0.18: no status record, active") {
    const auto tower = lnd::decode_lnd_tower(5, cat({k_g, addresses}));
    REQUIRE_MESSAGE(tower.has_value(), tower.error().message);
    CHECK(tower->id == 5);
    CHECK(tower->pubkey == k_g);
    REQUIRE(tower->addresses.size() == 2);
    CHECK(tower->addresses[0].to_string() == "192.0.2.1:9911");
    CHECK(tower->addresses[1].to_string() == "a:80");
    CHECK(tower->status == lnd::LndTowerStatus::active);
    CHECK_FALSE(tower->has_status_record);
  }
  SUBCASE("status record; unknown TLV types skipped") {
    const auto tower = lnd::decode_lnd_tower(1, cat({k_g, addresses,
                                                hex("000101"
                                                    "0302abcd"
                                                    "fd010000")}));
    REQUIRE_MESSAGE(tower.has_value(), tower.error().message);
    CHECK(tower->status == lnd::LndTowerStatus::inactive);
    CHECK(tower->has_status_record);
  }
  SUBCASE("bad input") {
    check_error(lnd::decode_lnd_tower(1, cat({hex("02"), util::Bytes(32, 0xff), addresses})), "corrupt_source", "tower.pubkey");
    check_error(lnd::decode_lnd_tower(1, cat({hex("04"), util::Bytes(32, 0x01), addresses})), "corrupt_source", "tower.pubkey");
    check_error(lnd::decode_lnd_tower(1, util::Bytes(20, 2)), "corrupt_source", "tower.pubkey");
    check_error(lnd::decode_lnd_tower(1, cat({k_g, hex("000000")})), "corrupt_source", "tower.addresses.count");
    check_error(lnd::decode_lnd_tower(1, cat({k_g, hex("00000003"
                                                  "00"
                                                  "c0000201"
                                                  "26b7")})),
                "corrupt_source", "tower.addresses[1]");
    check_error(lnd::decode_lnd_tower(1, cat({k_g, addresses,
                                         hex("0301aa"
                                             "000100")})),
                "corrupt_source", "not strictly increasing");
    check_error(lnd::decode_lnd_tower(1, cat({k_g, addresses,
                                         hex("000100"
                                             "000101")})),
                "corrupt_source", "not strictly increasing");
    check_error(lnd::decode_lnd_tower(1, cat({k_g, addresses, hex("00020001")})), "corrupt_source", "1 byte");
    check_error(lnd::decode_lnd_tower(1, cat({k_g, addresses, hex("0005aa")})), "corrupt_source", "runs past");
    check_error(lnd::decode_lnd_tower(1, cat({k_g, addresses, hex("00")})), "corrupt_source", "tower.tlv.length");
    check_error(lnd::decode_lnd_tower(1, cat({k_g, addresses, hex("000102")})), "lnd_wtclient_unsupported", "tower.status");
  }
}

TEST_CASE("session bodies") {
  const auto body = lnd::decode_lnd_session_body(k_body);
  REQUIRE_MESSAGE(body.has_value(), body.error().message);
  CHECK(body->seqnum == 3);
  CHECK(body->tower_last_applied == 2);
  CHECK(body->tower_id == 1);
  CHECK(body->key_index == 7);
  CHECK(body->status == lnd::LndSessionStatus::active);
  CHECK(body->policy.blob_type == 2);
  CHECK(body->policy.max_updates == 1024);
  CHECK(body->policy.sweep_fee_rate == 2500);
  CHECK(body->reward_pkscript.empty());
  util::Bytes with_script = k_body;
  with_script.back() = 0x03;
  with_script.insert(with_script.end(), {0x51, 0x52, 0x53});
  CHECK(lnd::decode_lnd_session_body(with_script)->reward_pkscript == hex("515253"));

  for (std::size_t size = 0; size < k_body.size(); ++size) {
    CAPTURE(size);
    check_error(lnd::decode_lnd_session_body(std::span(k_body).first(size)), "corrupt_source", "truncated");
  }
  check_error(lnd::decode_lnd_session_body(cat({k_body, hex("00")})), "corrupt_source", "trailing");
  util::Bytes terminal = k_body;
  terminal[16] = 1;
  CHECK(lnd::decode_lnd_session_body(terminal)->status == lnd::LndSessionStatus::terminal);
  terminal[16] = 2;
  check_error(lnd::decode_lnd_session_body(terminal), "lnd_wtclient_unsupported", "session.status");
  util::Bytes long_script = k_body;
  long_script.pop_back();
  check_error(lnd::decode_lnd_session_body(cat({long_script, hex("fd0300"
                                                            "515253")})),
              "corrupt_source", "non-canonical variable-length integer");
  check_error(lnd::decode_lnd_session_body(cat({long_script, hex("fe11020100")})), "corrupt_source", "66000");
}

TEST_CASE("committed updates") {
  const util::Bytes chan = util::Bytes(32, 0xcc);
  const util::Bytes hint = util::Bytes(16, 0x77);
  const util::Bytes value = cat({chan, hex("0000000000000102"), hint,
                           hex("03"
                               "aabbcc")});
  const auto update = lnd::decode_lnd_committed_update(9, value);
  REQUIRE(update.has_value());
  CHECK(update->seqnum == 9);
  CHECK(update->chan_id == chan);
  CHECK(update->commit_height == 258);
  CHECK(update->hint == hint);
  CHECK(update->encrypted_blob == hex("aabbcc"));
  for (std::size_t size = 0; size < value.size(); ++size)
    check_error(lnd::decode_lnd_committed_update(9, std::span(value).first(size)), "corrupt_source", "truncated");
  check_error(lnd::decode_lnd_committed_update(9, cat({value, hex("00")})), "corrupt_source", "trailing");
}

TEST_CASE("lnd's own empty wtclient.db (lndinit fixture)") {
  const fs::path path = fs::path(LNSTORE_SHARED_DIR) / "fixtures/lnd/lndinit/wtclient.db";
  const auto db = lnd::BoltDb::open(path, lnd::BoltCheck::full);
  REQUIRE_MESSAGE(db.has_value(), db.error().message);
  CHECK(db->meta().page_size == 16384);
  // The README says txid 4, but both metas are valid and meta 1 has txid 5
  // (checked independently with Python: FNV-1a over bytes 16..71 of each).
  CHECK(db->meta().txid == 5);
  CHECK(db->stats().inline_buckets == 10);
  const auto wt = lnd::read_lnd_wtclient(*db);
  REQUIRE_MESSAGE(wt.has_value(), wt.error().message);
  CHECK(wt->version == 8);
  CHECK(wt->towers.empty());
  CHECK(wt->sessions.empty());
  CHECK(wt->channels.empty());
  CHECK(wt->closable_sessions.empty());
  CHECK(wt->key_index_reservations.empty());
  CHECK(wt->task_queues.empty());
  CHECK(wt->unknown_entries.empty());
  CHECK(wt->bucket_sequences.size() == 10);
  for (const auto& [name, sequence] : wt->bucket_sequences) {
    CAPTURE(name);
    CHECK(sequence == 0);
  }
  CHECK(lnd::read_lnd_wtclient_file(path).has_value());
}

TEST_CASE("populated v8 files written by bbolt match the generator's JSON field by field") {
  const auto& gen_dir = lnstore::test::bbolt_gen_dir();
  for (const std::string name : {"wtclient", "wtclient_small"}) {
    CAPTURE(name);
    const lnd::BoltDb db = lnstore::test::open_bbolt_gen_db(name);
    const auto wt = lnd::read_lnd_wtclient(db);
    REQUIRE_MESSAGE(wt.has_value(), wt.error().message);
    const json expected = lnstore::test::bbolt_gen_json(name);
    const json actual = to_generator_json(*wt, db.meta().page_size);
    for (const auto& [section, value] : expected.items()) {
      CAPTURE(section);
      REQUIRE(actual.contains(section));
      CHECK_MESSAGE(actual[section] == value, first_difference(value, actual[section]));
    }
    CHECK(actual == expected);
    CHECK(wt->unknown_entries.empty());
    // Spot checks that do not go through the JSON conversion.
    CHECK(wt->sequences.tower_id == 4);
    CHECK(wt->sequences.channel_db_id == 6);
    REQUIRE(wt->towers.size() == 3);
    CHECK(wt->towers[1].status == lnd::LndTowerStatus::inactive);
    CHECK(wt->towers[1].addresses[0].kind == codec::AddressKind::ipv6);
    CHECK_FALSE(wt->towers[2].has_status_record);
    // Key order: the legacy 8-byte key 00..0002 sorts before 00..0006.
    REQUIRE(wt->key_index_reservations.size() == 2);
    CHECK(wt->key_index_reservations[0].legacy);
    CHECK(wt->key_index_reservations[0].tower_id_field == 2);
    CHECK(wt->key_index_reservations[0].blob_type == 2);
    CHECK(wt->key_index_reservations[0].key_index == 6);
    CHECK(util::to_hex(wt->key_index_reservations[1].key) == "000000000006");
    CHECK_FALSE(wt->key_index_reservations[1].legacy);
    CHECK(wt->key_index_reservations[1].tower_id_field == 0);
    CHECK(wt->key_index_reservations[1].blob_type == 6);
    CHECK(wt->key_index_reservations[1].key_index == wt->sequences.session_key_index);
  }
  const auto big = lnd::BoltDb::open(gen_dir / "wtclient.db", lnd::BoltCheck::full);
  REQUIRE(big.has_value());
  CHECK(big->stats().branch_pages > 0);  // the session bucket spans pages
}

TEST_CASE("versions other than 8 are refused") {
  const auto& gen_dir = lnstore::test::bbolt_gen_dir();
  const auto old = lnd::read_lnd_wtclient_file(gen_dir / "wtclient_v7.db");
  check_error(old, "lnd_wtclient_too_old", "start lnd once to migrate it");
  CHECK(old.error().details.value("version", 0) == 7);
  CHECK(old.error().details.value("path", "") == (gen_dir / "wtclient_v7.db").string());
  check_error(lnd::read_lnd_wtclient_file(gen_dir / "wtclient_v9.db"), "lnd_wtclient_unsupported", "version 9");
  BoltTestTree v0 = empty_v8();
  bucket_of(v0, "metadata-bucket").values[bytes_of("version")] = hex("00000000");
  check_error(decode_tree(v0), "lnd_wtclient_too_old", "version 0");
}

TEST_CASE("a wtclient.db tombstoned by lndinit migrate-db is refused; an empty marker is no tombstone") {
  BoltTestTree tree = empty_v8();
  bucket_of(tree, "data-migration-tombstone").values[bytes_of("data-migration-tombstone")] = bytes_of("2026-01-01");
  const auto refused = decode_tree(tree);
  check_error(refused, "lnd_wtclient_tombstoned", "migrated to SQL");
  CHECK(refused.error().exit == ExitClass::incompatible);
  bucket_of(tree, "data-migration-tombstone").values[bytes_of("data-migration-tombstone")] = {};
  const auto read = decode_tree(tree);
  REQUIRE_MESSAGE(read.has_value(), read.error().message);
  // The foreign bucket is reported, not silently dropped.
  CHECK(std::find(read->unknown_entries.begin(), read->unknown_entries.end(),
                  util::to_hex(bytes_of("data-migration-tombstone"))) != read->unknown_entries.end());
}

TEST_CASE("sessions decoded are reported as progress, with the pages read") {
  const auto db = lnd::BoltDb::open(lnstore::test::bbolt_gen_dir() / "wtclient.db");
  REQUIRE(db.has_value());
  lnd::LndReadProgress last;
  std::uint64_t calls = 0;
  const auto wt = lnd::read_lnd_wtclient(*db, [&](const lnd::LndReadProgress& progress) {
    ++calls;
    CHECK(progress.pages_read >= last.pages_read);
    CHECK(progress.records >= last.records);
    last = progress;
  });
  REQUIRE_MESSAGE(wt.has_value(), wt.error().message);
  CHECK(last.records == wt->sessions.size());
  CHECK(last.pages_read == db->read_counters().pages);
  CHECK(last.file_size == db->meta().file_size);
  CHECK(calls >= wt->sessions.size());
}

TEST_CASE("files that are not a v8 client DB") {
  check_error(lnd::read_lnd_wtclient_file(fs::path(LNSTORE_SHARED_DIR) / "fixtures/lnd/lndinit/channel.db"),
              "corrupt_source", "no metadata-bucket");
  BoltTestTree tree = empty_v8();
  SUBCASE("no version") {
    bucket_of(tree, "metadata-bucket").values.clear();
    check_error(decode_tree(tree), "corrupt_source", "has no version");
  }
  SUBCASE("version not 4 bytes") {
    bucket_of(tree, "metadata-bucket").values[bytes_of("version")] = hex("000008");
    check_error(decode_tree(tree), "corrupt_source", "metadata-bucket/version");
  }
  SUBCASE("a current top-level bucket missing") {
    tree.buckets.erase(bytes_of("client-closable-sessions-bucket"));
    check_error(decode_tree(tree), "corrupt_source", "client-closable-sessions-bucket is missing");
  }
  SUBCASE("a top-level bucket that is a value") {
    tree.buckets.erase(bytes_of("client-tower-bucket"));
    tree.values[bytes_of("client-tower-bucket")] = hex("00");
    check_error(decode_tree(tree), "corrupt_source", "expected a bucket");
  }
}

TEST_CASE("hand-built trees: decoded values and every structural error") {
  BoltTestTree tree = empty_v8();
  bucket_of(tree, "client-tower-bucket").values[hex("0000000000000001")] = cat({k_g, hex("00000001"
                                                                                         "00"
                                                                                         "7f000001"
                                                                                         "26b7")});
  bucket_of(tree, "client-tower-index-bucket").values[k_g] = hex("0000000000000001");
  bucket_of(tree, "client-tower-to-session-index-bucket").buckets[hex("0000000000000001")].values[k_session_id] =
      hex("01");
  BoltTestTree& session = bucket_of(tree, "client-session-bucket").buckets[k_session_id];
  session.values[bytes_of("client-session-body")] = k_body;
  session.values[bytes_of("client-session-db-id")] = hex("fd0100");
  session.values[bytes_of("client-session-rogue-update-count")] = hex("02");
  BoltTestTree& ranges = session.buckets[bytes_of("client-session-ack-range-index")].buckets[hex("01")];
  ranges.values[hex("01")] = hex("02");
  ranges.values[hex("05")] = hex("fd1000");
  session.buckets[bytes_of("client-session-commits")].values[hex("0003")] =
      cat({util::Bytes(32, 0xcc), hex("0000000000000007"), util::Bytes(16, 0x77), hex("00")});
  bucket_of(tree, "client-session-id-index").values[hex("fd0100")] = k_session_id;
  BoltTestTree& channel = bucket_of(tree, "client-channel-detail-bucket").buckets[util::Bytes(32, 0xcc)];
  channel.values[bytes_of("client-channel-summary")] = hex("0100");
  channel.values[bytes_of("client-channel-db-id")] = hex("01");
  channel.values[bytes_of("client-channel-closed-height")] = hex("000c3500");
  channel.values[bytes_of("client-channel-max-commitment-height")] = hex("07");
  channel.buckets[bytes_of("client-channel-sessions")].values[hex("fd0100")] = hex("01");
  bucket_of(tree, "client-channel-id-index").values[hex("01")] = util::Bytes(32, 0xcc);
  bucket_of(tree, "client-closable-sessions-bucket").values[hex("fd0100")] = hex("000c3500");
  bucket_of(tree, "client-session-key-index-bucket").values[hex("000000000003")] = hex("00000009");
  bucket_of(tree, "client-session-key-index-bucket").sequence = 9;
  bucket_of(tree, "client-tower-index-bucket").sequence = 1;

  // The tree as changed by a subcase is refused as corrupt, the message naming `message_part`.
  const auto refused_naming = [&tree](std::string_view message_part) {
    check_error(decode_tree(tree), "corrupt_source", message_part);
  };

  SUBCASE("decodes") {
    const auto wt = decode_tree(tree);
    REQUIRE_MESSAGE(wt.has_value(), wt.error().message);
    REQUIRE(wt->towers.size() == 1);
    CHECK(wt->towers[0].addresses[0].to_string() == "127.0.0.1:9911");
    REQUIRE(wt->sessions.size() == 1);
    const lnd::LndSession& s = wt->sessions[0];
    CHECK(s.db_id == 256);
    CHECK(s.rogue_count == 2);
    REQUIRE(s.acked_ranges.size() == 1);
    CHECK(s.acked_ranges[0].db_chan_id == 1);
    REQUIRE(s.acked_ranges[0].ranges.size() == 2);
    CHECK(s.acked_ranges[0].ranges[1].start == 5);
    CHECK(s.acked_ranges[0].ranges[1].end == 4096);
    REQUIRE(s.committed_updates.size() == 1);
    CHECK(s.committed_updates[0].seqnum == 3);
    CHECK(s.committed_updates[0].commit_height == 7);
    REQUIRE(wt->channels.size() == 1);
    CHECK(wt->channels[0].sweep_pkscript == hex("00"));
    CHECK(wt->channels[0].closed_height == 800000u);
    CHECK(wt->channels[0].max_height == 7u);
    CHECK(wt->channels[0].session_db_ids == std::vector<std::uint64_t>{256});
    CHECK(wt->closable_sessions.size() == 1);
    CHECK(wt->key_index_reservations[0].blob_type == 3);
    CHECK(wt->sequences.session_key_index == 9);
    CHECK(wt->sequences.tower_id == 1);
    CHECK(wt->unknown_entries.empty());
  }
  SUBCASE("unknown keys and top-level buckets are skipped and reported") {
    session.values[bytes_of("future-key")] = hex("01");
    tree.buckets[hex("ff01")].values[hex("01")] = hex("02");
    const auto wt = decode_tree(tree);
    REQUIRE_MESSAGE(wt.has_value(), wt.error().message);
    REQUIRE(wt->unknown_entries.size() == 2);
    CHECK(wt->unknown_entries[0] == "ff01");
    CHECK(wt->unknown_entries[1] ==
          "client-session-bucket/" + util::to_hex(k_session_id) + "/" + util::to_hex(bytes_of("future-key")));
  }
  SUBCASE("session errors") {
    SUBCASE("a value where the session bucket belongs") {
      bucket_of(tree, "client-session-bucket").buckets.clear();
      bucket_of(tree, "client-session-bucket").values[k_session_id] = k_body;
      refused_naming("expected a bucket");
    }
    SUBCASE("no body") {
      session.values.erase(bytes_of("client-session-body"));
      refused_naming("no body");
    }
    SUBCASE("no db id") {
      session.values.erase(bytes_of("client-session-db-id"));
      refused_naming("no db id");
    }
    SUBCASE("session id of the wrong length") {
      auto node = bucket_of(tree, "client-session-bucket").buckets.extract(k_session_id);
      node.key() = util::Bytes(32, 0x02);
      bucket_of(tree, "client-session-bucket").buckets.insert(std::move(node));
      refused_naming("session id key");
    }
    SUBCASE("bad body names the path and the field") {
      session.values[bytes_of("client-session-body")] = util::Bytes(10);
      const auto wt = decode_tree(tree);
      check_error(wt, "corrupt_source", "client-session-bucket/" + util::to_hex(k_session_id) + "/client-session-body");
      CHECK(wt.error().message.find("session.tower_id: truncated") != std::string::npos);
    }
    SUBCASE("non-minimal db id") {
      session.values[bytes_of("client-session-db-id")] = hex("fd0001");
      refused_naming("not minimally encoded");
    }
    SUBCASE("overlapping ranges") {
      ranges.values[hex("02")] = hex("03");
      refused_naming("overlaps");
    }
    SUBCASE("range ending before it starts") {
      ranges.values[hex("05")] = hex("04");
      refused_naming("below the range start");
    }
    SUBCASE("commit key of the wrong length") {
      auto& commits = session.buckets[bytes_of("client-session-commits")].values;
      commits[hex("000004")] = commits[hex("0003")];
      refused_naming("seqnum key");
    }
    SUBCASE("rogue count as a bucket") {
      session.values.erase(bytes_of("client-session-rogue-update-count"));
      session.buckets[bytes_of("client-session-rogue-update-count")];
      refused_naming("expected a value");
    }
  }
  SUBCASE("channel errors") {
    SUBCASE("details that are a value") {
      bucket_of(tree, "client-channel-detail-bucket").buckets.clear();
      bucket_of(tree, "client-channel-detail-bucket").values[util::Bytes(32, 0xcc)] = hex("00");
      refused_naming("channel details corrupted");
    }
    SUBCASE("no summary") {
      channel.values.erase(bytes_of("client-channel-summary"));
      refused_naming("no summary");
    }
    SUBCASE("summary with trailing bytes") {
      channel.values[bytes_of("client-channel-summary")] = hex("010000");
      refused_naming("trailing");
    }
    SUBCASE("closed height of 3 bytes") {
      channel.values[bytes_of("client-channel-closed-height")] = hex("0c3500");
      refused_naming("closed height");
    }
    SUBCASE("chan id index value of the wrong length") {
      bucket_of(tree, "client-channel-id-index").values[hex("01")] = util::Bytes(31, 0xcc);
      refused_naming("client-channel-id-index/01");
    }
  }
  SUBCASE("tower errors") {
    SUBCASE("tower id key of 4 bytes") {
      bucket_of(tree, "client-tower-bucket").values[hex("00000001")] = cat({k_g, hex("00000000")});
      refused_naming("tower id key");
    }
    SUBCASE("invalid pubkey names the tower") {
      bucket_of(tree, "client-tower-bucket").values[hex("0000000000000001")] =
          cat({hex("02"), util::Bytes(32, 0xff), hex("00000000")});
      refused_naming("client-tower-bucket/0000000000000001: tower.pubkey");
    }
    SUBCASE("tower index value of 4 bytes") {
      bucket_of(tree, "client-tower-index-bucket").values[k_g] = hex("00000001");
      refused_naming("tower id");
    }
    SUBCASE("tower-to-session entry that is a value") {
      bucket_of(tree, "client-tower-to-session-index-bucket").buckets.clear();
      bucket_of(tree, "client-tower-to-session-index-bucket").values[hex("0000000000000001")] = hex("01");
      refused_naming("expected a bucket");
    }
  }
  SUBCASE("reservation and closable errors") {
    SUBCASE("reservation key of 5 bytes") {
      bucket_of(tree, "client-session-key-index-bucket").values[hex("0000000003")] = hex("00000009");
      refused_naming("expected 6 or 8 bytes");
    }
    SUBCASE("closable height of 8 bytes") {
      bucket_of(tree, "client-closable-sessions-bucket").values[hex("fd0100")] = hex("00000000000c3500");
      refused_naming("close height");
    }
  }
}

TEST_SUITE_END();
