// LNSTORE_SEED_PASSPHRASE_FILE: the first line byte for byte, as lnd takes a
// passphrase; only the line ending goes.
#include <doctest/doctest.h>

#include <fstream>

#include "core/keys/aezeed.hpp"
#include "core/keys/passphrase_file.hpp"
#include "core/keys/root_key.hpp"
#include "scratch_dir.hpp"

using namespace lnstore;
using lnstore::test::ScratchDir;

TEST_SUITE_BEGIN("passphrase_file");

namespace {
std::string from(std::string_view text) {
  return keys::passphrase_from_content(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}
}  // namespace

TEST_CASE("the first line, byte for byte, without its line ending") {
  // File content, and the passphrase taken from it.
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"secret", "secret"},
      {"secret\n", "secret"},
      {"secret\r\n", "secret"},
      {"  two spaces each side  \n", "  two spaces each side  "},
      {"\ttab\t\r\nsecond line\n", "\ttab\t"},
      {"lone\rcarriage return", "lone\rcarriage return"},
      {"", ""},
      {"\n", ""},
      {"\r\n", ""},
      {" \n", " "},
  };
  for (const auto& [content, passphrase] : cases) {
    CAPTURE(content);
    CHECK(from(content) == passphrase);
  }
}

TEST_CASE("read from a file: blanks at either end are part of the passphrase") {
  ScratchDir dir;
  std::ofstream(dir / "pass", std::ios::binary) << "  spaced pass \r\nignored\n";
  auto p = keys::read_passphrase_file(dir / "pass");
  REQUIRE_MESSAGE(p, (p ? "" : p.error().code));
  CHECK(*p == "  spaced pass ");

  // And it is the passphrase the seed was enciphered with: the trimmed
  // text is a wrong passphrase.
  const std::uint64_t n = 16;  // a cheap scrypt cost; the rule is the same
  keys::AezeedSeed seed;
  seed.internal_version = 0;
  seed.birthday = 3365;
  seed.entropy = util::SecureBytes(keys::k_aezeed_entropy_size);
  for (std::size_t i = 0; i < seed.entropy.size(); ++i) seed.entropy[i] = static_cast<std::uint8_t>(i + 1);
  seed.salt = {0, 1, 2, 3, 4};
  auto words = keys::aezeed_encipher(seed, *p, n);
  REQUIRE_MESSAGE(words, (words ? "" : words.error().code));
  auto ok = keys::parse_root_key(*words, codec::Network::regtest, *p, n);
  CHECK_MESSAGE(ok, (ok ? "" : ok.error().code));
  auto trimmed = keys::parse_root_key(*words, codec::Network::regtest, std::string("spaced pass"), n);
  REQUIRE_FALSE(trimmed);
  CHECK(trimmed.error().code == "aezeed_wrong_passphrase");
}

TEST_CASE("a directory or a missing file is refused") {
  ScratchDir dir;
  auto missing = keys::read_passphrase_file(dir / "none");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == "file_not_found");
  auto d = keys::read_passphrase_file(dir.path());
  REQUIRE_FALSE(d);
  CHECK(d.error().code == "not_a_regular_file");
}
