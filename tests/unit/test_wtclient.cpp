// The watchtower-client rules of lnd's wtdb (version 8), operation by operation.
#include <doctest/doctest.h>

#include "core/codec/tower_address.hpp"
#include "core/wtclient/wtclient.hpp"
#include "store_fixture.hpp"
#include "test_keys.hpp"

using namespace lnstore;
using namespace lnstore::wtclient;
using lnstore::test::point;
using lnstore::test::point_bytes;

TEST_SUITE_BEGIN("wtclient");

namespace {

codec::NodeAddress node(std::uint32_t k, const char* addr) {
  return codec::NodeAddress{point(k), codec::parse_net_address(addr, codec::k_default_tower_port).value()};
}

util::Bytes chan(std::uint8_t b) { return util::Bytes(32, b); }
util::Bytes hint(std::uint8_t b) { return util::Bytes(16, b); }

struct World : test::StoreFixture {
  std::int64_t tower = add_tower(store, node(1, "10.0.0.1")).value().id;

  util::Bytes session(std::uint32_t k, std::uint16_t max_updates = 3, std::uint16_t blob = 0x02) {
    auto r = reserve_key_index(store, tower, blob, false).value();
    NewSession s{point_bytes(k), tower, r.key_index, Policy{blob, max_updates, 0, 0, 2500}, {}};
    return create_session(store, s).value().id;
  }
  Result<CommitResult> commit(const util::Bytes& sid, std::int64_t seq, std::uint8_t c, std::int64_t height, std::uint8_t h = 1) {
    return commit_update(store, CommittedUpdate{sid, seq, chan(c), height, hint(h), util::Bytes{0xde, 0xad}});
  }
};

std::string code(const auto& r) { return r ? std::string("ok") : r.error().code; }

}  // namespace

TEST_CASE("towers: add, re-add prepends new addresses once and re-activates") {
  World w;
  auto t = add_tower(w.store, node(1, "[::1]:1234")).value();
  CHECK(t.id == w.tower);
  CHECK(t.addresses == std::vector<std::string>{"[::1]:1234", "10.0.0.1:9911"});
  t = add_tower(w.store, node(1, "10.0.0.1")).value();
  CHECK(t.addresses.size() == 2);
  CHECK(t.addresses.front() == "[::1]:1234");  // an existing address does not move
  CHECK(deactivate_tower(w.store, point(1)).value().status == TowerStatus::inactive);
  CHECK(add_tower(w.store, node(1, "10.0.0.1")).value().status == TowerStatus::active);
  CHECK(add_tower(w.store, node(2, "10.0.0.2")).value().id == w.tower + 1);
}

TEST_CASE("towers: remove rules") {
  World w;
  CHECK(code(remove_tower(w.store, point(9), std::nullopt)) == "tower_not_found");
  CHECK(code(deactivate_tower(w.store, point(9))) == "tower_not_found");
  auto only = codec::parse_net_address("10.0.0.1", 9911).value();
  CHECK(code(remove_tower(w.store, point(1), only)) == "last_tower_addr");
  add_tower(w.store, node(1, "10.0.0.2")).value();
  auto r = remove_tower(w.store, point(1), only).value();
  CHECK_FALSE(r.deleted);
  CHECK(r.tower->addresses == std::vector<std::string>{"10.0.0.2:9911"});

  SUBCASE("a tower without sessions is deleted") {
    CHECK(remove_tower(w.store, point(1), std::nullopt).value().deleted);
    CHECK(code(load_tower(w.store, w.tower)) == "tower_not_found");
  }
  SUBCASE("a tower with sessions becomes inactive; pending updates refuse") {
    auto sid = w.session(100);
    register_channel(w.store, chan(7), util::Bytes{0x00, 0x14}).value();
    REQUIRE(w.commit(sid, 1, 7, 10));
    CHECK(code(remove_tower(w.store, point(1), std::nullopt)) == "tower_unacked_updates");
    ack_update(w.store, sid, 1, 1).value();
    auto rr = remove_tower(w.store, point(1), std::nullopt).value();
    CHECK_FALSE(rr.deleted);
    CHECK(rr.tower->status == TowerStatus::inactive);
  }
}

TEST_CASE("key index reservations") {
  World w;
  auto a = reserve_key_index(w.store, w.tower, 0x02, false).value();
  CHECK(a.key_index == 1);
  CHECK(reserve_key_index(w.store, w.tower, 0x02, false).value().key_index == 1);  // same reservation
  CHECK(reserve_key_index(w.store, w.tower, 0x06, false).value().key_index == 2);  // per blob type
  CHECK(reserve_key_index(w.store, w.tower, 0x02, true).value().key_index == 1002);  // force-next skips 1000
  auto t2 = add_tower(w.store, node(2, "10.0.0.2")).value().id;
  CHECK(reserve_key_index(w.store, t2, 0x02, false).value().key_index == 1003);  // keyed by tower too
  w.store.exec("UPDATE sequences SET value = 2147483647 WHERE name = 'session_key_index'").value();
  CHECK(code(reserve_key_index(w.store, t2, 0x06, false)) == "exhausted_session_key_indexes");
}

