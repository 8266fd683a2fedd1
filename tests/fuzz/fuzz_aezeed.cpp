// libFuzzer target: lnd aezeed mnemonics (`--root-key-file` with 24 words).
// Input: mnemonic text, optionally followed by a NUL byte and the passphrase
// (raw bytes). scrypt runs with N = 16, the cost of lnd's own test vectors,
// so that an input takes microseconds instead of 32 MiB and 100 ms. Checked:
//  - aezeed_mnemonic_to_bytes fails only with "aezeed_wrong_length" or
//    "aezeed_bad_word", whose texts are fixed (the count; the position and
//    kind of the word, never any of its text), and bytes -> words -> bytes is
//    the identity;
//  - aezeed_decipher fails only with its documented errors (malformed, or
//    auth "aezeed_wrong_passphrase");
//  - a deciphered seed re-enciphers under the same passphrase to the same
//    words (case and whitespace normalised), and its birthday date matches;
//  - parse_root_key (the whole text as a key file, passphrase on the line
//    after the words) fails only with key-file errors and, for a mnemonic,
//    agrees with aezeed_decipher.
// Seeds: tests/fuzz/corpus/aezeed/ (spec/aezeed.md section 9.1/9.2 vectors with
// their passphrases, and its error vectors).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>

#include "core/keys/aezeed.hpp"
#include "core/codec/network.hpp"
#include "core/keys/root_key.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lnstore;

constexpr std::uint64_t k_fuzz_scrypt_n = 16;

// The words as aezeed reads them: split on whitespace, ASCII lower-cased.
std::string normalized(std::string_view text) {
  std::string out;
  std::string word;
  std::istringstream in{std::string(text)};
  while (in >> word) {
    for (char& c : word) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

// An error about the words says nothing of them: a bad word is named by its
// position and kind only, a wrong length by the count, so the message is
// one of the fixed texts filled in from the details.
void check_no_echo(const Error& e) {
  const auto& d = e.details;
  if (e.code == "aezeed_bad_word") {
    LNSTORE_FUZZ_CHECK_MSG(d.size() == 2 && d.contains("position") && d.contains("reason"), d.dump());
    const auto position = d.at("position").get<std::size_t>();
    LNSTORE_FUZZ_CHECK(position >= 1 && position <= keys::k_aezeed_word_count);
    const std::string reason = d.at("reason").get<std::string>();
    const std::string head = "word " + std::to_string(position) + " of 24 is not ";
    LNSTORE_FUZZ_CHECK_MSG(
        (reason == "not_in_word_list" && e.message == head + "in the aezeed word list") ||
            (reason == "not_a_word" && e.message == head + "a word: it holds characters other than letters"),
        e.message);
  } else if (e.code == "aezeed_wrong_length") {
    LNSTORE_FUZZ_CHECK_MSG(d.size() == 1 && d.contains("words"), d.dump());
    LNSTORE_FUZZ_CHECK_MSG(e.message == "wrong cipher seed mnemonic length: got " +
                                            std::to_string(d.at("words").get<std::size_t>()) +
                                            " words, expecting 24 words",
                           e.message);
  }
}

void check_word_codec(std::string_view mnemonic) {
  auto bytes = keys::aezeed_mnemonic_to_bytes(mnemonic);
  if (!bytes) {
    LNSTORE_FUZZ_CHECK_ERROR(bytes.error(), ExitClass::malformed, "aezeed_wrong_length", "aezeed_bad_word");
    check_no_echo(bytes.error());
    return;
  }
  LNSTORE_FUZZ_CHECK(bytes->size() == keys::k_aezeed_enciphered_size);
  std::string words = keys::aezeed_bytes_to_mnemonic(bytes->span().first<keys::k_aezeed_enciphered_size>());
  LNSTORE_FUZZ_CHECK(words == normalized(mnemonic));
  auto again = keys::aezeed_mnemonic_to_bytes(words);
  LNSTORE_FUZZ_CHECK(again.has_value() && again->size() == bytes->size() &&
                     std::equal(again->span().begin(), again->span().end(), bytes->span().begin()));
}

void check_decipher(std::string_view mnemonic, std::string_view passphrase) {
  auto seed = keys::aezeed_decipher(mnemonic, passphrase, k_fuzz_scrypt_n);
  if (!seed) {
    if (seed.error().exit == ExitClass::auth)
      LNSTORE_FUZZ_CHECK_ERROR(seed.error(), ExitClass::auth, "aezeed_wrong_passphrase");
    else
      LNSTORE_FUZZ_CHECK_ERROR(seed.error(), ExitClass::malformed, "aezeed_wrong_length", "aezeed_bad_word",
                               "aezeed_unknown_version", "aezeed_bad_checksum");
    check_no_echo(seed.error());
    return;
  }
  LNSTORE_FUZZ_CHECK(seed->entropy.size() == keys::k_aezeed_entropy_size);
  LNSTORE_FUZZ_CHECK(seed->birthday_date == keys::aezeed_birthday_date(seed->birthday));
  auto words = keys::aezeed_encipher(*seed, passphrase, k_fuzz_scrypt_n);
  LNSTORE_FUZZ_CHECK(words.has_value() && *words == normalized(mnemonic));
  util::secure_wipe(words->data(), words->size());
}

void check_root_key(std::string_view text) {
  auto key = keys::parse_root_key(text, codec::Network::regtest, std::nullopt, k_fuzz_scrypt_n);
  if (!key) {
    if (key.error().exit == ExitClass::auth)
      LNSTORE_FUZZ_CHECK_ERROR(key.error(), ExitClass::auth, "aezeed_wrong_passphrase");
    else
      LNSTORE_FUZZ_CHECK_ERROR(key.error(), ExitClass::malformed, "empty_root_key", "aezeed_wrong_length",
                               "aezeed_bad_word", "aezeed_unknown_version", "aezeed_bad_checksum", "bad_base58",
                               "bad_checksum", "bad_extended_key", "wrong_network");
    check_no_echo(key.error());
    return;
  }
  LNSTORE_FUZZ_CHECK(key->source == "xprv" || key->source == "aezeed");
  LNSTORE_FUZZ_CHECK(key->key.depth() == 0 || key->source == "xprv");
  if (key->source == "aezeed") {
    LNSTORE_FUZZ_CHECK(key->aezeed_internal_version.has_value() && key->aezeed_birthday.has_value());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view mnemonic = input.substr(0, nul);
  const std::string_view passphrase = nul == std::string_view::npos ? std::string_view{} : input.substr(nul + 1);
  check_word_codec(mnemonic);
  check_decipher(mnemonic, passphrase);
  check_root_key(mnemonic);
  return 0;
}
