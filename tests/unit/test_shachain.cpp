// BOLT 3 per-commitment secrets: generation and the compact receiver store.
//
// References: BOLT 3 Appendix D ("Per-commitment Secret Generation Test
// Vectors" and "Storage Tests"), hex values as published. The tail of the
// "generate_from_seed FF final node" output was re-derived with an independent
// Python implementation (tests/tools/shachain_derive.py, hashlib) to be sure of
// it; the same script cross-checks random seeds and indexes below.
#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/util/hex.hpp"
#include "core/crypto/shachain.hpp"
#include "run_tool.hpp"
#include "skip.hpp"

using namespace lnstore;
using lnstore::test::run_tool;

TEST_SUITE_BEGIN("shachain");

namespace {

constexpr std::uint64_t k_first = 281474976710655ULL;  // 2^48 - 1

std::array<std::uint8_t, 32> seed_of(std::string_view hex) {
  auto bytes = util::from_hex(hex, "seed", 32);
  REQUIRE(bytes.has_value());
  std::array<std::uint8_t, 32> seed{};
  std::copy(bytes->begin(), bytes->end(), seed.begin());
  return seed;
}

crypto::ShachainSecret secret_of(std::string_view hex) {
  auto secret = crypto::parse_shachain_secret(hex);
  REQUIRE(secret.has_value());
  return *secret;
}

std::string derive_hex(std::string_view seed_hex, std::uint64_t index) {
  auto secret = crypto::derive_secret(seed_of(seed_hex), index);
  REQUIRE(secret.has_value());
  return util::to_hex(secret->bytes());
}

// BOLT 3 Appendix D storage tests: the correct secrets for indexes 2^48-1 ...
// 2^48-8, and the incorrect ones the failing sequences substitute.
const std::array<std::string_view, 8> k_good = {
    "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc",
    "c7518c8ae4660ed02894df8976fa1a3659c1a8b4b5bec0c4b872abeba4cb8964",
    "2273e227a5b7449b6e70f1fb4652864038b1cbf9cd7c043a7d6456b7fc275ad8",
    "27cddaa5624534cb6cb9d7da077cf2b22ab21e9b506fd4998a51d54502e99116",
    "c65716add7aa98ba7acb236352d665cab17345fe45b55fb879ff80e6bd0c41dd",
    "969660042a28f32d9be17344e09374b379962d03db1574df5a8a5a47e19ce3f2",
    "a5a64476122ca0925fb344bdc1854c1c0a59fc614298e50a33e331980a220f32",
    "05cde6323d949933f7f7b78776bcc1ea6d9b31447732e3802e1f7ac44b650e17",
};
const std::array<std::string_view, 8> k_bad = {
    "02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148",
    "dddc3a8d14fddf2b68fa8c7fbad2748274937479dd0f8930d5ebb4ab6bd866a3",
    "c51a18b13e8527e579ec56365482c62f180b7d5760b46e9477dae59e87ed423a",
    "ba65d7b0ef55a3ba300d4e87af29868f394f8f138d78a7011669c79b37b936f4",
    "631373ad5f9ef654bb3dade742d09504c567edd24320d2fcd68e3cc47e2ff6a6",
    "b7e76a83668bde38b373970155c868a653304308f9896692f904a23731224bb1",
    "e7971de736e01da8ed58b94c2fc216cb1dca9e326f3a96e7194fe8ea8af6c0a3",
    "a7efbc61aac46d34f77778bac22c8a20c6a46ca460addc49009bda875ec88fa4",
};

// Feeds secrets 1..n of a storage test (step k uses index 2^48 - k) and
// returns the 1-based step that failed, or 0 when all were accepted.
int run_sequence(const std::vector<std::string_view>& secrets, std::string* failure_code = nullptr) {
  crypto::ShachainReceiver receiver;
  for (std::size_t step = 0; step < secrets.size(); ++step) {
    auto inserted = receiver.insert(k_first - step, secret_of(secrets[step]));
    if (!inserted) {
      if (failure_code) *failure_code = inserted.error().code;
      return static_cast<int>(step + 1);
    }
  }
  return 0;
}

// A BOLT 3 storage test: which of the 8 steps use an incorrect secret.
std::vector<std::string_view> sequence_with_bad(std::initializer_list<int> bad_steps) {
  std::vector<std::string_view> secrets(k_good.begin(), k_good.end());
  for (int step : bad_steps) secrets[static_cast<std::size_t>(step - 1)] = k_bad[static_cast<std::size_t>(step - 1)];
  return secrets;
}

}  // namespace

