// The operation layer shared by commands and `apply`: field validation and dispatch.
#include <doctest/doctest.h>

#include "core/ops/operations.hpp"
#include "store_fixture.hpp"
#include "test_keys.hpp"

using namespace lnstore;
using Json = nlohmann::ordered_json;

namespace {

// Runs operations on a fresh store. ok() and err() REQUIRE the outcome they
// expect before they look inside the result, so a surprise stops the test
// with the error's code instead of dereferencing the wrong alternative.
struct Ops {
  test::StoreFixture f;
  ops::OperationContext ctx;

  Result<Json> run(const char* op, const Json& p) { return ops::run_operation(f.store, op, p, ctx); }
  Json ok(const char* op, const Json& p) {
    auto r = run(op, p);
    REQUIRE_MESSAGE(r, op << ": " << (r ? "" : r.error().code + ": " + r.error().message));
    return *r;
  }
  Error err(const char* op, const Json& p) {
    auto r = run(op, p);
    REQUIRE_FALSE_MESSAGE(r, op << " succeeded: " << (r ? r->dump() : ""));
    return r.error();
  }
};

}  // namespace

TEST_CASE("operations dispatch and validate their fields") {
  Ops o;
  std::string g1 = util::to_hex(test::point(1));
  CHECK(ops::is_known_operation("tower.add"));
  CHECK_FALSE(ops::is_known_operation("tower.fly"));
  CHECK(o.err("tower.fly", Json::object()).code == "unknown_operation");
  CHECK(o.err("tower.add", Json::array()).exit == ExitClass::malformed);
  CHECK(o.err("tower.add", Json::object()).code == "missing_field");
  CHECK(o.err("tower.add", Json{{"address", 5}}).code == "bad_field");
  auto t = o.ok("tower.add", Json{{"address", g1 + "@1.2.3.4"}});
  CHECK(t["addresses"][0] == "1.2.3.4:9911");
  // A tower is named by number or by pubkey, in JSON or as text.
  CHECK(o.ok("session.reserve", Json{{"tower", 1}}).at("key_index") == 1);
  CHECK(o.ok("session.reserve", Json{{"tower", "1"}}).at("key_index") == 1);
  CHECK(o.ok("session.reserve", Json{{"tower", g1}, {"blob_type", 2}}).at("key_index") == 1);
  CHECK(o.err("session.reserve", Json{{"tower", Json::array()}}).code == "bad_field");
  CHECK(o.err("session.reserve", Json{{"tower", 1}, {"force_next", "yes"}}).code == "bad_field");
  Json create = {{"tower", 1}, {"key_index", 1}, {"id", util::to_hex(test::point(7))},
                 {"policy", {{"blob_type", "legacy"}, {"max_updates", 10}, {"sweep_fee_rate", 1000}}}};
  auto s = o.ok("session.create", create);
  CHECK(s["policy"]["sweep_fee_rate"] == 1000);
  CHECK(o.err("update.commit", Json{{"session", util::to_hex(test::point(7))}, {"seqnum", 70000}}).code == "bad_field");
  CHECK(o.err("channel.open", Json{{"channel", "x"}}).code == "bad_field");
  CHECK_FALSE(o.ctx.backup_data_changed);
  CHECK(o.ok("peer.add", Json{{"address", util::to_hex(test::point(3)) + "@5.6.7.8"}}).at("addresses")[0] == "5.6.7.8:9735");
  CHECK(o.ctx.backup_data_changed);
}

TEST_CASE("every operation refuses a field it does not take, naming it, before doing anything") {
  Ops o;
  const std::string g1 = util::to_hex(test::point(1));
  o.ok("tower.add", Json{{"address", g1 + "@1.2.3.4"}});
  // A misspelt blob_type must not silently reserve a legacy key index.
  auto e = o.err("session.reserve", Json{{"op", "session.reserve"}, {"tower", 1}, {"blob_typ", "anchor"}});
  CHECK(e.code == "unknown_field");
  CHECK(e.exit == ExitClass::malformed);
  CHECK(e.message.find("blob_typ") != std::string::npos);
  CHECK(e.details["field"] == "blob_typ");
  // Nothing was reserved: the first reservation is still index 1.
  CHECK(o.ok("session.reserve", Json{{"op", "session.reserve"}, {"tower", 1}, {"blob_type", "anchor"}}).at("key_index") == 1);

  // Nested: the policy of session.create is a closed set too.
  Json create = {{"tower", 1}, {"key_index", 1}, {"id", util::to_hex(test::point(7))},
                 {"policy", {{"blob_type", "anchor"}, {"max_update", 10}}}};
  e = o.err("session.create", create);
  CHECK(e.code == "unknown_field");
  CHECK(e.details["field"] == "policy.max_update");

  // One extra field on every operation: refused before its own checks run.
  const char* names[] = {"tower.add",        "tower.remove",     "tower.deactivate", "session.reserve",
                         "session.create",   "session.terminate", "session.delete",  "update.commit",
                         "update.ack",       "channel.register", "channel.mark_closed", "channel.open",
                         "channel.update",   "channel.close",    "channel.resolve",  "channel.revoke",
                         "peer.add",         "peer.remove_address"};
  for (const char* name : names) {
    CAPTURE(name);
    e = o.err(name, Json{{"op", name}, {"no_such_field", 1}});
    CHECK(e.code == "unknown_field");
    CHECK(e.message.find("no_such_field") != std::string::npos);
  }
  // channel.update takes its document as "update" or "channel", not both.
  CHECK(o.err("channel.update", Json{{"chan_point", "x"}, {"update", Json::object()}, {"channel", Json::object()}}).code ==
        "bad_field");
}
