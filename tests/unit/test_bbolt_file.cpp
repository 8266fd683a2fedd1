// BoltDb: opening and validating whole files. References: files written by
// Debian's bbolt 1.3.6 (tests/tools/bbolt_gen) compared entry by entry with
// the generator's JSON and page counts with bbolt's own tx.Page/Bucket.Stats;
// the real lnd fixtures (values from their READMEs and
// expected-open-channels.json); hand-built corrupt images; truncation and
// random mutation (never a crash, and an accepted file always reads back).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "bbolt_gen.hpp"
#include "bolt_test_image.hpp"
#include "core/lnd/bbolt_file.hpp"
#include "core/lnd/lnd_wtclient_reader.hpp"
#include "scratch_dir.hpp"

using namespace lnstore;
using namespace lnstore::test;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t k_page = 512;

util::Bytes read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return util::Bytes(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& path, const util::Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

fs::path fixture(const std::string& relative) { return fs::path(LNSTORE_SHARED_DIR) / "fixtures/lnd" / relative; }

// The bucket tree in the generator's JSON shape.
json tree_json(const lnd::BoltBucket& bucket) {
  json entries = json::array();
  const auto walked = bucket.for_each([&](const lnd::BoltEntry& e) -> Result<void> {
    json entry = {{"key", util::to_hex(e.key)}};
    if (e.is_bucket)
      entry["bucket"] = tree_json(LNSTORE_TRY(bucket.open_nested(e)));
    else
      entry["value"] = util::to_hex(e.value);
    entries.push_back(std::move(entry));
    return {};
  });
  REQUIRE_MESSAGE(walked.has_value(), walked.error().message);
  return {{"sequence", bucket.sequence()}, {"entries", entries}};
}

std::string first_difference(const json& expected, const json& actual) {
  const json patch = json::diff(expected, actual);
  return patch.empty() ? "" : patch.front().dump().substr(0, 400);
}

// Every bucket, entry and lookup; returns the first error.
Result<std::uint64_t> walk_everything(const lnd::BoltBucket& top) {
  std::uint64_t entries = 0;
  std::vector<lnd::BoltBucket> pending{top};
  while (!pending.empty()) {
    const lnd::BoltBucket bucket = pending.back();
    pending.pop_back();
    LNSTORE_TRY(bucket.for_each([&](const lnd::BoltEntry& e) -> Result<void> {
      ++entries;
      if (e.is_bucket) {
        pending.push_back(LNSTORE_TRY(bucket.open_nested(e)));
        const auto again = LNSTORE_TRY(bucket.bucket(e.key));
        if (!again) return fail(ExitClass::internal, "walk", "bucket lookup missed");
      } else {
        const auto value = LNSTORE_TRY(bucket.get(e.key));
        if (!value || *value != util::Bytes(e.value.begin(), e.value.end()))
          return fail(ExitClass::internal, "walk", "value lookup differs");
      }
      return {};
    }));
  }
  return entries;
}

util::Bytes leaf_of(const std::vector<std::string>& keys, std::uint64_t id) {
  std::vector<lnstore::test::BoltTestEntry> entries;
  for (const auto& key : keys) entries.push_back({bytes_of(key), bytes_of("v")});
  return bolt_leaf(entries, id, k_page);
}

// A root bucket "b" at page 3 holding `pages` (page 3 first).
// `levels` buckets named "n", each inside the one before (pages 2, 3, ...);
// the innermost holds the key "bottom".
util::Bytes nested_buckets_image(std::uint64_t levels) {
  std::vector<util::Bytes> pages;
  for (std::uint64_t id = 2; id < 2 + levels; ++id)
    pages.push_back(bolt_leaf({{bytes_of("n"), bolt_bucket_value(id + 1, 0), true}}, id, k_page));
  pages.push_back(leaf_of({"bottom"}, 2 + levels));
  return bolt_image(k_page, pages);
}

Result<lnd::BoltDb> with_bucket_tree_lazy(std::vector<util::Bytes> pages) {
  pages.insert(pages.begin(), bolt_leaf({{bytes_of("b"), bolt_bucket_value(3, 0), true}}, 2, k_page));
  return lnd::BoltDb::open_from_bytes(bolt_image(k_page, pages), lnd::BoltCheck::lazy);
}

Result<lnd::BoltDb> with_bucket_tree(std::vector<util::Bytes> pages) {
  pages.insert(pages.begin(), bolt_leaf({{bytes_of("b"), bolt_bucket_value(3, 0), true}}, 2, k_page));
  return lnd::BoltDb::open_from_bytes(bolt_image(k_page, pages), lnd::BoltCheck::full);
}

}  // namespace