TEST_CASE("BOLT 3 generate_from_seed vectors") {
  // generate_from_seed 0 final node
  CHECK(derive_hex("0000000000000000000000000000000000000000000000000000000000000000", k_first) ==
        "02a40c85b6f28da08dfdbe0926c53fab2de6d28c10301f8f7c4073d5e42e3148");
  // generate_from_seed FF final node
  CHECK(derive_hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", k_first) ==
        "7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc");
  // generate_from_seed FF alternate bits 1
  CHECK(derive_hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 0xaaaaaaaaaaaULL) ==
        "56f4008fb007ca9acf0e15b054d5c9fd12ee06cea347914ddbaed70d1c13a528");
  // generate_from_seed FF alternate bits 2
  CHECK(derive_hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 0x555555555555ULL) ==
        "9015daaeb06dba4ccc05b91b2f73bd54405f2be9f217fbacd3c5ac2e62327d31");
  // generate_from_seed 01 last nontrivial node
  CHECK(derive_hex("0101010101010101010101010101010101010101010101010101010101010101", 1) ==
        "915c75942a26bb3a433a8ce2cb0427c29ec6c1775cfc78328b57f6ba7bfeaa9c");
  // Index 0 flips no bit: the seed itself.
  CHECK(derive_hex("0101010101010101010101010101010101010101010101010101010101010101", 0) ==
        "0101010101010101010101010101010101010101010101010101010101010101");
}

TEST_CASE("derive_secret refuses an index beyond 48 bits") {
  auto secret = crypto::derive_secret(seed_of(k_good[0]), k_first + 1);
  REQUIRE_FALSE(secret.has_value());
  CHECK(secret.error().code == "revocation_index_out_of_range");
  CHECK(secret.error().exit == ExitClass::malformed);
}

TEST_CASE("BOLT 3 storage: the correct sequence") {
  crypto::ShachainReceiver receiver;
  CHECK(receiver.empty());
  CHECK(receiver.next_index() == k_first);
  for (std::size_t step = 0; step < k_good.size(); ++step) {
    CAPTURE(step);
    REQUIRE(receiver.insert(k_first - step, secret_of(k_good[step])).has_value());
    CHECK(receiver.lowest_index() == k_first - step);
    // Every secret received so far is still derivable.
    for (std::size_t earlier = 0; earlier <= step; ++earlier) {
      auto derived = receiver.derive(k_first - earlier);
      REQUIRE(derived.has_value());
      CHECK(util::to_hex(derived->bytes()) == k_good[earlier]);
    }
  }
  // After 2^48-1 .. 2^48-8 the store keeps one secret per trailing-zero count:
  // index ...000 (3 zeros), ...010, ...100 and ...001.
  const auto entries = receiver.entries();
  REQUIRE(entries.size() == 4);
  CHECK(entries[0].position == 0);
  CHECK(entries[0].index == k_first - 6);
  CHECK(entries[1].position == 1);
  CHECK(entries[1].index == k_first - 5);
  CHECK(entries[2].position == 2);
  CHECK(entries[2].index == k_first - 3);
  CHECK(entries[3].position == 3);
  CHECK(entries[3].index == k_first - 7);
  CHECK(util::to_hex(entries[3].secret.bytes()) == k_good[7]);

  auto unknown = receiver.derive(k_first - 8);
  REQUIRE_FALSE(unknown.has_value());
  CHECK(unknown.error().code == "revocation_secret_unknown");
  CHECK(unknown.error().exit == ExitClass::rule);
}

