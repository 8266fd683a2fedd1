// Channel documents, the channel life cycle and revocation storage.
#include <doctest/doctest.h>

#include "core/channels/channel_state.hpp"
#include "core/channels/peer_store.hpp"
#include "core/ops/channel_towers.hpp"
#include "core/codec/tower_address.hpp"
#include "core/wtclient/wtclient.hpp"
#include "store_fixture.hpp"
#include "test_keys.hpp"

using namespace lnstore;
using namespace lnstore::channels;
using test::point;

namespace {

const std::string k_txid_display = "10279f62619634058b6133cb7ac6c1693a8e6df7caa91c6263ca3d0bf704ad4d";

// An unsigned legacy transaction spending `txid_display:vout` to one P2WSH output.
std::string spend_tx(const std::string& txid_display, std::uint32_t vout) {
  std::string wire;
  for (std::size_t i = txid_display.size(); i >= 2; i -= 2) wire += txid_display.substr(i - 2, 2);
  char v[9];
  std::snprintf(v, sizeof v, "%02x%02x%02x%02x", vout & 0xff, (vout >> 8) & 0xff, (vout >> 16) & 0xff, vout >> 24);
  return "02000000" "01" + wire + v + "00" "ffffffff" "01" "40420f0000000000" "22" "0020" + std::string(64, 'e') + "00000000";
}

Json document() {
  Json local = Json::object(), remote = Json::object();
  std::uint32_t k = 10;
  for (const char* purpose : k_key_purposes) {
    local[purpose] = Json{{"family", k % 5}, {"index", 3}, {"pubkey", util::to_hex(point(k))}};
    remote[purpose] = util::to_hex(point(k + 100));
    ++k;
  }
  return Json{{"chan_point", k_txid_display + ":1"},
              {"short_channel_id", "800000x12x1"},
              {"peer", util::to_hex(point(2))},
              {"peer_addresses", {"10.0.0.2:9735", "[::1]"}},
              {"is_initiator", true},
              {"type", "anchors"},
              {"capacity_sat", 1000000},
              {"local_balance_msat", 600000000},
              {"remote_balance_msat", 390000000},
              {"fee_per_kw", 253},
              {"num_updates", 4},
              {"local_csv_delay", 144},
              {"remote_csv_delay", 144},
              {"local_keys", local},
              {"remote_keys", remote},
              {"shachain_root", {{"family", 5}, {"index", 3}, {"pubkey", nullptr}}},
              {"local_commit_tx", spend_tx(k_txid_display, 1)}};
}

std::string code(const auto& r) { return r ? std::string("ok") : r.error().code; }

}  // namespace

TEST_SUITE_BEGIN("channel_state");

TEST_CASE("channel statuses keep their names") {
  for (std::size_t i = 0; i < k_channel_status_names.size(); ++i) {
    const auto status = static_cast<ChannelStatus>(i);
    CHECK(to_string(status) == k_channel_status_names[i]);
    CHECK(parse_channel_status(k_channel_status_names[i]) == status);
  }
  CHECK_FALSE(parse_channel_status("pending").has_value());
}

TEST_CASE("validate: one check for a channel from any source") {
  const Channel c = parse_channel_document(document()).value().channel;
  CHECK(code(validate(c)) == "ok");
  auto with = [&](auto change) {
    Channel copy = c;
    change(copy);
    return code(validate(copy));
  };
  CHECK(with([](Channel& x) { x.chan_id[0] ^= 1; }) == "bad_field");
  CHECK(with([](Channel& x) { x.capacity_sat = 0; }) == "bad_field");
  CHECK(with([](Channel& x) { x.local_csv_delay = 0; }) == "bad_field");
  CHECK(with([](Channel& x) { x.num_updates = -1; }) == "bad_field");
  CHECK(with([](Channel& x) { x.local_balance_msat = x.capacity_sat * 1000; }) == "balance_exceeds_capacity");
  CHECK(with([](Channel& x) { x.local_keys[0].locator.reset(); }) == "bad_field");
  CHECK(with([](Channel& x) { x.shachain_root = KeyDescriptor{}; }) == "bad_field");
  CHECK(with([](Channel& x) { x.lease_expiry = 10; }) == "bad_field");
  CHECK(with([](Channel& x) { x.tapscript_root = util::Bytes(32, 1); }) == "bad_field");
  CHECK(with([](Channel& x) { x.funding_tx = util::Bytes{}; }) == "bad_field");
  CHECK(with([](Channel& x) { x.remote_commit_sig = util::Bytes(71, 1); }) == "bad_field");  // not DER
  CHECK(with([](Channel& x) { x.created_at = "yesterday"; }) == "bad_field");
  CHECK(with([](Channel& x) { x.remote_keys[1][0] = 0x04; }) == "bad_field");
}

