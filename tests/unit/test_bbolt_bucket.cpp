// BoltBucket lookups and iteration: a hand-built file whose content is known
// byte for byte (inline and page buckets, a branch page, empty values), and
// every key of bbolt-written files (Debian's bbolt 1.3.6 via
// tests/tools/bbolt_gen) looked up through branch pages whose separators
// were left stale by deletes.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "bbolt_gen.hpp"
#include "bolt_test_image.hpp"
#include "core/lnd/bbolt_file.hpp"

using namespace lnstore;
using namespace lnstore::test;

namespace {

constexpr std::uint32_t k_page = 512;

// Page 2: root leaf {alpha: inline bucket seq 9, beta: bucket at page 3 seq
// 42, zeta: plain value}. Page 3: branch {"b" -> 4, "m" -> 5}. Pages 4, 5:
// leaves. Page 6..7: a leaf whose value overflows.
lnd::BoltDb hand_built() {
  const std::vector<util::Bytes> pages = {
      bolt_leaf(
          {{bytes_of("alpha"), bolt_inline_bucket(9, {{bytes_of("a"), bytes_of("1")}, {bytes_of("b"), {}}}), true},
           {bytes_of("beta"), bolt_bucket_value(3, 42), true},
           {bytes_of("gamma"), bolt_bucket_value(6, 0), true},
           {bytes_of("zeta"), bytes_of("z")}},
          2, k_page),
      bolt_branch({{bytes_of("b"), 4}, {bytes_of("m"), 5}}, 3, k_page),
      bolt_leaf({{bytes_of("b"), bytes_of("bee")}, {bytes_of("c"), bytes_of("sea")}, {bytes_of("k"), {}}}, 4, k_page),
      bolt_leaf({{bytes_of("m"), bytes_of("em")}, {bytes_of("z"), bytes_of("zed")}}, 5, k_page),
      bolt_leaf({{bytes_of("big"), util::Bytes(900, 0xab)}}, 6, k_page),
  };
  auto db = lnd::BoltDb::open_from_bytes(bolt_image(k_page, pages), lnd::BoltCheck::full);
  REQUIRE_MESSAGE(db.has_value(), db.error().message);
  return std::move(*db);
}

std::vector<std::string> keys_of(const lnd::BoltBucket& bucket) {
  std::vector<std::string> keys;
  const auto walked = bucket.for_each([&](const lnd::BoltEntry& e) -> Result<void> {
    keys.emplace_back(e.key.begin(), e.key.end());
    return {};
  });
  REQUIRE(walked.has_value());
  return keys;
}

}  // namespace

TEST_SUITE_BEGIN("bbolt_bucket");

TEST_CASE("root bucket of a hand-built file") {
  const lnd::BoltDb db = hand_built();
  const lnd::BoltBucket root = db.root();
  CHECK(root.depth() == 0);
  CHECK(keys_of(root) == std::vector<std::string>{"alpha", "beta", "gamma", "zeta"});
  // get() on a bucket key is nullopt, bucket() on a value key too.
  CHECK_FALSE(root.get("alpha")->has_value());
  CHECK_FALSE(root.bucket("zeta")->has_value());
  CHECK(*root.get("zeta").value() == bytes_of("z"));
  CHECK_FALSE(root.get("absent")->has_value());
  CHECK_FALSE(root.bucket("absent")->has_value());
  CHECK_FALSE(root.get("")->has_value());
}

TEST_CASE("inline bucket: sequence, values, present-and-empty") {
  const lnd::BoltDb db = hand_built();
  const auto alpha = db.root().bucket("alpha");
  REQUIRE(alpha.has_value());
  REQUIRE(alpha->has_value());
  const lnd::BoltBucket& bucket = **alpha;
  CHECK(bucket.is_inline());
  CHECK(bucket.sequence() == 9);
  CHECK(bucket.depth() == 1);
  CHECK(*bucket.get("a").value() == bytes_of("1"));
  const auto empty = bucket.get("b");
  REQUIRE(empty.has_value());
  REQUIRE(empty->has_value());  // present ...
  CHECK((*empty)->empty());     // ... and empty
  CHECK_FALSE(bucket.get("c")->has_value());
}