TEST_CASE("session creation checks, in lnd's order") {
  World w;
  NewSession s{point_bytes(100), w.tower, 1, Policy{}, {}};
  CHECK(code(create_session(w.store, s)) == "no_reserved_key_index");
  reserve_key_index(w.store, w.tower, 0x02, false).value();
  s.key_index = 5;
  CHECK(code(create_session(w.store, s)) == "incorrect_key_index");
  s.key_index = 1;
  s.tower_id = 77;
  CHECK(code(create_session(w.store, s)) == "tower_not_found");
  s.tower_id = w.tower;
  auto row = create_session(w.store, s).value();
  CHECK(row.key_index == 1);
  CHECK(row.seqnum == 0);
  CHECK(row.status == SessionStatus::active);
  CHECK(code(create_session(w.store, s)) == "client_session_already_exists");
  // The reservation is consumed.
  s.id = point_bytes(101);
  CHECK(code(create_session(w.store, s)) == "no_reserved_key_index");
}

TEST_CASE("policy validation as wtpolicy") {
  CHECK(validate_policy(Policy{}));
  CHECK(code(validate_policy(Policy{0x02, 10, 1, 0, 2500})) == "altruist_reward");
  CHECK(validate_policy(Policy{0x03, 10, 1, 1, 2500}));
  CHECK(code(validate_policy(Policy{0x02, 0, 0, 0, 2500})) == "no_max_updates");
  CHECK(code(validate_policy(Policy{0x02, 10, 0, 0, 999})) == "sweep_fee_rate_too_low");
  CHECK(validate_policy(Policy{0x02, 10, 0, 0, 1000}));
}

TEST_CASE("commit: ordering, idempotence, exhaustion, registration, max height") {
  World w;
  auto sid = w.session(100, 2);
  CHECK(code(w.commit(point_bytes(200), 1, 7, 1)) == "client_session_not_found");
  register_channel(w.store, chan(7), util::Bytes{0x00}).value();
  CHECK(code(w.commit(sid, 2, 7, 1)) == "commit_unordered_update");
  auto first = w.commit(sid, 1, 7, 5).value();
  CHECK(first.last_applied == 0);
  CHECK_FALSE(first.already_committed);
  CHECK(w.commit(sid, 1, 7, 5).value().already_committed);    // same hint: idempotent
  CHECK(code(w.commit(sid, 1, 7, 5, 9)) == "update_already_committed");
  REQUIRE(w.commit(sid, 2, 7, 3));
  CHECK(code(w.commit(sid, 3, 7, 6)) == "session_exhausted");
  CHECK(find_registration(w.store, chan(7)).value()->max_commit_height == 5);  // never lowered
  CHECK(get_session(w.store, sid).value().num_pending == 2);
  CHECK(get_session(w.store, sid).value().exhausted());
}

TEST_CASE("ack: last-applied rules and the range index") {
  World w;
  auto sid = w.session(100, 10);
  register_channel(w.store, chan(7), util::Bytes{0x00}).value();
  for (int i = 1; i <= 6; ++i) REQUIRE(w.commit(sid, i, 7, std::array{10, 12, 11, 20, 14, 13}[i - 1]));
  CHECK(code(ack_update(w.store, sid, 1, 7)) == "unallocated_last_applied");
  REQUIRE(ack_update(w.store, sid, 1, 3));
  CHECK(code(ack_update(w.store, sid, 2, 2)) == "last_applied_reversion");
  CHECK(code(ack_update(w.store, sid, 1, 3)) == "committed_update_not_found");
  for (int i = 2; i <= 6; ++i) REQUIRE(ack_update(w.store, sid, i, 6));
  // Heights 10,12,11,20,14,13 fold into [10..14] and [20..20].
  auto ranges = acked_ranges(w.store, chan(7), std::nullopt).value();
  REQUIRE(ranges.size() == 1);
  REQUIRE(ranges[0].ranges.size() == 2);
  CHECK(ranges[0].ranges[0].start == 10);
  CHECK(ranges[0].ranges[0].end == 14);
  CHECK(ranges[0].ranges[1].start == 20);
  CHECK(ranges[0].ranges[1].end == 20);
  auto s = get_session(w.store, sid).value();
  CHECK(s.num_acked == 6);
  CHECK(s.num_pending == 0);
  CHECK(s.tower_last_applied == 6);
}

