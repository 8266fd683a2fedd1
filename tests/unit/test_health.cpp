// core/health: durations, the report's statuses, the monitoring formats and
// the bounded database check.
#include <doctest/doctest.h>

#include "core/codec/tower_address.hpp"
#include "core/health/health.hpp"
#include "core/health/monitoring.hpp"
#include "core/storage/db_admin.hpp"
#include "core/wtclient/wtclient.hpp"
#include "store_fixture.hpp"
#include "test_keys.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("health");

TEST_CASE("durations: a whole number with an optional unit") {
  CHECK(health::parse_duration("90").value() == 90);
  CHECK(health::parse_duration("45s").value() == 45);
  CHECK(health::parse_duration("30m").value() == 1800);
  CHECK(health::parse_duration("2h").value() == 7200);
  CHECK(health::parse_duration("1d").value() == 86400);
  for (const char* bad : {"", "h", "1.5h", "-1m", "1w", "1 h", "99999999999999999999", "1hh"}) {
    INFO(bad);
    auto r = health::parse_duration(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().exit == ExitClass::usage);
    CHECK(r.error().code == "bad_duration");
  }
}

TEST_CASE("an empty database: one watchtower warning, or all ok without a watchtower client") {
  test::StoreFixture f;
  health::Options o;
  o.now = 1'700'000'000;
  auto r = health::run_health(f.store, o).value();
  CHECK(r.status == health::Status::warning);
  REQUIRE(r.checks.size() == 3);
  CHECK(r.checks[0].name == "database");
  CHECK(r.checks[1].name == "node");
  CHECK(r.checks[2].name == "watchtower");
  o.watchtower = false;
  r = health::run_health(f.store, o).value();
  CHECK(r.status == health::Status::ok);
  CHECK(r.count(health::Status::ok) == 2);
  auto j = health::to_json(r);
  CHECK(j["status"] == "ok");
  CHECK(j["summary"]["backup_age_seconds"].is_null());
  CHECK(j["summary"]["checked_at"] == "2023-11-14T22:13:20Z");
}

TEST_CASE("sessions: nearly exhausted, exhausted, and a blob type left without a session") {
  test::StoreFixture f;
  auto tower = wtclient::add_tower(f.store, codec::NodeAddress{test::point(1), codec::parse_net_address("1.2.3.4", 9911).value()}).value();
  auto res = wtclient::reserve_key_index(f.store, tower.id, 2, false).value();
  wtclient::Policy p;
  p.blob_type = 2;
  p.max_updates = 10;
  REQUIRE(wtclient::create_session(f.store, {test::point_bytes(5), tower.id, res.key_index, p, {}}));
  REQUIRE(f.store.exec("UPDATE sessions SET seqnum = 9"));
  health::Options o;
  auto r = health::run_health(f.store, o).value();
  auto session = std::find_if(r.checks.begin(), r.checks.end(), [](const auto& c) { return c.name == "session"; });
  REQUIRE(session != r.checks.end());
  CHECK(session->status == health::Status::warning);
  CHECK(session->message.starts_with("nearly exhausted"));
  o.thresholds.session_warn = 0.95;
  r = health::run_health(f.store, o).value();
  CHECK(r.status == health::Status::ok);
  CHECK(r.summary.session_fills.at(0).updates_remaining == 1);
}

TEST_CASE("the Prometheus textfile: HELP and TYPE per family, escaped labels") {
  health::Report r;
  r.status = health::Status::critical;
  r.now = 5;
  r.checks.push_back({"backup_file", health::Status::critical, "missing", "/a \"b\"\\c\nd", {}});
  r.summary.backup_channels_missing = 3;
  r.summary.channel_lags.push_back({"ab:0", 7});
  auto text = health::to_prometheus(r);
  CHECK(text.find("# HELP lnstore_health_status ") != std::string::npos);
  CHECK(text.find("# TYPE lnstore_health_status gauge\nlnstore_health_status 2\n") != std::string::npos);
  CHECK(text.find("lnstore_health_check_status{check=\"backup_file\",subject=\"/a \\\"b\\\"\\\\c\\nd\"} 2\n") != std::string::npos);
  CHECK(text.find("lnstore_backup_channels_missing 3\n") != std::string::npos);
  CHECK(text.find("lnstore_channel_watchtower_lag{chan_point=\"ab:0\"} 7\n") != std::string::npos);
  // Not measured, so left out rather than reported as 0.
  CHECK(text.find("lnstore_backup_age_seconds") == std::string::npos);
  CHECK(text.find("lnstore_session_updates_remaining") == std::string::npos);
}

TEST_CASE("the Nagios line: one line, status words, no '|' before the performance data") {
  health::Report r;
  r.status = health::Status::warning;
  r.checks.push_back({"session", health::Status::warning, "a|b\nc", "s1", {}});
  auto line = health::to_nagios(r);
  CHECK(line.starts_with("LNSTORE WARNING - 0 critical, 1 warning: session s1: a/b/c | critical=0;;;0 warning=1;;;0"));
  CHECK(line.find('\n') == std::string::npos);
  CHECK(health::nagios_exit(r) == 1);
  CHECK(health::nagios_unknown("x|y") == "LNSTORE UNKNOWN - x/y");
}

TEST_CASE("the bounded database check leaves the committed-update scans out") {
  test::StoreFixture f;
  auto tower = wtclient::add_tower(f.store, codec::NodeAddress{test::point(1), codec::parse_net_address("1.2.3.4", 9911).value()}).value();
  auto res = wtclient::reserve_key_index(f.store, tower.id, 2, false).value();
  REQUIRE(wtclient::create_session(f.store, {test::point_bytes(5), tower.id, res.key_index, wtclient::Policy{}, {}}));
  REQUIRE(f.store.exec("UPDATE sessions SET num_pending = 3"));
  CHECK(storage::db_check(f.store, storage::CheckScope::bounded).value().ok());
  auto full = storage::db_check(f.store, storage::CheckScope::quick).value();
  REQUIRE(full.problems.size() == 1);
  CHECK(full.problems[0].kind == "pending_count_mismatch");
  REQUIRE(f.store.exec("UPDATE sessions SET seqnum = 3, tower_last_applied = 4"));
  auto bounded = storage::db_check(f.store, storage::CheckScope::bounded).value();
  REQUIRE(bounded.problems.size() == 1);
  CHECK(bounded.problems[0].kind == "last_applied_ahead");
}

TEST_SUITE_END();
