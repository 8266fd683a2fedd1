// The operation layer shared by commands and `apply`: field validation and dispatch.
#include <doctest/doctest.h>

#include "core/ops/operations.hpp"
#include "store_fixture.hpp"
#include "test_keys.hpp"

using namespace lnstore;
using Json = nlohmann::ordered_json;

TEST_CASE("operations dispatch and validate their fields") {
  test::StoreFixture f;
  ops::OperationContext ctx;
  auto run = [&](const char* op, const Json& p) { return ops::run_operation(f.store, op, p, ctx); };
  std::string g1 = util::to_hex(test::point(1));
  CHECK(ops::is_known_operation("tower.add"));
  CHECK_FALSE(ops::is_known_operation("tower.fly"));
  CHECK(run("tower.fly", Json::object()).error().code == "unknown_operation");
  CHECK(run("tower.add", Json::array()).error().exit == ExitClass::malformed);
  CHECK(run("tower.add", Json::object()).error().code == "missing_field");
  CHECK(run("tower.add", Json{{"address", 5}}).error().code == "bad_field");
  auto t = run("tower.add", Json{{"address", g1 + "@1.2.3.4"}});
  REQUIRE(t);
  CHECK((*t)["addresses"][0] == "1.2.3.4:9911");
  // A tower is named by number or by pubkey, in JSON or as text.
  CHECK(run("session.reserve", Json{{"tower", 1}})->at("key_index") == 1);
  CHECK(run("session.reserve", Json{{"tower", "1"}})->at("key_index") == 1);
  CHECK(run("session.reserve", Json{{"tower", g1}, {"blob_type", 2}})->at("key_index") == 1);
  CHECK(run("session.reserve", Json{{"tower", Json::array()}}).error().code == "bad_field");
  CHECK(run("session.reserve", Json{{"tower", 1}, {"force_next", "yes"}}).error().code == "bad_field");
  Json create = {{"tower", 1}, {"key_index", 1}, {"id", util::to_hex(test::point(7))},
                 {"policy", {{"blob_type", "legacy"}, {"max_updates", 10}, {"sweep_fee_rate", 1000}}}};
  auto s = run("session.create", create);
  REQUIRE(s);
  CHECK((*s)["policy"]["sweep_fee_rate"] == 1000);
  CHECK(run("update.commit", Json{{"session", util::to_hex(test::point(7))}, {"seqnum", 70000}}).error().code == "bad_field");
  CHECK(run("channel.open", Json{{"channel", "x"}}).error().code == "bad_field");
  CHECK_FALSE(ctx.backup_data_changed);
  CHECK(run("peer.add", Json{{"address", util::to_hex(test::point(3)) + "@5.6.7.8"}})->at("addresses")[0] == "5.6.7.8:9735");
  CHECK(ctx.backup_data_changed);
}