TEST_CASE("mark closed, closable sessions and delete") {
  World w;
  auto sid = w.session(100, 2);
  register_channel(w.store, chan(7), util::Bytes{0x00}).value();
  register_channel(w.store, chan(8), util::Bytes{0x00}).value();
  CHECK(code(mark_channel_closed(w.store, chan(9), 100)) == "channel_not_registered");
  // A channel without sessions is simply forgotten.
  CHECK(mark_channel_closed(w.store, chan(8), 100).value().deleted);
  CHECK_FALSE(find_registration(w.store, chan(8)).value().has_value());

  REQUIRE(w.commit(sid, 1, 7, 1));
  REQUIRE(ack_update(w.store, sid, 1, 1));
  // Not exhausted yet: not closable.
  auto r = mark_channel_closed(w.store, chan(7), 100).value();
  CHECK_FALSE(r.deleted);
  CHECK(r.closable_sessions.empty());
  CHECK(code(delete_session(w.store, sid)) == "session_not_closable");
  CHECK(list_registrations(w.store, false).value().empty());
  CHECK(list_registrations(w.store, true).value().size() == 1);
  // Terminal with no pending updates and every channel closed: closable.
  REQUIRE(terminate_session(w.store, sid));
  r = mark_channel_closed(w.store, chan(7), 120).value();
  REQUIRE(r.closable_sessions.size() == 1);
  CHECK(r.closable_sessions[0] == sid);
  auto closable = list_closable_sessions(w.store).value();
  REQUIRE(closable.size() == 1);
  CHECK(closable[0].height == 120);
  CHECK(delete_session(w.store, sid).value());
  CHECK_FALSE(delete_session(w.store, sid).value());  // absent: no-op
  // Its last channel's details go with it.
  CHECK_FALSE(find_registration(w.store, chan(7)).value().has_value());
}

TEST_CASE("terminate refuses pending updates") {
  World w;
  auto sid = w.session(100, 5);
  register_channel(w.store, chan(7), util::Bytes{0x00}).value();
  REQUIRE(w.commit(sid, 1, 7, 1));
  CHECK(code(terminate_session(w.store, sid)) == "session_has_unacked_updates");
  CHECK(code(terminate_session(w.store, point_bytes(300))) == "client_session_not_found");
}

TEST_CASE("rogue updates: acks for a pruned channel count, and make the session closable") {
  World w;
  auto sid = w.session(100, 2);
  register_channel(w.store, chan(7), util::Bytes{0x00}).value();
  REQUIRE(w.commit(sid, 1, 7, 1));
  REQUIRE(w.commit(sid, 2, 7, 2));
  // Closed with no acked sessions: the registration is pruned.
  REQUIRE(mark_channel_closed(w.store, chan(7), 50).value().deleted);
  REQUIRE(ack_update(w.store, sid, 1, 2));
  CHECK(get_session(w.store, sid).value().num_acked == 1);
  CHECK_FALSE(get_session(w.store, sid).value().closable);
  REQUIRE(ack_update(w.store, sid, 2, 2));
  auto s = get_session(w.store, sid).value();
  CHECK(s.num_acked == 2);
  CHECK(s.closable);
  CHECK(list_closable_sessions(w.store).value().at(0).height == 0);
}

TEST_CASE("commit for an unregistered channel: accepted as lnd's CommitUpdate, acked as a rogue update") {
  World w;
  auto sid = w.session(100, 2);
  // lnd takes a channel with no registration as closed: the update is
  // committed, and no registration or height appears.
  auto r = w.commit(sid, 1, 9, 40);
  REQUIRE_MESSAGE(r, (r ? "" : r.error().code));
  CHECK_FALSE(r->already_committed);
  CHECK(get_session(w.store, sid).value().seqnum == 1);
  CHECK(get_session(w.store, sid).value().num_pending == 1);
  CHECK_FALSE(find_registration(w.store, chan(9)).value().has_value());
  // The ordering rules still hold.
  CHECK(code(w.commit(sid, 3, 9, 41)) == "commit_unordered_update");
  // Its ack finds no channel details: a rogue update.
  REQUIRE(ack_update(w.store, sid, 1, 1));
  auto s = get_session(w.store, sid).value();
  CHECK(s.num_acked == 1);
  CHECK(s.num_pending == 0);
  CHECK_FALSE(find_registration(w.store, chan(9)).value().has_value());
}

TEST_CASE("session filters") {
  World w;
  auto a = w.session(100, 1);
  auto b = w.session(101, 5, 0x06);
  register_channel(w.store, chan(7), util::Bytes{0x00}).value();
  REQUIRE(w.commit(a, 1, 7, 1));
  REQUIRE(ack_update(w.store, a, 1, 1));
  int n = 0;
  REQUIRE(for_each_session(w.store, SessionFilter{std::nullopt, std::nullopt, true}, [&](const SessionRow& r) -> Result<void> {
    CHECK(r.id == b);
    ++n;
    return {};
  }));
  CHECK(n == 1);
  REQUIRE(terminate_session(w.store, b));
  n = 0;
  REQUIRE(for_each_session(w.store, SessionFilter{std::nullopt, SessionStatus::terminal, false}, [&](const SessionRow&) -> Result<void> {
    ++n;
    return {};
  }));
  CHECK(n == 1);
}

TEST_SUITE_END();