TEST_CASE("BOLT 3 storage: each published failing sequence fails at its published step") {
  struct Case {
    const char* name;
    std::initializer_list<int> bad_steps;
    int length;
    int fails_at;
  };
  const Case cases[] = {
      {"insert_secret #1 incorrect", {1}, 2, 2},
      {"insert_secret #2 incorrect (#1 derived from incorrect)", {1, 2}, 4, 4},
      {"insert_secret #3 incorrect", {3}, 4, 4},
      {"insert_secret #4 incorrect (1,2,3 derived from incorrect)", {1, 2, 3, 4}, 8, 8},
      {"insert_secret #5 incorrect", {5}, 6, 6},
      {"insert_secret #6 incorrect (5 derived from incorrect)", {5, 6}, 8, 8},
      {"insert_secret #7 incorrect", {7}, 8, 8},
      {"insert_secret #8 incorrect", {8}, 8, 8},
  };
  for (const auto& test : cases) {
    CAPTURE(test.name);
    auto secrets = sequence_with_bad(test.bad_steps);
    secrets.resize(static_cast<std::size_t>(test.length));
    std::string code;
    CHECK(run_sequence(secrets, &code) == test.fails_at);
    CHECK(code == "revocation_secret_mismatch");
  }
  CHECK(run_sequence(std::vector<std::string_view>(k_good.begin(), k_good.end())) == 0);
}

TEST_CASE("a refused insert leaves the receiver unchanged") {
  crypto::ShachainReceiver receiver;
  for (std::size_t step = 0; step < 7; ++step) REQUIRE(receiver.insert(k_first - step, secret_of(k_good[step])));
  const auto before = receiver.entries();
  auto refused = receiver.insert(k_first - 7, secret_of(k_bad[7]));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().code == "revocation_secret_mismatch");
  CHECK(refused.error().exit == ExitClass::rule);
  const auto after = receiver.entries();
  REQUIRE(after.size() == before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    CHECK(after[i].index == before[i].index);
    CHECK(after[i].secret == before[i].secret);
  }
  CHECK(receiver.next_index() == k_first - 7);
  CHECK(receiver.insert(k_first - 7, secret_of(k_good[7])).has_value());
}

TEST_CASE("secrets must arrive in order") {
  crypto::ShachainReceiver receiver;
  auto not_first = receiver.insert(k_first - 1, secret_of(k_good[1]));
  REQUIRE_FALSE(not_first.has_value());
  CHECK(not_first.error().code == "revocation_out_of_order");
  CHECK(not_first.error().exit == ExitClass::rule);
  REQUIRE(receiver.insert(k_first, secret_of(k_good[0])));
  CHECK(receiver.insert(k_first, secret_of(k_good[0])).error().code == "revocation_out_of_order");
  CHECK(receiver.insert(k_first - 2, secret_of(k_good[2])).error().code == "revocation_out_of_order");
  CHECK(receiver.insert(k_first + 1, secret_of(k_good[0])).error().code == "revocation_index_out_of_range");
  CHECK(receiver.derive(k_first + 1).error().code == "revocation_index_out_of_range");
  CHECK(receiver.insert(k_first - 1, secret_of(k_good[1])).has_value());
}

TEST_CASE("commitment numbers and BOLT 3 indexes") {
  CHECK(crypto::commitment_to_bolt_index(0).value() == k_first);
  CHECK(crypto::commitment_to_bolt_index(1).value() == k_first - 1);
  CHECK(crypto::commitment_to_bolt_index(k_first).value() == 0);
  CHECK(crypto::bolt_index_to_commitment(k_first).value() == 0);
  CHECK(crypto::bolt_index_to_commitment(0).value() == k_first);
  CHECK(crypto::commitment_to_bolt_index(k_first + 1).error().code == "revocation_index_out_of_range");
  CHECK(crypto::bolt_index_to_commitment(k_first + 1).error().code == "revocation_index_out_of_range");
  for (std::uint64_t n : {0ULL, 7ULL, 1000ULL, 123456789ULL}) {
    CHECK(crypto::bolt_index_to_commitment(crypto::commitment_to_bolt_index(n).value()).value() == n);
  }
  CHECK(crypto::shachain_position(k_first) == 0);
  CHECK(crypto::shachain_position(k_first - 1) == 1);
  CHECK(crypto::shachain_position(k_first - 7) == 3);
  CHECK(crypto::shachain_position(std::uint64_t{1} << 47) == 47);
  CHECK(crypto::shachain_position(0) == 48);
}