TEST_SUITE_BEGIN("bbolt_file");

TEST_CASE("bbolt-written files match the generator's description") {
  for (const std::string name : {"tree_4k", "tree_16k", "tree_1k"}) {
    CAPTURE(name);
    const lnd::BoltDb db = open_bbolt_gen_db(name);
    const json expected = bbolt_gen_json(name);
    CHECK(db.meta().page_size == expected["page_size"].get<std::uint32_t>());
    CHECK(db.meta().txid == expected["txid"].get<std::uint64_t>());
    CHECK_FALSE(db.meta().other_meta_rejected.has_value());
    const json actual = tree_json(db.root());
    CHECK_MESSAGE(actual == expected["root"], first_difference(expected["root"], actual));
    const json& stats = expected["stats"];
    CHECK(db.stats().branch_pages == stats["branch_pages"].get<std::uint64_t>());
    CHECK(db.stats().branch_overflow_pages == stats["branch_overflow_pages"].get<std::uint64_t>());
    CHECK(db.stats().leaf_pages == stats["leaf_pages"].get<std::uint64_t>());
    CHECK(db.stats().leaf_overflow_pages == stats["leaf_overflow_pages"].get<std::uint64_t>());
    CHECK(db.stats().inline_buckets == stats["inline_buckets"].get<std::uint64_t>());
    CHECK(db.stats().buckets == stats["buckets"].get<std::uint64_t>());
    // The shapes the reader must handle are really there.
    CHECK(db.stats().branch_pages > 1);
    CHECK(db.stats().branch_overflow_pages > 0);
    CHECK(db.stats().leaf_overflow_pages > 0);
    CHECK(db.stats().max_tree_depth >= 3);
    CHECK(db.stats().max_bucket_depth == 14);
  }
}

TEST_CASE("a corrupt meta page falls back to the other one") {
  for (const std::string name : {"meta_newest_corrupt", "meta0_corrupt", "meta_oldest_corrupt"}) {
    CAPTURE(name);
    const lnd::BoltDb db = open_bbolt_gen_db(name);
    const json expected = bbolt_gen_json(name);
    CHECK(db.meta().txid == expected["txid"].get<std::uint64_t>());
    REQUIRE(db.meta().other_meta_rejected.has_value());
    CHECK(db.meta().other_meta_rejected->find("checksum") != std::string::npos);
    const json actual = tree_json(db.root());
    CHECK_MESSAGE(actual == expected["root"], first_difference(expected["root"], actual));
  }
  // Meta 0 corrupt: page size found by probing for meta 1.
  const auto meta0 = lnd::BoltDb::open(bbolt_gen_dir() / "meta0_corrupt.db");
  REQUIRE(meta0.has_value());
  CHECK(meta0->meta().meta_page == 1);
}

TEST_CASE("page size probing when meta 0 is destroyed (16 KiB, 1 KiB, 512 B pages)") {
  test::ScratchDir dir;
  for (const std::string name : {"tree_16k", "tree_1k"}) {
    util::Bytes bytes = read_file(bbolt_gen_dir() / (name + ".db"));
    std::fill(bytes.begin(), bytes.begin() + 80, 0);
    const auto db = lnd::BoltDb::open_from_bytes(bytes, lnd::BoltCheck::full);
    REQUIRE_MESSAGE(db.has_value(), db.error().message);
    CHECK(db->meta().meta_page == 1);
    CHECK(db->meta().page_size == (name == "tree_16k" ? 16384u : 1024u));
  }
  util::Bytes small = bolt_image(k_page, {leaf_of({"x"}, 2)});
  std::fill(small.begin(), small.begin() + 80, 0xff);
  const auto db = lnd::BoltDb::open_from_bytes(small, lnd::BoltCheck::full);
  REQUIRE(db.has_value());
  CHECK(db->meta().page_size == k_page);
  CHECK(db->meta().txid == 10);
}

