// Restoring channels from a static channel backup.
#include <doctest/doctest.h>

#include "core/backup/restore.hpp"
#include "core/channels/channel_state.hpp"
#include "core/channels/peer_store.hpp"
#include "store_fixture.hpp"
#include "tests/unit/scb_samples.hpp"

using namespace lnstore;
using namespace lnstore::test;

TEST_SUITE_BEGIN("restore");

namespace {

// The samples are regtest channels.
constexpr auto k_net = codec::Network::regtest;

codec::ChanPoint point_of(const backup::ScbSingle& s) { return {s.funding_txid, s.funding_output_index}; }

std::size_t channel_count(storage::Store& store) { return channels::list_channels(store, {}).value().size(); }

}  // namespace

TEST_CASE("every channel of the backup is added as restored, once") {
  StoreFixture f;
  auto a = make_scb_single(backup::ScbVersion::anchors_zero_fee_htlc, true, 1);
  auto b = make_scb_single(backup::ScbVersion::script_enforced_lease, false, 2);
  backup::ScbMulti multi{0, {a, b}};
  auto r = backup::restore_channels(f.store, multi, k_net);
  REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
  CHECK(r->restored == std::vector{backup::scb_chan_point(a), backup::scb_chan_point(b)});
  CHECK(r->already_known == 0);
  CHECK(backup::to_json(*r) == nlohmann::ordered_json{{"num_restored", 2}});

  auto ca = channels::load_channel(f.store, point_of(a)).value();
  CHECK(ca.status == channels::ChannelStatus::restored);
  CHECK(ca.capacity_sat == a.capacity_sat);
  CHECK(ca.peer == a.remote_node_pubkey);
  CHECK(ca.remote_keys == a.remote_keys);
  CHECK(ca.local_commit_tx == a.close_tx->commit_tx);
  auto cb = channels::load_channel(f.store, point_of(b)).value();
  CHECK(cb.lease_expiry == std::optional<std::int64_t>(*b.lease_expiry));
  // The peer's addresses come along (all but the opaque one).
  CHECK_FALSE(channels::addresses_of(f.store, a.remote_node_pubkey).value().empty());

  // A second restore of the same backup changes nothing.
  auto again = backup::restore_channels(f.store, multi, k_net);
  REQUIRE(again);
  CHECK(again->restored.empty());
  CHECK(again->already_known == 2);
  CHECK(backup::to_json(*again)["num_restored"] == 0);
  CHECK(channel_count(f.store) == 2);
}

TEST_CASE("a channel the store already has is left as it is") {
  StoreFixture f;
  auto a = make_scb_single(backup::ScbVersion::anchors, false, 4);
  REQUIRE(backup::restore_channels(f.store, backup::ScbMulti{0, {a}}, k_net));
  auto before = channels::load_channel(f.store, point_of(a)).value();
  auto changed = a;
  changed.capacity_sat += 1000;
  auto b = make_scb_single(backup::ScbVersion::anchors, false, 5);
  auto r = backup::restore_channels(f.store, backup::ScbMulti{0, {changed, b}}, k_net).value();
  CHECK(r.restored == std::vector{backup::scb_chan_point(b)});
  CHECK(r.already_known == 1);
  CHECK(channels::load_channel(f.store, point_of(a)).value().capacity_sat == before.capacity_sat);
}

TEST_CASE("a backup of another chain is refused before anything is written") {
  StoreFixture f;
  backup::ScbMulti multi{0, {make_scb_single(backup::ScbVersion::anchors, false, 1)}};
  auto check = backup::check_backup_chain(multi, codec::Network::mainnet);
  REQUIRE_FALSE(check);
  CHECK(check.error().code == "wrong_chain");
  CHECK(check.error().exit == ExitClass::malformed);
  CHECK(backup::check_backup_chain(multi, k_net));
  auto r = backup::restore_channels(f.store, multi, codec::Network::mainnet);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "wrong_chain");
  CHECK(channel_count(f.store) == 0);
}

TEST_CASE("a Single no channel can be made of fails the restore") {
  StoreFixture f;
  auto good = make_scb_single(backup::ScbVersion::anchors, false, 1);
  auto bad = make_scb_single(backup::ScbVersion::anchors, false, 2);
  bad.local_csv_delay = 0;
  storage::Transaction tx(f.store);
  REQUIRE(tx.begin());
  auto r = backup::restore_channels(f.store, backup::ScbMulti{0, {good, bad}}, k_net);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "bad_backup");
}

TEST_SUITE_END();
