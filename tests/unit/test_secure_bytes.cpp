#include <doctest/doctest.h>

#include <array>

#include "core/util/secure_bytes.hpp"

using namespace lnstore;

using lnstore::util::SecureBytes;

TEST_SUITE_BEGIN("secure_bytes");

TEST_CASE("secure_wipe zeroes the buffer and tolerates empty input") {
  std::array<std::uint8_t, 8> buffer{1, 2, 3, 4, 5, 6, 7, 8};
  lnstore::util::secure_wipe(buffer.data(), buffer.size());
  for (auto b : buffer) CHECK(b == 0);
  lnstore::util::secure_wipe(nullptr, 0);
  lnstore::util::secure_wipe(buffer.data(), 0);
}

TEST_CASE("construction, copy and move") {
  util::SecureBytes zeros(4);
  REQUIRE(zeros.size() == 4);
  for (auto b : zeros) CHECK(b == 0);

  const std::array<std::uint8_t, 3> source{0xaa, 0xbb, 0xcc};
  util::SecureBytes a(source);
  util::SecureBytes copy = a;
  CHECK(copy == a);
  CHECK(copy.data() != a.data());  // deep copy
  copy[0] = 0x00;
  CHECK(a[0] == 0xaa);
  CHECK_FALSE(copy == a);

  util::SecureBytes moved = std::move(a);
  CHECK(moved.size() == 3);
  CHECK(moved[2] == 0xcc);
  CHECK(a.empty());  // NOLINT: a moved-from SecureBytes is defined to be empty

  moved.clear();
  CHECK(moved.empty());
  CHECK(moved.data() == nullptr);

  util::SecureBytes assigned;
  assigned = copy;
  CHECK(assigned == copy);
  assigned = util::SecureBytes(source);
  CHECK(assigned.span().size() == 3);
  CHECK(assigned[1] == 0xbb);
}

TEST_CASE("equality depends on size and every byte") {
  const std::array<std::uint8_t, 2> ab{1, 2}, ac{1, 3};
  const std::array<std::uint8_t, 3> abc{1, 2, 3};
  CHECK(util::SecureBytes(ab) == util::SecureBytes(ab));
  CHECK_FALSE(util::SecureBytes(ab) == util::SecureBytes(ac));
  CHECK_FALSE(util::SecureBytes(ab) == util::SecureBytes(abc));
  CHECK(util::SecureBytes() == util::SecureBytes(0));
}

TEST_SUITE_END();