TEST_CASE("both metas corrupt: refused with corrupt_source") {
  const auto db = lnd::BoltDb::open(bbolt_gen_dir() / "both_meta_corrupt.db");
  REQUIRE_FALSE(db.has_value());
  CHECK(db.error().code == "corrupt_source");
  CHECK(db.error().exit == ExitClass::incompatible);
  CHECK(db.error().details.value("path", "") == (bbolt_gen_dir() / "both_meta_corrupt.db").string());
  CHECK(db.error().message.find("no valid meta page") != std::string::npos);
}

TEST_CASE("a file locked exclusively (as lnd does) is refused with source_locked") {
  test::ScratchDir dir;
  const fs::path path = dir / "wtclient.db";
  fs::copy_file(fixture("lndinit/wtclient.db"), path);
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  const int holder = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(holder >= 0);
  REQUIRE(::flock(holder, LOCK_EX | LOCK_NB) == 0);
  const util::Bytes before = read_file(path);
  const auto locked = lnd::BoltDb::open(path);
  REQUIRE_FALSE(locked.has_value());
  CHECK(locked.error().code == "source_locked");
  CHECK(locked.error().exit == ExitClass::busy);
  CHECK(locked.error().message.find("lnd") != std::string::npos);
  CHECK(locked.error().details.value("path", "") == path.string());
  // A shared lock (another read-only reader) does not block.
  REQUIRE(::flock(holder, LOCK_UN) == 0);
  REQUIRE(::flock(holder, LOCK_SH | LOCK_NB) == 0);
  CHECK(lnd::BoltDb::open(path).has_value());
  ::close(holder);
  CHECK(lnd::BoltDb::open(path).has_value());
  CHECK(read_file(path) == before);  // never written
}

TEST_CASE("files that are not bbolt files") {
  test::ScratchDir dir;
  SUBCASE("missing") {
    const auto db = lnd::BoltDb::open(dir / "absent.db");
    REQUIRE_FALSE(db.has_value());
    CHECK(db.error().code == "source_not_found");
    CHECK(db.error().exit == ExitClass::io);
  }
  SUBCASE("a directory") {
    const auto db = lnd::BoltDb::open(dir.path());
    REQUIRE_FALSE(db.has_value());
    CHECK(db.error().exit == ExitClass::io);
  }
  SUBCASE("empty") {
    write_file(dir / "empty.db", {});
    const auto db = lnd::BoltDb::open(dir / "empty.db");
    REQUIRE_FALSE(db.has_value());
    CHECK(db.error().code == "corrupt_source");
  }
  SUBCASE("random bytes") {
    std::mt19937 rng(7);
    util::Bytes noise(8192);
    for (auto& b : noise) b = static_cast<std::uint8_t>(rng());
    const auto db = lnd::BoltDb::open_from_bytes(noise, lnd::BoltCheck::full);
    REQUIRE_FALSE(db.has_value());
    CHECK(db.error().code == "corrupt_source");
  }
  SUBCASE("an SQLite file") {
    util::Bytes sqlite = bytes_of("SQLite format 3");
    sqlite.resize(4096);
    CHECK(lnd::BoltDb::open_from_bytes(sqlite, lnd::BoltCheck::full).error().code == "corrupt_source");
  }
  SUBCASE("big-endian host") {
    util::Bytes image = bolt_image(k_page, {leaf_of({"x"}, 2)});
    for (std::size_t meta : {std::size_t{0}, std::size_t{k_page}}) {
      image[meta + 16] = 0xED;
      image[meta + 17] = 0x0C;
      image[meta + 18] = 0xDA;
      image[meta + 19] = 0xED;
    }
    const auto db = lnd::BoltDb::open_from_bytes(image, lnd::BoltCheck::full);
    REQUIRE_FALSE(db.has_value());
    CHECK(db.error().code == "unsupported_source");
    CHECK(db.error().exit == ExitClass::incompatible);
  }
}

