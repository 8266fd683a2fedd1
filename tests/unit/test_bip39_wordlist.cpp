// The BIP-39 English list: the well-known SHA-256 of english.txt
// (spec/aezeed.md 4) and exact-match lookups.
#include <doctest/doctest.h>

#include <string>

#include <cryptopp/sha.h>

#include "core/keys/bip39_wordlist.hpp"
#include "core/util/hex.hpp"

using namespace lnstore;

using lnstore::keys::k_bip39_english;
using lnstore::keys::word_index;

TEST_SUITE_BEGIN("bip39_wordlist");

TEST_CASE("the list is byte-for-byte BIP-39 english.txt (SHA-256 of one word per line)") {
  std::string joined;
  for (const auto word : k_bip39_english) {
    joined += word;
    joined += '\n';
  }
  std::uint8_t digest[CryptoPP::SHA256::DIGESTSIZE];
  CryptoPP::SHA256().CalculateDigest(digest, reinterpret_cast<const CryptoPP::byte*>(joined.data()), joined.size());
  CHECK(lnstore::util::to_hex(digest) == "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda");
}

TEST_CASE("ends and the eight words a version-0 aezeed can start with") {
  REQUIRE(k_bip39_english.size() == 2048);
  CHECK(k_bip39_english.front() == "abandon");
  CHECK(k_bip39_english.back() == "zoo");
  const char* first_words[] = {"abandon", "ability", "able", "about", "above", "absent", "absorb", "abstract"};
  for (int k = 0; k < 8; ++k) CHECK(keys::word_index(first_words[k]) == k);
  CHECK(keys::word_index("zoo") == 2047);
  CHECK(keys::word_index("heart") == 850);  // line 851 of english.txt
}

TEST_CASE("every entry maps back to its own index") {
  for (std::size_t k = 0; k < k_bip39_english.size(); ++k) {
    INFO("word " << k_bip39_english[k]);
    REQUIRE(keys::word_index(k_bip39_english[k]) == static_cast<int>(k));
  }
}

TEST_CASE("bad input: non-entries are rejected, matching is exact") {
  CHECK_FALSE(keys::word_index("hear"));  // a prefix of "heart" (lnd's test case)
  CHECK_FALSE(keys::word_index("kek"));
  CHECK_FALSE(keys::word_index(""));
  CHECK_FALSE(keys::word_index("Abandon"));  // callers lower-case first
  CHECK_FALSE(keys::word_index("abandon "));
  CHECK_FALSE(keys::word_index(" zoo"));
  CHECK_FALSE(keys::word_index("aaaa"));    // before the first entry
  CHECK_FALSE(keys::word_index("zzzzzz"));  // after the last entry
  CHECK_FALSE(keys::word_index("aban"));    // no BIP-39 four-letter abbreviations
  CHECK_FALSE(keys::word_index(std::string_view("zoo\0", 4)));
  CHECK_FALSE(keys::word_index("\xc3\xa9t\xc3\xa9"));
}

TEST_SUITE_END();
