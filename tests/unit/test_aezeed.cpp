// lnd's aezeed: lnd's own vectors (spec/aezeed.md 9.1, scrypt N = 16 as in
// lnd's tests), bitcoinjs/aezeed's (9.2), the production-cost vectors (9.3,
// N = 32768), vectors from the independent npm package aezeed 0.0.5
// (tests/tools/gen_aezeed_vectors.js), and every error case.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <cryptopp/hmac.h>
#include <cryptopp/sha.h>

#include "core/keys/aezeed.hpp"
#include "core/keys/bip39_wordlist.hpp"
#include "core/util/crc32c.hpp"
#include "core/util/hex.hpp"

using namespace lnstore;

namespace {

using lnstore::keys::AezeedSeed;
using lnstore::util::Bytes;
using lnstore::ExitClass;

constexpr std::uint64_t k_test_n = 16;  // lnd's cipherseed_test.go init() and bitcoinjs's mocked params

constexpr std::string_view k_lnd_entropy = "81b637d86359e6960de795e41e0b4cfd";
constexpr std::string_view k_salt1 = "73616c7431";  // "salt1"
constexpr std::string_view k_lnd_v1_words =
    "ability liquid travel stem barely drastic pact cupboard apple thrive morning oak feature tissue couch old math "
    "inform success suggest drink motion know royal";
constexpr std::string_view k_lnd_v1_bytes = "00304b9e6aa12884a7a9ae0abc263fcbe543c58c3cd0890e73616c7431209efde5";
constexpr std::string_view k_lnd_v2_words =
    "able tree stool crush transfer cloud cross three profit outside hen citizen plate ride require leg siren drum "
    "success suggest drink require fiscal upgrade";
constexpr std::string_view k_lnd_v2_bytes = "005cff599a8e7257cd0708abd3b1ac94aa6372edc3fac96873616c74316e15e775";
constexpr std::string_view k_lnd_v2_passphrase = "!very_safe_55345_password*";
// spec/aezeed.md 9.3: bitcoinjs mnemonic.spec.ts bytes <-> words; lnd vector 1's inputs at N = 32768.
constexpr std::string_view k_production_words =
    "above judge emerge veteran reform crunch system all snap please shoulder vault hurt city quarter cover enlist "
    "swear success suggest drink wagon enrich body";
constexpr std::string_view k_production_bytes = "008f1522f99b4469f73033cd54cf1bf8e6fc52ebd98c4adb73616c7431ec92c0c7";

util::Bytes hex(std::string_view text) {
  auto bytes = lnstore::util::from_hex(text, "test vector");
  REQUIRE(bytes);
  return *bytes;
}

std::string hex(const lnstore::util::SecureBytes& bytes) { return lnstore::util::to_hex(bytes.span()); }

keys::AezeedSeed make_seed(std::uint8_t version, std::uint16_t birthday, std::string_view entropy, std::string_view salt) {
  keys::AezeedSeed seed;
  seed.internal_version = version;
  seed.birthday = birthday;
  const util::Bytes entropy_bytes = hex(entropy), salt_bytes = hex(salt);
  seed.entropy = lnstore::util::SecureBytes(entropy_bytes);
  REQUIRE(salt_bytes.size() == seed.salt.size());
  std::copy(salt_bytes.begin(), salt_bytes.end(), seed.salt.begin());
  return seed;
}

std::string encipher(const keys::AezeedSeed& seed, std::string_view passphrase, std::uint64_t n) {
  auto words = lnstore::keys::aezeed_encipher(seed, passphrase, n);
  REQUIRE(words);
  return *words;
}

keys::AezeedSeed decipher(std::string_view words, std::string_view passphrase, std::uint64_t n) {
  auto seed = lnstore::keys::aezeed_decipher(words, passphrase, n);
  if (!seed) FAIL("decipher failed: " << seed.error().code << ": " << seed.error().message);
  return std::move(*seed);
}

std::vector<std::string> split(std::string_view words) {
  std::vector<std::string> out;
  std::istringstream in{std::string(words)};
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
  return out;
}

void check_error(const lnstore::Result<keys::AezeedSeed>& result, std::string_view code, ExitClass exit) {
  REQUIRE_FALSE(result);
  CHECK(result.error().code == code);
  CHECK(result.error().exit == exit);
  CHECK_FALSE(result.error().message.empty());
  CHECK_NOTHROW((void)result.error().details.dump());  // must be valid UTF-8 JSON
}

// One known-answer case: inputs, passphrase, cost, expected words.
struct Vector {
  const char* name;
  std::uint64_t n;
  std::uint8_t version;
  std::uint16_t birthday;
  const char* entropy;
  const char* salt;
  const char* passphrase;
  const char* words;
};

void check_vector(const Vector& v) {
  INFO(v.name);
  const keys::AezeedSeed seed = make_seed(v.version, v.birthday, v.entropy, v.salt);
  CHECK(encipher(seed, v.passphrase, v.n) == v.words);
  const keys::AezeedSeed back = decipher(v.words, v.passphrase, v.n);
  CHECK(back.internal_version == v.version);
  CHECK(back.birthday == v.birthday);
  CHECK(hex(back.entropy) == v.entropy);
  CHECK(lnstore::util::to_hex(back.salt) == v.salt);
}

}  // namespace