TEST_CASE("structural corruption is refused, naming the page") {
  SUBCASE("well-formed reference") {
    const auto db = with_bucket_tree({bolt_branch({{bytes_of("a"), 4}, {bytes_of("m"), 5}}, 3, k_page),
                                      leaf_of({"a", "c"}, 4), leaf_of({"m", "x"}, 5)});
    REQUIRE_MESSAGE(db.has_value(), db.error().message);
    CHECK(db->stats().branch_pages == 1);
    CHECK(db->stats().max_tree_depth == 2);
  }
  SUBCASE("branch pointing at itself (cycle)") {
    check_corrupt(with_bucket_tree({bolt_branch({{bytes_of("a"), 3}}, 3, k_page)}), 3, "reached twice");
  }
  SUBCASE("two branch elements sharing a page") {
    check_corrupt(
        with_bucket_tree({bolt_branch({{bytes_of("a"), 4}, {bytes_of("m"), 4}}, 3, k_page), leaf_of({"a"}, 4)}), 4,
        "reached twice");
  }
  SUBCASE("two buckets sharing a root page") {
    const auto db = lnd::BoltDb::open_from_bytes(bolt_image(
        k_page,
        {bolt_leaf({{bytes_of("b1"), bolt_bucket_value(3, 0), true}, {bytes_of("b2"), bolt_bucket_value(3, 0), true}},
                   2, k_page),
         leaf_of({"k"}, 3)}), lnd::BoltCheck::full);
    check_corrupt(db, 3, "reached twice");
  }
  SUBCASE("bucket root on a meta page or beyond the high-water mark") {
    check_corrupt(lnd::BoltDb::open_from_bytes(
                      bolt_image(k_page, {bolt_leaf({{bytes_of("b"), bolt_bucket_value(1, 0), true}}, 2, k_page)}), lnd::BoltCheck::full),
                  1, "meta page");
    check_corrupt(lnd::BoltDb::open_from_bytes(
                      bolt_image(k_page, {bolt_leaf({{bytes_of("b"), bolt_bucket_value(9, 0), true}}, 2, k_page)}), lnd::BoltCheck::full),
                  9, "high-water");
  }
  SUBCASE("page header id differs from the page") {
    check_corrupt(with_bucket_tree({leaf_of({"k"}, 7)}), 3, "carries id 7");
  }
  SUBCASE("keys out of order or duplicated") {
    check_corrupt(with_bucket_tree({leaf_of({"b", "a"}, 3)}), 3, "strictly increasing");
    check_corrupt(with_bucket_tree({leaf_of({"a", "a"}, 3)}), 3, "strictly increasing");
    check_corrupt(with_bucket_tree({leaf_of({"ab", "a"}, 3)}), 3, "strictly increasing");
  }
  SUBCASE("child keys outside the parent's separators") {
    check_corrupt(with_bucket_tree({bolt_branch({{bytes_of("b"), 4}, {bytes_of("m"), 5}}, 3, k_page),
                                    leaf_of({"a", "c"}, 4), leaf_of({"m"}, 5)}),
                  4, "sorts before");
    check_corrupt(with_bucket_tree({bolt_branch({{bytes_of("b"), 4}, {bytes_of("m"), 5}}, 3, k_page),
                                    leaf_of({"b", "m"}, 4), leaf_of({"n"}, 5)}),
                  4, "not below");
  }
  SUBCASE("a page type other than branch or leaf in the tree") {
    util::Bytes freelist = leaf_of({"k"}, 3);
    put_le(freelist, 8, 0x10, 2);
    check_corrupt(with_bucket_tree({freelist}), 3, "flags 16");
  }
  SUBCASE("nested bucket value too short") {
    check_corrupt(
        lnd::BoltDb::open_from_bytes(bolt_image(k_page, {bolt_leaf({{bytes_of("b"), util::Bytes(10), true}}, 2, k_page)}), lnd::BoltCheck::full), 2,
        "shorter than 16");
  }
  SUBCASE("bucket inside an inline bucket") {
    const util::Bytes inner = bolt_inline_bucket(0, {});
    util::Bytes outer = bolt_inline_bucket(0, {{bytes_of("x"), inner, true}});
    const auto db = lnd::BoltDb::open_from_bytes(bolt_image(k_page, {bolt_leaf({{bytes_of("b"), outer, true}}, 2, k_page)}), lnd::BoltCheck::full);
    check_corrupt(db, 2, "inside an inline bucket");
  }
  SUBCASE("branch levels beyond the cap (a chain of 70 branch pages)") {
    std::vector<util::Bytes> pages;
    for (std::uint64_t id = 3; id < 73; ++id) pages.push_back(bolt_branch({{bytes_of("a"), id + 1}}, id, k_page));
    pages.push_back(leaf_of({"a"}, 73));
    const auto db = with_bucket_tree(pages);
    REQUIRE_FALSE(db.has_value());
    CHECK(db.error().code == "corrupt_source");
    CHECK(db.error().message.find("deeper than 64") != std::string::npos);
  }
  SUBCASE("bucket nesting beyond the cap (65 nested buckets)") {
    const auto db = lnd::BoltDb::open_from_bytes(nested_buckets_image(65), lnd::BoltCheck::full);
    REQUIRE_FALSE(db.has_value());
    CHECK(db.error().code == "corrupt_source");
    CHECK(db.error().message.find("nested deeper than 64") != std::string::npos);
  }
  SUBCASE("64 nested buckets are still fine") {
    const auto db = lnd::BoltDb::open_from_bytes(nested_buckets_image(64), lnd::BoltCheck::full);
    REQUIRE_MESSAGE(db.has_value(), db.error().message);
    CHECK(db->stats().max_bucket_depth == 64);
    // The deepest bucket opens through the API as well.
    lnd::BoltBucket bucket = db->root();
    for (int depth = 1; depth <= 64; ++depth) {
      const auto next = bucket.bucket("n");
      REQUIRE(next.has_value());
      REQUIRE(next->has_value());
      bucket = **next;
    }
    CHECK(bucket.depth() == 64);
    CHECK(bucket.get("bottom")->has_value());
  }
}