TEST_CASE("a long run stays within 49 entries and derives every secret") {
  const auto seed = seed_of("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  crypto::ShachainReceiver receiver;
  constexpr std::uint64_t k_count = 1500;
  for (std::uint64_t n = 0; n < k_count; ++n) {
    const auto index = crypto::commitment_to_bolt_index(n).value();
    REQUIRE(receiver.insert(index, crypto::derive_secret(seed, index).value()));
    REQUIRE(receiver.entries().size() <= crypto::k_shachain_positions);
  }
  // Only positions 0..10 have an index in [2^48 - 1500, 2^48 - 1]: 2^48 - 2048
  // (the newest index with 11 trailing zeros) was never received.
  CHECK(receiver.entries().size() == 11);
  for (std::uint64_t n = 0; n < k_count; ++n) {
    const auto index = k_first - n;
    auto derived = receiver.derive(index);
    REQUIRE(derived.has_value());
    REQUIRE(*derived == crypto::derive_secret(seed, index).value());
  }
  CHECK(receiver.derive(k_first - k_count).error().code == "revocation_secret_unknown");

  auto restored = crypto::ShachainReceiver::restore(receiver.entries());
  REQUIRE(restored.has_value());
  CHECK(restored->next_index() == receiver.next_index());
  CHECK(restored->derive(k_first - 700).value() == crypto::derive_secret(seed, k_first - 700).value());
  const auto next = k_first - k_count;
  CHECK(restored->insert(next, crypto::derive_secret(seed, next).value()).has_value());
  CHECK(restored->insert(next - 1, crypto::derive_secret(seed, next).value()).error().code == "revocation_secret_mismatch");
}

TEST_CASE("the receiver reaches index 0 and then refuses more") {
  // Build the store as it stands after receiving every index down to 5, by
  // brute force: position b holds the smallest index >= 5 with b trailing zeros.
  const auto seed = seed_of("7cc854b54e3e0dcdb010d7a3fee464a9687be6e8db3be6854c475621e007a5dc");
  std::vector<crypto::ShachainEntry> entries;
  for (unsigned position = 0; position <= 47; ++position) {
    for (std::uint64_t odd = 1;; odd += 2) {
      const std::uint64_t index = odd << position;
      if (index > k_first) break;
      if (index >= 5) {
        entries.push_back({static_cast<std::uint8_t>(position), index, crypto::derive_secret(seed, index).value()});
        break;
      }
    }
  }
  REQUIRE(entries.size() == 48);
  auto receiver = crypto::ShachainReceiver::restore(entries);
  REQUIRE(receiver.has_value());
  CHECK(receiver->next_index() == 4);
  for (std::uint64_t index : {4, 3, 2, 1, 0}) {
    REQUIRE(receiver->insert(index, crypto::derive_secret(seed, index).value()));
  }
  CHECK(receiver->entries().size() == 49);
  CHECK(receiver->next_index() == std::nullopt);
  CHECK(receiver->insert(0, crypto::derive_secret(seed, 0).value()).error().code == "revocation_out_of_order");
  // Position 48 (index 0) derives every index there is.
  for (std::uint64_t index :
       {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{6}, std::uint64_t{0x555555555555}, k_first}) {
    CHECK(receiver->derive(index).value() == crypto::derive_secret(seed, index).value());
  }
  CHECK(crypto::ShachainReceiver::restore(receiver->entries()).has_value());
}

TEST_CASE("restore refuses entries a receiver could not have written") {
  const auto seed = seed_of("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");
  crypto::ShachainReceiver receiver;
  for (std::uint64_t n = 0; n < 12; ++n) {
    const auto index = k_first - n;
    REQUIRE(receiver.insert(index, crypto::derive_secret(seed, index).value()));
  }
  // Lowest index m = 2^48 - 12 (binary ...0100): positions 0..3 hold m + 1,
  // m + 2, m and m + 4.
  const auto good = receiver.entries();
  REQUIRE(good.size() == 4);
  CHECK(good[1].index == k_first - 9);
  REQUIRE(crypto::ShachainReceiver::restore(good).has_value());
  CHECK(crypto::ShachainReceiver::restore({}).has_value());

  const auto check_corrupt = [](const std::vector<crypto::ShachainEntry>& entries, const char* what) {
    CAPTURE(what);
    auto restored = crypto::ShachainReceiver::restore(entries);
    REQUIRE_FALSE(restored.has_value());
    CHECK(restored.error().code == "revocation_store_corrupt");
    CHECK(restored.error().exit == ExitClass::incompatible);
  };

  auto wrong_position = good;
  wrong_position[0].position = 5;
  check_corrupt(wrong_position, "position does not match index");

  auto duplicate = good;
  duplicate.push_back(good[0]);
  check_corrupt(duplicate, "duplicate position");

  auto missing = good;
  missing.erase(missing.begin() + 1);
  check_corrupt(missing, "missing position");

  auto out_of_range = good;
  out_of_range[0].index = k_first + 1;
  check_corrupt(out_of_range, "index beyond 48 bits");

  // Position 1 holding an older index (2^48 - 6, replaced by 2^48 - 10),
  // with its genuine secret: only the layout gives it away.
  auto stale = good;
  stale[1].index = k_first - 5;
  stale[1].secret = crypto::derive_secret(seed, k_first - 5).value();
  check_corrupt(stale, "stale index at a position");

  // A tampered secret that a higher entry derives.
  bool tampered = false;
  for (std::size_t i = 0; i < good.size() && !tampered; ++i) {
    if (good[i].position != 0) continue;
    auto bad = good;
    bad[i].secret.mutable_bytes()[0] ^= 1;
    check_corrupt(bad, "tampered secret");
    tampered = true;
  }
  CHECK(tampered);

  std::vector<crypto::ShachainEntry> too_many(50);
  check_corrupt(too_many, "more than 49 entries");
}

TEST_CASE("parse_shachain_secret is strict") {
  CHECK(util::to_hex(secret_of(k_good[0]).bytes()) == k_good[0]);
  CHECK(crypto::parse_shachain_secret(k_good[0].substr(2)).error().code == "bad_length");
  CHECK(crypto::parse_shachain_secret("zz" + std::string(k_good[0].substr(2))).error().code == "bad_hex");
  CHECK(crypto::parse_shachain_secret("").error().code == "bad_length");
  CHECK(secret_of(k_good[0]) == secret_of(k_good[0]));
  CHECK_FALSE(secret_of(k_good[0]) == secret_of(k_good[1]));
}

TEST_CASE("derive_secret agrees with an independent Python implementation") {
  const std::string tool = std::string(LNSTORE_SOURCE_DIR) + "/tests/tools/shachain_derive.py";
  if (!test::python_ready()) return;
  REQUIRE(std::filesystem::exists(tool));
  std::mt19937_64 random(20240601);
  for (int round = 0; round < 4; ++round) {
    std::array<std::uint8_t, 32> seed{};
    for (auto& byte : seed) byte = static_cast<std::uint8_t>(random());
    std::vector<std::uint64_t> indexes = {0, 1, k_first, k_first - 1};
    for (int i = 0; i < 12; ++i) indexes.push_back(random() & k_first);
    std::string command = "'" + test::python() + "' " + tool + " " + util::to_hex(seed);
    for (auto index : indexes) command += " " + std::to_string(index);
    std::istringstream lines(run_tool(command));
    for (auto index : indexes) {
      std::string expected;
      REQUIRE(std::getline(lines, expected));
      CAPTURE(index);
      CHECK(util::to_hex(crypto::derive_secret(seed, index).value().bytes()) == expected);
    }
  }
}

TEST_SUITE_END();