TEST_SUITE_BEGIN("aezeed");

TEST_CASE("lnd vectors (aezeed/cipherseed_test.go, N = 16): encipher and decipher") {
  const Vector vectors[] = {
      {"lnd vector 1", k_test_n, 0, 0, k_lnd_entropy.data(), k_salt1.data(), "", k_lnd_v1_words.data()},
      {"lnd vector 2", k_test_n, 0, 3365, k_lnd_entropy.data(), k_salt1.data(), k_lnd_v2_passphrase.data(),
       k_lnd_v2_words.data()},
  };
  for (const auto& v : vectors) check_vector(v);

  const keys::AezeedSeed seed = decipher(k_lnd_v2_words, k_lnd_v2_passphrase, k_test_n);
  CHECK(seed.birthday_date == "2018-03-22");
  CHECK(seed.entropy.size() == 16);
}

TEST_CASE("mnemonic <-> 33 bytes: 11-bit big-endian packing (spec/aezeed.md 9.1, 9.3)") {
  const std::pair<std::string_view, std::string_view> pairs[] = {
      {k_lnd_v1_words, k_lnd_v1_bytes}, {k_lnd_v2_words, k_lnd_v2_bytes}, {k_production_words, k_production_bytes}};
  for (const auto& [words, bytes] : pairs) {
    const auto packed = lnstore::keys::aezeed_mnemonic_to_bytes(words);
    REQUIRE(packed);
    CHECK(hex(*packed) == bytes);
    const util::Bytes raw = hex(bytes);
    CHECK(lnstore::keys::aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, 33>(raw.data(), 33)) == words);
  }
  const util::Bytes zeros(33, 0x00), ones(33, 0xFF);
  CHECK(lnstore::keys::aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, 33>(zeros.data(), 33)) ==
        join(std::vector<std::string>(24, "abandon")));
  CHECK(lnstore::keys::aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, 33>(ones.data(), 33)) ==
        join(std::vector<std::string>(24, "zoo")));
}

TEST_CASE("empty passphrase is \"aezeed\"") {
  const keys::AezeedSeed seed = make_seed(0, 0, k_lnd_entropy, k_salt1);
  CHECK(encipher(seed, "aezeed", k_test_n) == k_lnd_v1_words);
  CHECK(hex(decipher(k_lnd_v1_words, "aezeed", k_test_n).entropy) == k_lnd_entropy);
}