TEST_CASE("truncated files never crash; they open exactly when the used pages are present") {
  std::vector<fs::path> files = {bbolt_gen_dir() / "tree_1k.db", bbolt_gen_dir() / "wtclient_small.db"};
  for (const auto& seed : fs::directory_iterator(fs::path(LNSTORE_SOURCE_DIR) / "tests/fuzz/corpus/bbolt"))
    files.push_back(seed.path());
  for (const auto& path : files) {
    CAPTURE(path.string());
    const util::Bytes full = read_file(path);
    const auto reference = lnd::BoltDb::open_from_bytes(full, lnd::BoltCheck::full);
    REQUIRE(reference.has_value());
    const std::uint64_t used = reference->meta().pgid * reference->meta().page_size;
    const std::size_t step = full.size() > 100000 ? 1021 : 7;
    for (std::size_t size = 0; size < full.size(); size += step) {
      const auto db = lnd::BoltDb::open_from_bytes(util::Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)), lnd::BoltCheck::full);
      if (size >= used) {
        REQUIRE(db.has_value());
        CHECK(db->meta().txid == reference->meta().txid);
      }
      if (db) {
        const auto walked = walk_everything(db->root());
        CHECK_MESSAGE(walked.has_value(), walked.error().message);
        (void)lnd::read_lnd_wtclient(*db);
      } else {
        CHECK(db.error().code == "corrupt_source");
      }
    }
  }
}

TEST_CASE("random mutations never crash, and an accepted image always reads back") {
  std::mt19937_64 rng(20260821);
  int accepted = 0;
  int rejected = 0;
  for (const auto& seed : fs::directory_iterator(fs::path(LNSTORE_SOURCE_DIR) / "tests/fuzz/corpus/bbolt")) {
    CAPTURE(seed.path().string());
    const util::Bytes original = read_file(seed.path());
    const auto reference = lnd::BoltDb::open_from_bytes(original, lnd::BoltCheck::full);
    REQUIRE(reference.has_value());
    const std::size_t page = reference->meta().page_size;
    for (int round = 0; round < 1500; ++round) {
      util::Bytes image = original;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        // Mostly data pages (keeps the metas valid), sometimes anywhere;
        // page headers and element fields get whole-integer edits.
        const std::size_t low = rng() % 8 == 0 ? 0 : 2 * page;
        if (image.size() <= low) break;
        std::size_t at = low + rng() % (image.size() - low);
        switch (rng() % 4) {
          case 0:
            image[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
            break;
          case 1:
            image[at] = static_cast<std::uint8_t>(rng());
            break;
          case 2: {
            at = at - at % page + 8 + rng() % 8;  // a page header field
            if (at + 4 <= image.size()) put_le(image, at, rng() % 3 == 0 ? rng() : rng() % 64, 4);
            break;
          }
          default: {
            at = at - at % page + 16 + 16 * (rng() % 8) + 4 * (rng() % 4);  // an element field
            if (at + 4 <= image.size()) put_le(image, at, rng() % 2 == 0 ? rng() : rng() % 256, 4);
          }
        }
      }
      const auto db = lnd::BoltDb::open_from_bytes(image, lnd::BoltCheck::full);
      if (!db) {
        ++rejected;
        CHECK((db.error().code == "corrupt_source" || db.error().code == "unsupported_source"));
        continue;
      }
      ++accepted;
      const auto walked = walk_everything(db->root());
      REQUIRE_MESSAGE(walked.has_value(), walked.error().message);
      const auto wt = lnd::read_lnd_wtclient(*db);
      if (!wt) CHECK_FALSE(wt.error().code.empty());
    }
  }
  MESSAGE("mutations accepted: " << accepted << ", rejected: " << rejected);
  CHECK(accepted > 0);
  CHECK(rejected > 0);
}

