// parse_root_key: the text of a root key file. Its errors never repeat the
// text (a mistyped key file is still mostly a key), and parsing hardens the
// process first.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/codec/network.hpp"
#include "core/keys/root_key.hpp"
#include "core/util/process_hardening.hpp"

using namespace lnstore;

TEST_SUITE_BEGIN("root_key");

namespace {

constexpr std::uint64_t k_test_n = 16;
// lnd's aezeed vector 2 (spec/aezeed.md 9.1) and its passphrase.
constexpr std::string_view k_words =
    "able tree stool crush transfer cloud cross three profit outside hen citizen plate ride require leg siren drum "
    "success suggest drink require fiscal upgrade";
constexpr std::string_view k_passphrase = "!very_safe_55345_password*";
constexpr std::string_view k_tprv =
    "tprv8ZgxMBicQKsPf1ujkCE39iYKKmdzD4MgdpKb3EtiJrNCnE2K4GFMtL11adjRsCwA6J1jVKndF6GXpMdSpBGev9cczcjyhrSDVVeEXmwtmCt";

std::string said(const Error& e) { return e.message + "\n" + e.details.dump(); }

// No piece of `input` of 4 bytes or more (but the fixed words of the
// message, which `neutral` shows too) is in what the error says.
void check_no_echo(const Error& e, std::string_view input, const Error& neutral) {
  const std::string text = said(e), neutral_text = said(neutral);
  for (std::size_t from = 0; from < input.size(); ++from) {
    for (std::size_t length = 4; from + length <= input.size() && length <= 16; ++length) {
      const std::string part(input.substr(from, length));
      if (part.find_first_of(" \n") != std::string::npos) continue;
      CHECK_MESSAGE(text.find(part) == neutral_text.find(part), part);
    }
  }
}

// Whether `text` holds any 8 consecutive bytes of `input`.
bool has_window_of(const std::string& text, std::string_view input) {
  for (std::size_t from = 0; from + 8 <= input.size(); ++from)
    if (text.find(input.substr(from, 8)) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("a passphrase glued to the last word: named by position, nothing of its text") {
  const std::string text = std::string(k_words) + std::string(k_passphrase) + "\n";
  auto r = keys::parse_root_key(text, codec::Network::regtest, std::nullopt, k_test_n);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "aezeed_bad_word");
  CHECK(r.error().exit == ExitClass::malformed);
  CHECK(r.error().details == nlohmann::ordered_json{{"position", 24}, {"reason", "not_a_word"}});
  const std::string neutral_text = std::string(k_words) + "?\n";
  auto neutral = keys::parse_root_key(neutral_text, codec::Network::regtest, std::nullopt, k_test_n);
  REQUIRE_FALSE(neutral);
  CHECK(said(r.error()) == said(neutral.error()));
  check_no_echo(r.error(), text, neutral.error());
  CHECK(util::process_is_hardened());
}

TEST_CASE("words run together, on the passphrase line, or a passphrase on the words' line") {
  // Two words run together: 23 tokens, only the count is reported.
  std::string together(k_words);
  together.replace(together.find("able tree"), 9, "abletree");
  auto r = keys::parse_root_key(together, codec::Network::regtest, std::nullopt, k_test_n);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "aezeed_wrong_length");
  CHECK(r.error().details == nlohmann::ordered_json{{"words", 23}});
  CHECK(said(r.error()).find("abletree") == std::string::npos);
  // The passphrase on the same line as the words: a 25th word.
  const std::string same_line = std::string(k_words) + " " + std::string(k_passphrase);
  auto extra = keys::parse_root_key(same_line, codec::Network::regtest, std::nullopt, k_test_n);
  REQUIRE_FALSE(extra);
  CHECK(extra.error().code == "aezeed_wrong_length");
  CHECK(said(extra.error()).find("very_safe") == std::string::npos);
  // A misspelt word with letters only.
  std::string typo(k_words);
  typo.replace(typo.find("stool"), 5, "stoool");
  auto misspelt = keys::parse_root_key(typo, codec::Network::regtest, std::nullopt, k_test_n);
  REQUIRE_FALSE(misspelt);
  CHECK(misspelt.error().message == "word 3 of 24 is not in the aezeed word list");
  CHECK(said(misspelt.error()).find("stoo") == std::string::npos);
}

TEST_CASE("an extended key with something glued on, or mistyped: no part of it in the error") {
  const std::string glued = std::string(k_tprv) + std::string(k_passphrase);
  auto r = keys::parse_root_key(glued, codec::Network::regtest, std::nullopt, k_test_n);
  REQUIRE_FALSE(r);
  CHECK(r.error().exit == ExitClass::malformed);
  auto neutral = keys::parse_root_key(std::string(k_tprv) + "!", codec::Network::regtest, std::nullopt, k_test_n);
  REQUIRE_FALSE(neutral);
  check_no_echo(r.error(), glued, neutral.error());
  std::string typo(k_tprv);
  typo[40] = typo[40] == 'a' ? 'b' : 'a';
  auto checksum = keys::parse_root_key(typo, codec::Network::regtest, std::nullopt, k_test_n);
  REQUIRE_FALSE(checksum);
  CHECK(checksum.error().code == "bad_checksum");
  CHECK_FALSE(has_window_of(said(checksum.error()), typo));
  auto wrong_network = keys::parse_root_key(k_tprv, codec::Network::mainnet, std::nullopt, k_test_n);
  REQUIRE_FALSE(wrong_network);
  CHECK(wrong_network.error().code == "wrong_network");
  CHECK_FALSE(has_window_of(said(wrong_network.error()), k_tprv));
}

TEST_SUITE_END();