TEST_CASE("bucket with a branch page: lookups on both sides of each separator") {
  const lnd::BoltDb db = hand_built();
  const lnd::BoltBucket beta = db.root().bucket("beta")->value();
  CHECK_FALSE(beta.is_inline());
  CHECK(beta.sequence() == 42);
  CHECK(keys_of(beta) == std::vector<std::string>{"b", "c", "k", "m", "z"});
  CHECK(*beta.get("b").value() == bytes_of("bee"));
  CHECK(*beta.get("c").value() == bytes_of("sea"));
  CHECK(beta.get("k").value()->empty());
  CHECK(*beta.get("m").value() == bytes_of("em"));
  CHECK(*beta.get("z").value() == bytes_of("zed"));
  for (const char* absent : {"a", "bb", "l", "ma", "zz", "\x01"}) CHECK_FALSE(beta.get(absent)->has_value());
}

TEST_CASE("overflowing value") {
  const lnd::BoltDb db = hand_built();
  const lnd::BoltBucket gamma = db.root().bucket("gamma")->value();
  CHECK(*gamma.get("big").value() == util::Bytes(900, 0xab));
  CHECK(db.stats().leaf_overflow_pages == 1);
}

TEST_CASE("for_each reports kinds, opens nested buckets, and stops on a visitor error") {
  const lnd::BoltDb db = hand_built();
  const lnd::BoltBucket root = db.root();
  std::vector<std::uint64_t> sequences;
  const auto walked = root.for_each([&](const lnd::BoltEntry& e) -> Result<void> {
    if (!e.is_bucket) {
      CHECK(util::Bytes(e.value.begin(), e.value.end()) == bytes_of("z"));
      const auto not_bucket = root.open_nested(e);
      REQUIRE_FALSE(not_bucket.has_value());
      CHECK(not_bucket.error().code == "not_a_bucket");
      return {};
    }
    CHECK(e.value.empty());
    const auto nested = root.open_nested(e);
    REQUIRE(nested.has_value());
    sequences.push_back(nested->sequence());
    return {};
  });
  CHECK(walked.has_value());
  CHECK(sequences == std::vector<std::uint64_t>{9, 42, 0});

  int visited = 0;
  const auto stopped = root.for_each([&](const lnd::BoltEntry&) -> Result<void> {
    if (++visited == 2) return rule_error("stop_here", "visitor asked to stop");
    return {};
  });
  REQUIRE_FALSE(stopped.has_value());
  CHECK(stopped.error().code == "stop_here");
  CHECK(visited == 2);
}

TEST_CASE("every key of bbolt-written files is found by lookup") {
  for (const std::string name : {"tree_4k", "tree_1k"}) {
    CAPTURE(name);
    const lnd::BoltDb db = open_bbolt_gen_db(name);
    const nlohmann::json expected = bbolt_gen_json(name);
    // Depth-first over the expected tree; each key looked up in its bucket.
    std::function<void(const lnd::BoltBucket&, const nlohmann::json&)> check = [&](const lnd::BoltBucket& bucket,
                                                                              const nlohmann::json& tree) {
      CHECK(bucket.sequence() == tree["sequence"].get<std::uint64_t>());
      for (const auto& entry : tree["entries"]) {
        const util::Bytes key = util::from_hex(entry["key"].get<std::string>(), "key").value();
        if (entry.contains("value")) {
          const auto got = bucket.get(key);
          REQUIRE(got.has_value());
          REQUIRE(got->has_value());
          CHECK(util::to_hex(**got) == entry["value"].get<std::string>());
          CHECK_FALSE(bucket.bucket(key)->has_value());
        } else {
          const auto nested = bucket.bucket(key);
          REQUIRE(nested.has_value());
          REQUIRE(nested->has_value());
          CHECK_FALSE(bucket.get(key)->has_value());
          check(**nested, entry["bucket"]);
        }
      }
    };
    check(db.root(), expected["root"]);
    // Keys deleted by the generator (they sorted before every other key of
    // "many", so the branch separators may still name them).
    const lnd::BoltBucket many = db.root().bucket("many")->value();
    for (std::uint8_t i = 0; i < 50; ++i) CHECK_FALSE(many.get(util::Bytes{0, 0, 0, 0, i})->has_value());
  }
}

TEST_SUITE_END();