TEST_CASE("real lnd channel.db fixtures: every bucket walks; known keys") {
  SUBCASE("chantools (README: 4 KiB pages, 26 pages, meta 0 txid 112, 33 inline buckets, depth 4)") {
    const auto db = lnd::BoltDb::open(fixture("chantools/channel.db"), lnd::BoltCheck::full);
    REQUIRE_MESSAGE(db.has_value(), db.error().message);
    CHECK(db->meta().page_size == 4096);
    CHECK(db->meta().txid == 112);
    CHECK(db->meta().meta_page == 0);
    CHECK(db->meta().pgid == 26);
    CHECK(db->meta().freelist == lnd::k_bolt_no_freelist);
    CHECK_FALSE(db->meta().other_meta_rejected.has_value());  // meta 1 (txid 111) is valid too
    CHECK(db->stats().branch_pages == 0);
    CHECK(db->stats().leaf_overflow_pages == 0);
    CHECK(db->stats().inline_buckets == 33);
    CHECK(db->stats().max_bucket_depth == 4);
    CHECK(walk_everything(db->root()).has_value());
    const lnd::BoltBucket root = db->root();
    CHECK(util::to_hex(root.bucket("metadata")->value().get("dbp")->value()) == "00000014");
    CHECK(util::to_hex(root.bucket("graph-node")->value().get("source")->value()) ==
          "03b99ab108e39e9e4cf565c1b706480180a70a4fdc4828e44c504530c056be5b5f");
  }
  SUBCASE("lndinit (README: 16 KiB pages, high-water 32, txid 148, dbp 35)") {
    const auto db = lnd::BoltDb::open(fixture("lndinit/channel.db"));
    REQUIRE_MESSAGE(db.has_value(), db.error().message);
    CHECK(db->meta().page_size == 16384);
    CHECK(db->meta().txid == 148);
    CHECK(db->meta().pgid == 32);
    CHECK(db->meta().file_size == 1048576);
    CHECK(walk_everything(db->root()).has_value());
    CHECK(util::to_hex(db->root().bucket("metadata")->value().get("dbp")->value()) == "00000023");
  }
  SUBCASE("open channels of both fixtures sit where expected-open-channels.json says") {
    for (const std::string name : {"chantools", "lndinit"}) {
      CAPTURE(name);
      const auto db = lnd::BoltDb::open(fixture(name + "/channel.db"));
      REQUIRE(db.has_value());
      const json expected = lnstore::test::read_json_file(fixture(name + "/expected-open-channels.json"));
      CHECK(db->meta().txid == expected["meta_txid"].get<std::uint64_t>());
      const lnd::BoltBucket open = db->root().bucket("open-chan-bucket")->value();
      const lnd::BoltBucket outpoints = db->root().bucket("outpoint-bucket")->value();
      const lnd::BoltBucket link_nodes = db->root().bucket("nib")->value();
      REQUIRE(expected["open_channels"].size() >= 2);
      for (const auto& channel : expected["open_channels"]) {
        const util::Bytes node = util::from_hex(channel["node_key_in_bucket"].get<std::string>(), "node").value();
        const util::Bytes chain = util::from_hex(channel["chain_hash_raw"].get<std::string>(), "chain").value();
        const util::Bytes point = util::from_hex(channel["chan_bucket_key"].get<std::string>(), "point").value();
        const auto node_bucket = open.bucket(node);
        REQUIRE(node_bucket.has_value());
        REQUIRE(node_bucket->has_value());
        const auto chain_bucket = (*node_bucket)->bucket(chain);
        REQUIRE(chain_bucket->has_value());
        const auto chan_bucket = (*chain_bucket)->bucket(point);
        REQUIRE(chan_bucket->has_value());
        const auto info = (*chan_bucket)->get("chan-info-key");
        REQUIRE(info->has_value());
        CHECK((*info)->size() > 100);
        CHECK(util::to_hex(outpoints.get(point)->value()) == channel["outpoint_index_status"].get<std::string>());
        CHECK(link_nodes.get(node)->has_value());
      }
    }
  }
  SUBCASE("lnd invoices (README: txid 296, high-water 35, dbp 33, 3 closed channels, binary bucket names)") {
    const auto db = lnd::BoltDb::open(fixture("lnd-invoices/channel.db"));
    REQUIRE_MESSAGE(db.has_value(), db.error().message);
    CHECK(db->meta().txid == 296);
    CHECK(db->meta().pgid == 35);
    CHECK(walk_everything(db->root()).has_value());
    const lnd::BoltBucket root = db->root();
    CHECK(util::to_hex(root.bucket("metadata")->value().get("dbp")->value()) == "00000021");
    const lnd::BoltBucket outpoints = root.bucket("outpoint-bucket")->value();
    for (const char* txid : {"e00f0b092b8845e68cf3806732b35cdcaff739ad42be83c705cd2746580e820d",
                             "6c9f83aa08a950926e048bbd794ee25be43be3c9cb04211566917fcd0c33ba11",
                             "94bfe5a095ef0bf5c9c99ad8d0347b9e0a583fe438de3d2182abc6f5106aa381"}) {
      util::Bytes key = util::from_hex(txid, "txid").value();
      std::reverse(key.begin(), key.end());  // internal byte order
      key.insert(key.end(), {0, 0, 0, 0});
      CHECK(util::to_hex(outpoints.get(key)->value()) == "000101");
    }
    int binary_names = 0;
    int open_nodes = 0;
    CHECK(root.for_each([&](const lnd::BoltEntry& e) -> Result<void> {
                if (std::any_of(e.key.begin(), e.key.end(), [](std::uint8_t c) { return c < 0x20 || c > 0x7e; }))
                  ++binary_names;
                return {};
              })
              .has_value());
    CHECK(binary_names == 3);
    const lnd::BoltBucket open = root.bucket("open-chan-bucket")->value();
    CHECK(open.for_each([&](const lnd::BoltEntry& e) -> Result<void> {
                ++open_nodes;
                const lnd::BoltBucket node = LNSTORE_TRY(open.open_nested(e));
                return node.for_each([&](const lnd::BoltEntry& chain) -> Result<void> {
                  const lnd::BoltBucket chain_bucket = LNSTORE_TRY(node.open_nested(chain));
                  // bbolt deleted the closed channels' buckets: the chain bucket is empty.
                  return chain_bucket.for_each([](const lnd::BoltEntry&) -> Result<void> {
                    return fail(ExitClass::internal, "not_empty", "chain bucket not empty");
                  });
                });
              })
              .has_value());
    CHECK(open_nodes == 3);
  }
}