TEST_CASE("a valid document parses with every field") {
  auto d = parse_channel_document(document());
  REQUIRE_MESSAGE(d, (d ? "" : d.error().message));
  const auto& c = d->channel;
  CHECK(c.chan_point.index == 1);
  // BOLT 2: wire-order txid with the index XORed into the last two bytes.
  CHECK(util::to_hex(c.chan_id) == "4dad04f70b3dca63621ca9caf76d8e3a69c1c67acb33618b05349661629f2711");
  CHECK(to_string(c.short_channel_id) == "800000x12x1");
  CHECK(c.local_keys[2].locator->family == 2);
  CHECK(c.shachain_root.locator->family == 5);
  CHECK_FALSE(c.shachain_root.pubkey.has_value());
  CHECK(d->peer_addresses == std::vector<std::string>{"10.0.0.2:9735", "[::1]:9735"});
  CHECK(c.total_fees_msat == 0);  // optional totals default to zero
}

TEST_CASE("bad documents name the failing field") {
  auto with = [](auto change) {
    Json d = document();
    change(d);
    return parse_channel_document(d);
  };
  CHECK(code(with([](Json& d) { d["local_balance_msat"] = 700000000; })) == "balance_exceeds_capacity");
  // Well-formed values the model refuses: exit class rule, not malformed.
  auto over = with([](Json& d) { d["local_balance_msat"] = 700000000; });
  REQUIRE_FALSE(over);
  CHECK(over.error().exit == ExitClass::rule);
  CHECK(code(with([](Json& d) { d["remote_csv_delay"] = 0; })) == "bad_field");
  CHECK(code(with([](Json& d) { d["type"] = "script_enforced_lease"; })) == "missing_field");
  CHECK(code(with([](Json& d) { d["lease_expiry"] = 10; })) == "bad_field");
  CHECK(code(with([](Json& d) { d["type"] = "tapscript_root"; })) == "missing_field");
  CHECK(code(with([](Json& d) { d["tapscript_root"] = std::string(64, 'a'); })) == "bad_field");
  CHECK(code(with([](Json& d) { d["local_commit_tx"] = spend_tx(k_txid_display, 0); })) == "bad_field");
  CHECK(code(with([](Json& d) { d["local_commit_tx"] = spend_tx(k_txid_display, 1) + "00"; })) == "bad_transaction");
  CHECK(code(with([](Json& d) { d["funding_tx"] = spend_tx(k_txid_display, 1); })) == "bad_field");  // txid mismatch
  CHECK(code(with([](Json& d) { d["remote_commit_sig"] = std::string(140, '3'); })) == "bad_field");  // not DER
  CHECK(code(with([](Json& d) { d["remote_keys"]["multisig"] = "020000000000000000000000000000000000000000000000000000000000000005"; })) == "invalid_pubkey");
  CHECK(code(with([](Json& d) { d["local_keys"]["multisig"].erase("index"); })) == "bad_field");
  CHECK(code(with([](Json& d) { d["shachain_root"] = Json::object(); })) == "bad_field");
  CHECK(code(with([](Json& d) { d["is_initiator"] = "yes"; })) == "bad_field");
  CHECK(code(with([](Json& d) { d["status"] = "closed"; })) == "bad_field");
  CHECK(code(with([](Json& d) { d["surprise"] = true; })) == "bad_field");
  CHECK(code(with([](Json& d) { d.erase("capacity_sat"); })) == "missing_field");
  CHECK(code(parse_channel_document(Json::array())) == "bad_field");
}