TEST_CASE("bitcoinjs/aezeed vectors (cipherseed.spec.ts, N = 16), incl. passphrase change") {
  constexpr const char* default_words =
      "abandon razor cage merit again upon sort only grace brother dinosaur reform path poverty despair detail "
      "tattoo bitter response grow obscure broccoli dirt swallow";
  constexpr const char* changed_words =
      "abandon ski rough double differ easy match patient dynamic engage crystal artefact attract puppy slam "
      "abstract outer item response grow obscure amount vivid vessel";
  check_vector({"bitcoinjs default passphrase", k_test_n, 0, 0, "dadeb38984dadeb38984dadeb3898442", "dadeb38984",
                "aezeed", default_words});
  const auto packed = lnstore::keys::aezeed_mnemonic_to_bytes(default_words);
  REQUIRE(packed);
  CHECK(hex(*packed) == "00165480c5c04bddf3e4d865639cf9da2a0f520f01e2de42dadeb3898438cfaed8");

  // lnd's ChangePass: decipher with the old passphrase, re-encipher with the same salt.
  const keys::AezeedSeed seed = decipher(default_words, "", k_test_n);
  CHECK(encipher(seed, "notDefault", k_test_n) == changed_words);
  check_error(lnstore::keys::aezeed_decipher(changed_words, "aezeed", k_test_n), "aezeed_wrong_passphrase", ExitClass::auth);
  CHECK(hex(decipher(changed_words, "notDefault", k_test_n).entropy) == "dadeb38984dadeb38984dadeb3898442");
}

TEST_CASE("independent implementation: npm aezeed 0.0.5 (tests/tools/gen_aezeed_vectors.js, N = 16)") {
  const Vector vectors[] = {
      {"max birthday, all-ones", k_test_n, 1, 65535, "ffffffffffffffffffffffffffffffff", "ffffffffff", "x",
       "abstract steak unable loop attract swift error crunch stomach minimum between boat weekend family pilot oil "
       "cricket lend zoo zoo zoo spider expect race"},
      {"long passphrase", k_test_n, 0, 5843, "000102030405060708090a0b0c0d0e0f", "0a1b2c3d4e",
       "correct horse battery staple",
       "absorb blue diesel blame judge suspect juice royal enforce expect soon mobile excuse suggest canal ancient "
       "rural portion man flash stay insane patch cruise"},
      {"zero entropy and salt", k_test_n, 1, 1, "00000000000000000000000000000000", "0000000000", "aezeed",
       "abstract draw target vital evoke plate awesome lobster wrong drum feed later program box lazy tell chest gas "
       "abandon abandon abandon depend anxiety cannon"},
      {"internal version 255, UTF-8 passphrase bytes", k_test_n, 255, 4242, "f0e1d2c3b4a5968778695a4b3c2d1e0f",
       "5555555555", "P\xc3\xa4ssw\xc3\xb6rd (utf-8)",
       "above similar fashion essay scatter mean three oxygen defy exclude cycle truck turkey public drift unhappy "
       "lemon boy fetch primary fetch whisper force student"},
  };
  for (const auto& v : vectors) check_vector(v);
}

TEST_CASE("production scrypt cost N = 32768 (spec/aezeed.md 9.3; slower: two scrypts of ~0.2 s)") {
  // No cost argument: the default is production's.
  const auto result = lnstore::keys::aezeed_decipher(k_production_words, "");
  REQUIRE(result);
  const keys::AezeedSeed& seed = *result;
  CHECK(seed.internal_version == 0);
  CHECK(seed.birthday == 0);
  CHECK(seed.birthday_date == "2009-01-03");
  CHECK(hex(seed.entropy) == k_lnd_entropy);
  CHECK(lnstore::util::to_hex(seed.salt) == k_salt1);
  check_error(lnstore::keys::aezeed_decipher(k_production_words, "wrong"), "aezeed_wrong_passphrase", ExitClass::auth);
}