TEST_SUITE_END();

TEST_CASE("lazy reading: unread pages are not checked, read pages are, as they are read") {
  // Bucket "a" is fine; bucket "z" points to a page whose header lies about
  // its id. The full walk refuses the file at open; the lazy reader opens
  // it, reads "a", and fails on "z" only when it is read.
  const util::Bytes image = bolt_image(
      k_page, {bolt_leaf({{bytes_of("a"), bolt_bucket_value(3, 0), true}, {bytes_of("z"), bolt_bucket_value(4, 0), true}},
                         2, k_page),
               leaf_of({"k"}, 3), leaf_of({"k"}, 9)});
  check_corrupt(lnd::BoltDb::open_from_bytes(image, lnd::BoltCheck::full), 4, "carries id 9");
  auto db = lnd::BoltDb::open_from_bytes(image);
  REQUIRE_MESSAGE(db.has_value(), db.error().message);
  CHECK(db->stats().leaf_pages == 0);  // not verified
  CHECK(db->read_counters().pages == 0);  // opening reads only the metas
  const auto a = db->root().bucket("a");
  REQUIRE(a.has_value());
  REQUIRE(a->has_value());
  CHECK((*a)->get("k")->value() == bytes_of("v"));
  const std::uint64_t read = db->read_counters().pages;
  CHECK(read >= 2);  // the root and bucket a's page
  const auto z = db->root().bucket("z");
  REQUIRE(z.has_value());
  REQUIRE(z->has_value());
  check_corrupt((*z)->get("k"), 4, "carries id 9");
  // verify() is the full walk on demand.
  check_corrupt(db->verify(), 4, "carries id 9");
}