TEST_CASE("open, update, close with a watchtower registration, resolve") {
  test::StoreFixture f;
  auto doc = parse_channel_document(document()).value();
  auto c = insert_channel(f.store, doc).value();
  CHECK(c.status == ChannelStatus::open);
  CHECK(code(insert_channel(f.store, doc)) == "channel_already_exists");
  CHECK(channels::addresses_of(f.store, c.peer).value() == std::vector<std::string>{"10.0.0.2:9735", "[::1]:9735"});

  auto backwards = apply_update_document(c, Json{{"num_updates", 3}});
  REQUIRE_FALSE(backwards);
  CHECK(backwards.error().code == "num_updates_decreased");
  CHECK(backwards.error().exit == ExitClass::rule);  // a rule of the data model, not malformed input
  auto copy = c;
  REQUIRE(apply_update_document(copy, Json{{"num_updates", 9}, {"local_balance_msat", 1}}));
  REQUIRE(save_state(f.store, copy));
  auto point_ = c.chan_point;
  CHECK(load_channel(f.store, point_).value().num_updates == 9);
  CHECK(code(apply_update_document(copy, Json{{"peer", "x"}})) == "bad_field");

  // Register the channel with the watchtower client and back up one update.
  util::Bytes chan(c.chan_id.begin(), c.chan_id.end());
  auto tower = wtclient::add_tower(f.store, codec::NodeAddress{point(1), codec::parse_net_address("1.2.3.4", 9911).value()}).value();
  auto r = wtclient::reserve_key_index(f.store, tower.id, 2, false).value();
  wtclient::NewSession s{test::point_bytes(50), tower.id, r.key_index, wtclient::Policy{2, 1, 0, 0, 2500}, {}};
  REQUIRE(wtclient::create_session(f.store, s));
  REQUIRE(wtclient::register_channel(f.store, chan, util::Bytes{0x00, 0x14}));
  REQUIRE(wtclient::commit_update(f.store, wtclient::CommittedUpdate{s.id, 1, chan, 9, util::Bytes(16, 1), util::Bytes{1}}));
  REQUIRE(wtclient::ack_update(f.store, s.id, 1, 1));

  ChannelClose local{CloseType::local_force, util::Bytes(32, 0xab), 900, 0, 5000};
  auto closed = ops::close_channel(f.store, point_, local).value();
  CHECK(closed.channel.status == ChannelStatus::waiting_close);
  REQUIRE(closed.closable_sessions.size() == 1);  // exhausted, every channel closed
  CHECK(closed.closable_sessions[0] == s.id);
  CHECK(code(ops::close_channel(f.store, point_, local)) == "channel_not_open");
  CHECK(closed_channels_json(f.store, std::nullopt).value()["closed_channels"].empty());
  CHECK(resolve_channel(f.store, point_).value().status == ChannelStatus::closed);
  CHECK(code(resolve_channel(f.store, point_)) == "channel_not_waiting_close");
  auto list = closed_channels_json(f.store, std::nullopt).value()["closed_channels"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["time_locked_sat"] == 5000);
  std::string abab;
  for (int i = 0; i < 32; ++i) abab += "ab";
  CHECK(list[0]["closing_txid"] == abab);
}

TEST_CASE("stats aggregate open channels only") {
  test::StoreFixture f;
  REQUIRE(insert_channel(f.store, parse_channel_document(document()).value()));
  Json second = document();
  second["chan_point"] = k_txid_display + ":2";
  second["local_commit_tx"] = spend_tx(k_txid_display, 2);
  second["peer"] = util::to_hex(point(3));
  REQUIRE(insert_channel(f.store, parse_channel_document(second).value()));
  auto stats = channel_stats(f.store, true).value();
  CHECK(stats["totals"]["num_channels"] == 2);
  CHECK(stats["totals"]["capacity_sat"] == 2000000);
  CHECK(stats["totals"]["local_balance_msat"] == 1200000000);
  CHECK(stats["by_peer"].size() == 2);
  auto p = codec::parse_chan_point(k_txid_display + ":2").value();
  REQUIRE(close_channel(f.store, p, ChannelClose{CloseType::cooperative, util::Bytes(32, 1), 5, 0, 0}));
  CHECK(channel_stats(f.store, false).value()["totals"]["num_channels"] == 1);
}

TEST_CASE("revocation secrets: BOLT 3 correct sequence, then a mismatch") {
  test::StoreFixture f;
  auto c = insert_channel(f.store, parse_channel_document(document()).value()).value();
  const char* secrets[] = {"7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc",
                           "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964",
                           "2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8",
                           "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116"};
  for (std::uint64_t n = 0; n < 4; ++n) REQUIRE(store_revocation_secret(f.store, c.chan_point, n, secrets[n]));
  CHECK(derive_revocation_secret(f.store, c.chan_point, 0).value()["secret"] == secrets[0]);
  CHECK(derive_revocation_secret(f.store, c.chan_point, 2).value()["secret"] == secrets[2]);
  CHECK(code(derive_revocation_secret(f.store, c.chan_point, 4)) == "revocation_secret_unknown");
  // Commitment 4 lands at position 0: nothing older to check against.
  REQUIRE(store_revocation_secret(f.store, c.chan_point, 4,
                                  "c65716add7aa98ba7acb236352d665cab17345fe45b55fb879ff80e6bd0c41dd"));
  // Commitment 5 (position 1) must derive commitment 4's secret; another
  // secret is refused and nothing changes.
  CHECK(code(store_revocation_secret(f.store, c.chan_point, 5, secrets[0])) == "revocation_secret_mismatch");
  CHECK(derive_revocation_secret(f.store, c.chan_point, 4).value()["secret"] ==
        "c65716add7aa98ba7acb236352d665cab17345fe45b55fb879ff80e6bd0c41dd");
  REQUIRE(store_revocation_secret(f.store, c.chan_point, 5,
                                  "969660042a28f32d9be17344e09374b379962d03db1574df5a8a5a47e19ce3f2"));
}

TEST_SUITE_END();