TEST_CASE("production cost, derived vectors (spec/aezeed.md 9.3, reproduced by npm aezeed 0.0.5; slower)") {
  CHECK(encipher(make_seed(0, 3365, k_lnd_entropy, k_salt1), k_lnd_v2_passphrase, lnstore::keys::k_aezeed_scrypt_n) ==
        "absorb century submit father path glove gloom super divert garden ice mirror wisdom grass dice kit ugly "
        "castle success suggest drink monster congress flight");
  // Internal version 1, what current lnd generates.
  CHECK(encipher(make_seed(1, 3365, k_lnd_entropy, k_salt1), "", lnstore::keys::k_aezeed_scrypt_n) ==
        "abstract today symptom strike note utility squirrel estate width grass print dad whip swap slice pair other "
        "entire success suggest drink popular fossil torch");
}

TEST_CASE("input parsing: any whitespace, any case, several lines") {
  std::vector<std::string> words = split(k_lnd_v1_words);
  std::string text = "\n  \t";
  for (std::size_t k = 0; k < words.size(); ++k) {
    std::string word = words[k];
    if (k % 3 == 0)
      for (auto& c : word) c = static_cast<char>(c - 'a' + 'A');
    if (k % 3 == 1) word[0] = static_cast<char>(word[0] - 'a' + 'A');
    text += word + (k % 8 == 7 ? "\r\n" : k % 2 ? "\t" : "   ");
  }
  text += "\n\n";
  const keys::AezeedSeed seed = decipher(text, "", k_test_n);
  CHECK(hex(seed.entropy) == k_lnd_entropy);
}

TEST_CASE("bad input: wrong number of words") {
  const std::vector<std::string> words = split(k_lnd_v1_words);
  for (std::size_t count : {0u, 1u, 12u, 23u, 25u, 48u}) {
    std::vector<std::string> some;
    for (std::size_t k = 0; k < count; ++k) some.push_back(words[k % words.size()]);
    INFO(count << " words");
    const auto result = lnstore::keys::aezeed_decipher(join(some), "", k_test_n);
    check_error(result, "aezeed_wrong_length", ExitClass::malformed);
    CHECK(result.error().details.at("words") == count);
  }
  check_error(lnstore::keys::aezeed_decipher(" \n\t ", "", k_test_n), "aezeed_wrong_length", ExitClass::malformed);
  // The count is checked before the words, as lncli does.
  check_error(lnstore::keys::aezeed_decipher("kek kek kek", "", k_test_n), "aezeed_wrong_length", ExitClass::malformed);
}

TEST_CASE("bad input: a word not in the list is named by its position only (lnd: kek, hear)") {
  for (const char* bad : {"kek", "hear", "abandonn", "Zooo"}) {
    for (std::size_t index : {0u, 13u, 23u}) {
      std::vector<std::string> words = split(k_lnd_v1_words);
      words[index] = bad;
      const auto result = lnstore::keys::aezeed_decipher(join(words), "", k_test_n);
      INFO("word " << bad << " at " << index);
      check_error(result, "aezeed_bad_word", ExitClass::malformed);
      const std::string position = std::to_string(index + 1);
      CHECK(result.error().message == "word " + position + " of 24 is not in the aezeed word list");
      CHECK(result.error().details ==
            nlohmann::ordered_json{{"position", index + 1}, {"reason", "not_in_word_list"}});
    }
  }
  std::vector<std::string> words = split(k_lnd_v1_words);
  words[5] = "hear";
  words[9] = "kek";
  const auto result = lnstore::keys::aezeed_decipher(join(words), "", k_test_n);
  check_error(result, "aezeed_bad_word", ExitClass::malformed);
  CHECK(result.error().details.at("position") == 6);  // the first failing word, counted from 1 as in the message
  CHECK(result.error().message.find("word 6 of 24") != std::string::npos);
}

namespace {
// Everything an aezeed_bad_word error says, as one string.
std::string error_text(const lnstore::Error& e) { return e.code + "\n" + e.message + "\n" + e.details.dump(); }
}  // namespace

