// bbolt page-level decoding: FNV-1a against published vectors, meta pages of
// real lnd files (values from the fixture READMEs), and every bounds check of
// meta, node, element and bucket-header decoding on hand-built bad input.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "bolt_test_image.hpp"
#include "core/lnd/bbolt_page.hpp"

using namespace lnstore;
using namespace lnstore::test;

namespace {

util::Bytes read_fixture(const std::string& relative) {
  std::ifstream in(std::string(LNSTORE_SHARED_DIR) + "/fixtures/lnd/" + relative, std::ios::binary);
  return util::Bytes(std::istreambuf_iterator<char>(in), {});
}

std::uint64_t fnv(std::string_view text) {
  return lnd::bolt_fnv1a64(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace

TEST_SUITE_BEGIN("bbolt_page");

TEST_CASE("FNV-1a 64 published test vectors (Fowler/Noll/Vo reference)") {
  CHECK(fnv("") == 0xcbf29ce484222325ull);
  CHECK(fnv("a") == 0xaf63dc4c8601ec8cull);
  CHECK(fnv("foobar") == 0x85944171f73967e8ull);
  // The test image builder's own FNV agrees.
  const std::string text = "lnstore";
  CHECK(lnstore::test::test_fnv1a64(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()) == fnv(text));
}

TEST_CASE("meta pages of the chantools channel.db (README: txid 112 root 6 / txid 111 root 3)") {
  const util::Bytes file = read_fixture("chantools/channel.db");
  REQUIRE(file.size() == 106496);
  const auto meta0 = lnd::decode_bolt_meta(file, 0, file.size());
  REQUIRE(meta0.has_value());
  CHECK(meta0->page_size == 4096);
  CHECK(meta0->txid == 112);
  CHECK(meta0->root == 6);
  CHECK(meta0->pgid == 26);
  CHECK(meta0->freelist == lnd::k_bolt_no_freelist);
  const auto meta1 = lnd::decode_bolt_meta(std::span(file).subspan(4096), 1, file.size());
  REQUIRE(meta1.has_value());
  CHECK(meta1->txid == 111);
  CHECK(meta1->root == 3);
}

TEST_CASE("meta page of the lndinit wtclient.db (16 KiB pages)") {
  const util::Bytes file = read_fixture("lndinit/wtclient.db");
  const auto meta0 = lnd::decode_bolt_meta(file, 0, file.size());
  REQUIRE(meta0.has_value());
  CHECK(meta0->page_size == 16384);
  CHECK(meta0->magic == lnd::k_bolt_magic);
  CHECK(meta0->version == 2);
}

TEST_CASE("meta validation failures") {
  const std::uint32_t ps = 512;
  const util::Bytes good = bolt_meta(ps, 0, 2, 4, 7);
  REQUIRE(lnd::decode_bolt_meta(good, 0, 4 * ps).has_value());

  SUBCASE("truncated") { check_corrupt(lnd::decode_bolt_meta(std::span(good).first(79), 0, 4 * ps), 0, "truncated"); }
  SUBCASE("wrong page id in header") { check_corrupt(lnd::decode_bolt_meta(good, 1, 4 * ps), 1, "wrong page id"); }
  SUBCASE("not a meta page") {
    util::Bytes page = good;
    put_le(page, 8, 0x02, 2);
    check_corrupt(lnd::decode_bolt_meta(page, 0, 4 * ps), 0, "not a meta page");
  }
  SUBCASE("magic") {
    util::Bytes page = good;
    put_le(page, 16, 0xED0CDAEE, 4);
    bolt_reseal_meta(page, 0);
    check_corrupt(lnd::decode_bolt_meta(page, 0, 4 * ps), 0, "magic");
  }
  SUBCASE("version 1") {
    util::Bytes page = good;
    put_le(page, 20, 1, 4);
    bolt_reseal_meta(page, 0);
    check_corrupt(lnd::decode_bolt_meta(page, 0, 4 * ps), 0, "version 1");
  }
  SUBCASE("checksum mismatch after any byte of 16..71 changes") {
    for (std::size_t offset = 16; offset < 72; ++offset) {
      util::Bytes page = good;
      page[offset] ^= 0x40;
      CHECK_FALSE(lnd::decode_bolt_meta(page, 0, 4 * ps).has_value());
    }
  }
  SUBCASE("checksum zero (pre-2014 bolt) is refused") {
    util::Bytes page = good;
    put_le(page, 72, 0, 8);
    check_corrupt(lnd::decode_bolt_meta(page, 0, 4 * ps), 0, "no checksum");
  }
  SUBCASE("page size out of range") {
    check_corrupt(lnd::decode_bolt_meta(bolt_meta(256, 0, 2, 4, 7), 0, 4096), 0, "page size 256");
  }
  SUBCASE("high-water mark beyond the file") {
    check_corrupt(lnd::decode_bolt_meta(bolt_meta(ps, 0, 2, 5, 7), 0, 4 * ps), 0, "high-water");
  }
  SUBCASE("root out of range") {
    check_corrupt(lnd::decode_bolt_meta(bolt_meta(ps, 0, 4, 4, 7), 0, 4 * ps), 0, "root page 4");
    check_corrupt(lnd::decode_bolt_meta(bolt_meta(ps, 0, 1, 4, 7), 0, 4 * ps), 0, "root page 1");
  }
  SUBCASE("freelist out of range") {
    check_corrupt(lnd::decode_bolt_meta(bolt_meta(ps, 0, 2, 4, 7, 9), 0, 4 * ps), 0, "freelist page 9");
    CHECK(lnd::decode_bolt_meta(bolt_meta(ps, 0, 2, 4, 7, 3), 0, 4 * ps).has_value());
  }
}

TEST_CASE("big-endian magic is recognised") {
  util::Bytes page(80);
  page[16] = 0xED;
  page[17] = 0x0C;
  page[18] = 0xDA;
  page[19] = 0xED;
  CHECK(lnd::bolt_meta_is_big_endian(page));
  CHECK_FALSE(lnd::bolt_meta_is_big_endian(bolt_meta(512, 0, 2, 4, 7)));
  CHECK_FALSE(lnd::bolt_meta_is_big_endian(std::span(page).first(10)));
}

TEST_CASE("leaf node elements") {
  const util::Bytes page = bolt_leaf(
      {{bytes_of("a"), bytes_of("1")}, {bytes_of("bb"), {}}, {bytes_of("c"), bolt_bucket_value(9, 3), true}}, 5, 512);
  const auto node = lnd::BoltNode::parse(page, 5, false);
  REQUIRE(node.has_value());
  CHECK(node->is_leaf());
  CHECK(node->count() == 3);
  const auto e0 = node->leaf(0);
  REQUIRE(e0.has_value());
  CHECK(util::Bytes(e0->key.begin(), e0->key.end()) == bytes_of("a"));
  CHECK(util::Bytes(e0->value.begin(), e0->value.end()) == bytes_of("1"));
  const auto e1 = node->leaf(1);
  REQUIRE(e1.has_value());
  CHECK(e1->value.empty());
  CHECK_FALSE(e1->is_bucket());
  const auto e2 = node->leaf(2);
  REQUIRE(e2.has_value());
  CHECK(e2->is_bucket());
  check_corrupt(node->leaf(3), 5, "index out of range");
  check_corrupt(node->branch(0), 5, "from a leaf");
}

TEST_CASE("node header checks") {
  util::Bytes page = bolt_leaf({{bytes_of("k"), bytes_of("v")}}, 3, 512);
  SUBCASE("too short") { check_corrupt(lnd::BoltNode::parse(std::span(page).first(15), 3, false), 3, "truncated"); }
  SUBCASE("meta or freelist flags") {
    put_le(page, 8, 0x10, 2);
    check_corrupt(lnd::BoltNode::parse(page, 3, false), 3, "flags 16");
    put_le(page, 8, 0x03, 2);  // not exactly one type
    check_corrupt(lnd::BoltNode::parse(page, 3, false), 3, "flags 3");
  }
  SUBCASE("element array overruns the node") {
    put_le(page, 10, 40, 2);  // 16 + 40*16 > 512
    check_corrupt(lnd::BoltNode::parse(page, 3, false), 3, "element array");
  }
  SUBCASE("empty branch") {
    put_le(page, 8, 0x01, 2);
    put_le(page, 10, 0, 2);
    check_corrupt(lnd::BoltNode::parse(page, 3, false), 3, "empty branch");
  }
  SUBCASE("inline page must be a leaf without overflow") {
    util::Bytes inline_page = bolt_leaf({{bytes_of("k"), bytes_of("v")}}, 0, 0);
    REQUIRE(lnd::BoltNode::parse(inline_page, 7, true).has_value());
    put_le(inline_page, 12, 1, 4);
    check_corrupt(lnd::BoltNode::parse(inline_page, 7, true), 7, "overflow");
    put_le(inline_page, 12, 0, 4);
    put_le(inline_page, 8, 0x01, 2);
    check_corrupt(lnd::BoltNode::parse(inline_page, 7, true), 7, "not a leaf");
  }
}

TEST_CASE("leaf element bounds and flags") {
  util::Bytes page = bolt_leaf({{bytes_of("key"), bytes_of("value")}}, 3, 512);
  const std::size_t element = 16;
  // Sets a 4-byte field of the element; reading it is then refused naming `message_part`.
  const auto refused_with = [&](std::size_t offset, std::uint64_t value, std::string_view message_part) {
    put_le(page, offset, value, 4);
    check_corrupt(lnd::BoltNode::parse(page, 3, false)->leaf(0), 3, message_part);
  };
  SUBCASE("value past the node") { refused_with(element + 12, 512, "out of bounds"); }
  SUBCASE("key size near 2^32 does not wrap") { refused_with(element + 8, 0xFFFFFFFF, "out of bounds"); }
  SUBCASE("pos pointing into the element array") { refused_with(element + 4, 4, "out of bounds"); }
  SUBCASE("empty key") { refused_with(element + 8, 0, "empty key"); }
  SUBCASE("unknown flags") { refused_with(element, 0x02, "unknown flags"); }
  SUBCASE("nested bucket inside an inline page") {
    util::Bytes inline_page = bolt_leaf({{bytes_of("b"), bolt_bucket_value(0, 0), true}}, 0, 0);
    const auto node = lnd::BoltNode::parse(inline_page, 9, true);
    REQUIRE(node.has_value());
    const auto element_result = node->leaf(0);
    check_corrupt(element_result, 9, "inside an inline bucket");
    CHECK(element_result.error().details.value("inline", false));
  }
}

TEST_CASE("branch element bounds") {
  util::Bytes page = bolt_branch({{bytes_of("a"), 4}, {bytes_of("m"), 5}}, 3, 512);
  const auto node = lnd::BoltNode::parse(page, 3, false);
  REQUIRE(node.has_value());
  REQUIRE(node->is_branch());
  CHECK(node->branch(1)->child == 5);
  check_corrupt(node->leaf(0), 3, "from a branch");
  put_le(page, 16 + 4, 600, 4);  // ksize of element 0
  check_corrupt(lnd::BoltNode::parse(page, 3, false)->branch(0), 3, "out of bounds");
  put_le(page, 16 + 4, 0, 4);
  check_corrupt(lnd::BoltNode::parse(page, 3, false)->branch(0), 3, "empty key");
}

TEST_CASE("bucket headers") {
  const auto regular = lnd::decode_bolt_bucket_header(bolt_bucket_value(12, 77), 4);
  REQUIRE(regular.has_value());
  CHECK(regular->root == 12);
  CHECK(regular->sequence == 77);
  CHECK(regular->inline_page.empty());
  const util::Bytes inline_value = lnstore::test::bolt_inline_bucket(5, {});
  CHECK(inline_value.size() == 32);  // an empty inline bucket, as in lnd's files
  const auto inline_header = lnd::decode_bolt_bucket_header(inline_value, 4);
  REQUIRE(inline_header.has_value());
  CHECK(inline_header->root == 0);
  CHECK(inline_header->sequence == 5);
  CHECK(inline_header->inline_page.size() == 16);
  check_corrupt(lnd::decode_bolt_bucket_header(std::span(inline_value).first(15), 4), 4, "shorter than 16");
  check_corrupt(lnd::decode_bolt_bucket_header(std::span(inline_value).first(31), 4), 4, "shorter than 32");
}

TEST_CASE("load_bolt_node page id and overflow checks") {
  const std::uint32_t ps = 512;
  lnd::BoltImage image;
  image.bytes = bolt_image(ps, {bolt_leaf({{bytes_of("k"), util::Bytes(700, 1)}}, 2, ps), bolt_leaf({}, 4, ps)});
  const auto meta = lnd::decode_bolt_meta(image.bytes, 0, image.bytes.size());
  REQUIRE(meta.has_value());
  image.meta = *meta;
  REQUIRE(image.meta.pgid == 5);
  const auto node = lnd::load_bolt_node(image, 2);
  REQUIRE(node.has_value());
  CHECK(node->overflow() == 1);
  CHECK(node->leaf(0)->value.size() == 700);  // spans into the overflow page
  CHECK(lnd::load_bolt_node(image, 4).has_value());
  check_corrupt(lnd::load_bolt_node(image, 0), 0, "meta page");
  check_corrupt(lnd::load_bolt_node(image, 1), 1, "meta page");
  check_corrupt(lnd::load_bolt_node(image, 5), 5, "high-water");
  check_corrupt(lnd::load_bolt_node(image, 3), 3, "carries id");  // inside page 2's overflow
  put_le(image.bytes, 4 * ps + 12, 1, 4);                    // page 4 claims one overflow page
  check_corrupt(lnd::load_bolt_node(image, 4), 4, "overflow");
  put_le(image.bytes, 4 * ps + 12, 0xFFFFFFFF, 4);
  check_corrupt(lnd::load_bolt_node(image, 4), 4, "overflow");
}

TEST_CASE("bolt keys order like Go's bytes.Compare: unsigned bytes, a prefix first") {
  const auto b = [](std::initializer_list<std::uint8_t> v) { return std::vector<std::uint8_t>(v); };
  CHECK(lnd::compare_bolt_keys(b({}), b({})) == 0);
  CHECK(lnd::compare_bolt_keys(b({}), b({0x00})) == -1);
  CHECK(lnd::compare_bolt_keys(b({0x01, 0x02}), b({0x01})) == 1);
  CHECK(lnd::compare_bolt_keys(b({0x7f}), b({0x80})) == -1);  // unsigned: 0x80 is not negative
  CHECK(lnd::compare_bolt_keys(b({0xff, 0x00}), b({0xff, 0x00})) == 0);
  CHECK(lnd::compare_bolt_keys(b({0x02}), b({0x01, 0xff})) == 1);
}

TEST_SUITE_END();