TEST_CASE("lazy reading: cycles and runaway depth still end in corrupt_source") {
  SUBCASE("a branch page pointing back at itself") {
    const auto db = with_bucket_tree_lazy({bolt_branch({{bytes_of("a"), 3}}, 3, k_page)});
    REQUIRE(db.has_value());
    const auto b = db->root().bucket("b");
    REQUIRE(b.has_value());
    check_corrupt((*b)->for_each([](const lnd::BoltEntry&) -> Result<void> { return {}; }), 3, "reached twice");
    check_corrupt((*b)->get("a"), 3, "deeper than");
  }
  SUBCASE("buckets nested 65 deep") {
    const auto db = lnd::BoltDb::open_from_bytes(nested_buckets_image(65));
    REQUIRE(db.has_value());
    Result<std::optional<lnd::BoltBucket>> bucket = db->root().bucket("n");
    for (int level = 1; level < 65 && bucket && *bucket; ++level) bucket = (*bucket)->bucket("n");
    REQUIRE_FALSE(bucket.has_value());
    CHECK(bucket.error().message.find("nested deeper") != std::string::npos);
  }
}

TEST_CASE("a mapped file: reads count pages; the observer hears each; the lock lasts as long as the BoltDb") {
  test::ScratchDir dir;
  const fs::path path = dir / "channel.db";
  fs::copy_file(fixture("lndinit/channel.db"), path);
  std::uint64_t heard = 0;
  {
    const auto db = lnd::BoltDb::open(path);
    REQUIRE_MESSAGE(db.has_value(), db.error().message);
    db->set_read_observer([&](const lnd::BoltReadCounters& counters) { heard = counters.pages; });
    CHECK(walk_everything(db->root()).has_value());
    CHECK(db->read_counters().pages > 0);
    CHECK(heard == db->read_counters().pages);
    CHECK(db->read_counters().bytes >= db->read_counters().pages * db->meta().page_size);
    // lnd (an exclusive lock) is kept out while the file is mapped.
    const int writer = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(writer >= 0);
    CHECK(::flock(writer, LOCK_EX | LOCK_NB) != 0);
    ::close(writer);
  }
  const int writer = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(writer >= 0);
  CHECK(::flock(writer, LOCK_EX | LOCK_NB) == 0);
  ::close(writer);
}

TEST_CASE("a mapped file cut short by another process: SIGBUS is reported and exits 7, never a silent crash") {
  test::ScratchDir dir;
  const fs::path path = dir / "channel.db";
  fs::copy_file(fixture("lndinit/channel.db"), path);
  int err_pipe[2];
  REQUIRE(::pipe(err_pipe) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::dup2(err_pipe[1], STDERR_FILENO);
    auto db = lnd::BoltDb::open(path);
    if (!db) ::_exit(90);
    // A foreign process ignoring the lock truncates the file under the map.
    if (::truncate(path.c_str(), 0) != 0) ::_exit(91);
    (void)walk_everything(db->root());
    ::_exit(92);  // not reached: the first page read faults
  }
  ::close(err_pipe[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(err_pipe[0], buffer, sizeof buffer)) > 0;) message.append(buffer, static_cast<std::size_t>(n));
  ::close(err_pipe[0]);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 7);
  CHECK(message.find("shrank while it was read") != std::string::npos);
  CHECK(message.find("nothing was written") != std::string::npos);
}