TEST_CASE("bad input: an error about a word never repeats any part of it") {
  // A seed word with the passphrase glued on (lnd vector 2's passphrase),
  // two words run together, a misspelt word, bytes that are not text: each
  // error must be exactly the one a neutral token of its kind gives at the
  // same place, so it carries nothing of the token's text.
  const std::vector<std::string> hostile = {std::string("flight") + std::string(k_lnd_v2_passphrase),
                                            "abilityliquid", "travell", "st3m", "\xc3\xa9t\xc3\xa9", "zoo\x01",
                                            "\xff\xfe", "stem,", "\"barely\""};
  for (const std::string& bad : hostile) {
    for (std::size_t index : {0u, 11u, 23u}) {
      INFO("token " << util::to_hex(std::span(reinterpret_cast<const std::uint8_t*>(bad.data()), bad.size()))
                    << " at " << index);
      std::vector<std::string> words = split(k_lnd_v1_words);
      words[index] = bad;
      const auto result = lnstore::keys::aezeed_mnemonic_to_bytes(join(words));
      REQUIRE_FALSE(result.has_value());
      CHECK(result.error().code == "aezeed_bad_word");
      CHECK(result.error().details.at("position") == index + 1);
      const bool letters = std::all_of(bad.begin(), bad.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80; });
      words[index] = letters ? "qqqq" : "?";
      const auto neutral = lnstore::keys::aezeed_mnemonic_to_bytes(join(words));
      REQUIRE_FALSE(neutral.has_value());
      CHECK(error_text(result.error()) == error_text(neutral.error()));
      CHECK(result.error().details.at("reason") == (letters ? "not_in_word_list" : "not_a_word"));
      // And no seed word of 4 letters or more hidden in the token appears in
      // the message or details (the code, "aezeed_bad_word", is fixed API).
      const std::string said = result.error().message + result.error().details.dump();
      for (std::size_t from = 0; from < bad.size(); ++from) {
        for (std::size_t length = 4; from + length <= bad.size(); ++length) {
          const std::string part = bad.substr(from, length);
          if (!keys::word_index(part)) continue;
          const std::string neutral_said = neutral.error().message + neutral.error().details.dump();
          CHECK_MESSAGE(said.find(part) == neutral_said.find(part), part);
        }
      }
    }
  }
  // The whole key file path (root_key.cpp): a passphrase glued to the last word.
  std::string text(k_lnd_v2_words);
  text += std::string(k_lnd_v2_passphrase);
  const auto seed = lnstore::keys::aezeed_decipher(text, "", k_test_n);
  check_error(seed, "aezeed_bad_word", ExitClass::malformed);
  CHECK(seed.error().message == "word 24 of 24 is not a word: it holds characters other than letters");
  CHECK(seed.error().message.find(k_lnd_v2_passphrase) == std::string::npos);
}

TEST_CASE("bad input: external version byte (lnd: 44; bitcoinjs: airport -> 5) is checked before the CRC") {
  util::Bytes raw = hex(k_lnd_v1_bytes);
  raw[0] = 44;  // CRC left stale on purpose: the version error must win
  const auto result =
      lnstore::keys::aezeed_decipher(lnstore::keys::aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, 33>(raw.data(), 33)),
                               "", k_test_n);
  check_error(result, "aezeed_unknown_version", ExitClass::malformed);
  CHECK(result.error().details.at("version") == 44);

  std::vector<std::string> words = split(k_production_words);
  words[0] = "airport";
  const auto airport = lnstore::keys::aezeed_decipher(join(words), "", k_test_n);
  check_error(airport, "aezeed_unknown_version", ExitClass::malformed);
  CHECK(airport.error().details.at("version") == 5);
}

TEST_CASE("bad input: checksum (lnd: words 9 and 13 swapped; bitcoinjs: last word boil)") {
  std::vector<std::string> words = split(k_lnd_v1_words);
  std::swap(words[9], words[13]);
  check_error(lnstore::keys::aezeed_decipher(join(words), "", k_test_n), "aezeed_bad_checksum", ExitClass::malformed);

  words = split(k_production_words);
  words[23] = "boil";
  check_error(lnstore::keys::aezeed_decipher(join(words), "", k_test_n), "aezeed_bad_checksum", ExitClass::malformed);

  // Every single-bit change of the checksummed bytes 1..32 is caught by the CRC.
  const util::Bytes raw = hex(k_lnd_v1_bytes);
  for (std::size_t bit = 8; bit < 33 * 8; ++bit) {
    util::Bytes flipped = raw;
    flipped[bit / 8] ^= static_cast<std::uint8_t>(0x80 >> (bit % 8));
    INFO("bit " << bit);
    check_error(lnstore::keys::aezeed_decipher(
                    lnstore::keys::aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, 33>(flipped.data(), 33)), "",
                    k_test_n),
                "aezeed_bad_checksum", ExitClass::malformed);
  }
}

TEST_CASE("bad input: wrong passphrase, and a corrupted ciphertext with a fixed-up CRC") {
  check_error(lnstore::keys::aezeed_decipher(k_lnd_v1_words, "wrong", k_test_n), "aezeed_wrong_passphrase", ExitClass::auth);
  check_error(lnstore::keys::aezeed_decipher(k_lnd_v2_words, "", k_test_n), "aezeed_wrong_passphrase", ExitClass::auth);
  // Passphrases are raw bytes: no trimming, no case folding.
  check_error(lnstore::keys::aezeed_decipher(k_lnd_v2_words, std::string(k_lnd_v2_passphrase) + " ", k_test_n),
              "aezeed_wrong_passphrase", ExitClass::auth);
  check_error(lnstore::keys::aezeed_decipher(k_lnd_v1_words, "AEZEED", k_test_n), "aezeed_wrong_passphrase",
              ExitClass::auth);
  // A tampered ciphertext whose CRC was recomputed is indistinguishable from
  // a wrong passphrase (crc32c is checked against published vectors in its own test).
  for (std::size_t byte = 1; byte < 24; ++byte) {
    util::Bytes raw = hex(k_lnd_v1_bytes);
    raw[byte] ^= 0x10;
    const std::uint32_t crc = lnstore::util::crc32c(std::span(raw).first(29));
    for (int k = 0; k < 4; ++k) raw[29 + k] = static_cast<std::uint8_t>(crc >> (24 - 8 * k));
    INFO("byte " << byte);
    check_error(lnstore::keys::aezeed_decipher(
                    lnstore::keys::aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, 33>(raw.data(), 33)), "", k_test_n),
                "aezeed_wrong_passphrase", ExitClass::auth);
  }
  // So is a salt changed with a fixed-up CRC (the salt is AD and the scrypt salt).
  util::Bytes raw = hex(k_lnd_v1_bytes);
  raw[26] ^= 0x01;
  const std::uint32_t crc = lnstore::util::crc32c(std::span(raw).first(29));
  for (int k = 0; k < 4; ++k) raw[29 + k] = static_cast<std::uint8_t>(crc >> (24 - 8 * k));
  check_error(lnstore::keys::aezeed_decipher(
                  lnstore::keys::aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, 33>(raw.data(), 33)), "", k_test_n),
              "aezeed_wrong_passphrase", ExitClass::auth);
}

TEST_CASE("bad parameters: scrypt cost and entropy length") {
  for (std::uint64_t n : {0u, 1u, 3u, 1000u}) {
    INFO("N = " << n);
    check_error(lnstore::keys::aezeed_decipher(k_lnd_v1_words, "", n), "aezeed_bad_scrypt_cost", ExitClass::internal);
    const auto enciphered = lnstore::keys::aezeed_encipher(make_seed(0, 0, k_lnd_entropy, k_salt1), "", n);
    REQUIRE_FALSE(enciphered);
    CHECK(enciphered.error().code == "aezeed_bad_scrypt_cost");
  }
  keys::AezeedSeed short_seed = make_seed(0, 0, k_lnd_entropy, k_salt1);
  short_seed.entropy = lnstore::util::SecureBytes(15);
  const auto enciphered = lnstore::keys::aezeed_encipher(short_seed, "", k_test_n);
  REQUIRE_FALSE(enciphered);
  CHECK(enciphered.error().code == "aezeed_bad_entropy_length");
  CHECK(enciphered.error().exit == ExitClass::malformed);
}

TEST_CASE("bad input: random word sequences and random text never crash") {
  std::mt19937 rng(0x5eed);
  for (int trial = 0; trial < 2000; ++trial) {
    std::vector<std::string> words;
    const std::size_t count = trial % 10 == 0 ? rng() % 30 : 24;
    for (std::size_t k = 0; k < count; ++k) words.emplace_back(lnstore::keys::k_bip39_english[rng() % 2048]);
    const auto result = lnstore::keys::aezeed_decipher(join(words), "", k_test_n);
    // A random 24-word string passes both the version and the CRC with odds 2^-35.
    REQUIRE_FALSE(result);
    const std::string& code = result.error().code;
    CHECK((code == "aezeed_wrong_length" || code == "aezeed_unknown_version" || code == "aezeed_bad_checksum"));
  }
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text(rng() % 300, '\0');
    for (auto& c : text) c = static_cast<char>(rng() % 4 == 0 ? ' ' : rng());
    const auto result = lnstore::keys::aezeed_decipher(text, "", k_test_n);
    REQUIRE_FALSE(result);
    CHECK_NOTHROW((void)result.error().details.dump());
  }
}

TEST_CASE("birthday: days since the genesis timestamp, Go truncation and uint16 wrap") {
  CHECK(lnstore::keys::aezeed_birthday_from_unix(1231006505) == 0);     // genesis
  CHECK(lnstore::keys::aezeed_birthday_from_unix(1521799345) == 3365);  // lnd vector 2
  CHECK(lnstore::keys::aezeed_birthday_from_unix(1231006505 + 86399) == 0);
  CHECK(lnstore::keys::aezeed_birthday_from_unix(1231006505 + 86400) == 1);
  CHECK(lnstore::keys::aezeed_birthday_from_unix(1231006505 - 1) == 0);           // truncates toward zero
  CHECK(lnstore::keys::aezeed_birthday_from_unix(1231006505 - 86400) == 65535);   // wraps
  CHECK(lnstore::keys::aezeed_birthday_from_unix(1231006505 + 65536LL * 86400) == 0);
  // Dates computed with Python's datetime (genesis 2009-01-03T18:15:05Z + n days).
  CHECK(lnstore::keys::aezeed_birthday_date(0) == "2009-01-03");
  CHECK(lnstore::keys::aezeed_birthday_date(1) == "2009-01-04");
  CHECK(lnstore::keys::aezeed_birthday_date(3365) == "2018-03-22");
  CHECK(lnstore::keys::aezeed_birthday_date(5843) == "2025-01-02");
  CHECK(lnstore::keys::aezeed_birthday_date(65535) == "2188-06-08");
}

TEST_CASE("the BIP-32 seed is the 16 entropy bytes (spec/aezeed.md 7, HMAC-SHA512 computed with Python)") {
  const keys::AezeedSeed seed = decipher(k_lnd_v1_words, "", k_test_n);
  CryptoPP::HMAC<CryptoPP::SHA512> hmac(reinterpret_cast<const CryptoPP::byte*>("Bitcoin seed"), 12);
  hmac.Update(seed.entropy.data(), seed.entropy.size());
  lnstore::util::SecureBytes master(64);
  hmac.Final(master.data());
  CHECK(hex(master) ==
        "646cb4603fe6f18aeb3aaf775dcaa3af034275007fb40ef3096983dc0f1373a1"
        "61db628294628a8ddc6789222bae41ddaae7704ff01a571bb15968d4dad33e67");
}

TEST_SUITE_END();
