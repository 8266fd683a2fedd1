#include "core/keys/aezeed.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <vector>

#include "core/crypto/hash.hpp"

#include "core/crypto/aez.hpp"
#include "core/keys/bip39_wordlist.hpp"
#include "core/util/crc32c.hpp"

namespace lnstore::keys {

namespace {

constexpr std::size_t k_bits_per_word = 11;
constexpr std::size_t k_max_word_length = 8;  // longest BIP-39 English word
constexpr std::size_t k_ciphertext_offset = 1;
constexpr std::size_t k_ciphertext_size = 23;  // 19-byte plaintext + tau
constexpr std::size_t k_salt_offset = 24;
constexpr std::size_t k_checksum_offset = 29;
constexpr std::size_t k_plaintext_size = 19;  // internal version, birthday, entropy
constexpr std::size_t k_aez_tau = 4;          // lnd's CipherTextExpansion (its comments say 8; the code says 4)
constexpr std::uint32_t k_scrypt_r = 8;
constexpr std::uint32_t k_scrypt_p = 1;
constexpr std::size_t k_scrypt_key_size = 32;
constexpr std::string_view k_default_passphrase = "aezeed";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

char to_lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The whitespace-separated tokens of `text`, as views into it.
std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t k = 0;
  while (k < text.size()) {
    while (k < text.size() && is_space(text[k])) ++k;
    const std::size_t start = k;
    while (k < text.size() && !is_space(text[k])) ++k;
    if (k > start) words.push_back(text.substr(start, k - start));
  }
  return words;
}

// Whether a token that is not in the word list is at least made of letters
// (a misspelt word) or not (digits, punctuation, another script: a
// passphrase or something else glued on). All the error says of it.
bool is_letters(std::string_view token) {
  return std::all_of(token.begin(), token.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

std::optional<int> lookup_word(std::string_view word) {
  if (word.size() > k_max_word_length) return std::nullopt;
  char lower[k_max_word_length];
  for (std::size_t k = 0; k < word.size(); ++k) lower[k] = to_lower_ascii(word[k]);
  const auto index = word_index(std::string_view(lower, word.size()));
  util::secure_wipe(lower, sizeof lower);
  return index;
}

Result<util::SecureBytes> derive_key(std::string_view passphrase, std::span<const std::uint8_t> salt,
                                          std::uint64_t scrypt_n) {
  if (scrypt_n < 2 || (scrypt_n & (scrypt_n - 1)) != 0)
    return fail(ExitClass::internal, "aezeed_bad_scrypt_cost",
                "scrypt cost N must be a power of two >= 2, got " + std::to_string(scrypt_n));
  if (passphrase.empty()) passphrase = k_default_passphrase;
  util::SecureBytes key(k_scrypt_key_size);
  auto derived = crypto::scrypt({reinterpret_cast<const std::uint8_t*>(passphrase.data()), passphrase.size()}, salt,
                                scrypt_n, k_scrypt_r, k_scrypt_p, key.span());
  if (!derived)
    return fail(ExitClass::internal, "aezeed_scrypt_failed", derived.error().message);
  return key;
}

// AD = external version || salt, the one associated-data string lnd passes.
std::array<std::uint8_t, 1 + k_aezeed_salt_size> associated_data(std::uint8_t version,
                                                                  std::span<const std::uint8_t> salt) {
  std::array<std::uint8_t, 1 + k_aezeed_salt_size> ad{};
  ad[0] = version;
  std::copy(salt.begin(), salt.end(), ad.begin() + 1);
  return ad;
}

std::uint32_t read_be32(std::span<const std::uint8_t> bytes) {
  return static_cast<std::uint32_t>(bytes[0]) << 24 | static_cast<std::uint32_t>(bytes[1]) << 16 |
         static_cast<std::uint32_t>(bytes[2]) << 8 | static_cast<std::uint32_t>(bytes[3]);
}

}  // namespace

Result<util::SecureBytes> aezeed_mnemonic_to_bytes(std::string_view mnemonic) {
  const std::vector<std::string_view> words = split_words(mnemonic);
  if (words.size() != k_aezeed_word_count) {
    return fail(ExitClass::malformed, "aezeed_wrong_length",
                "wrong cipher seed mnemonic length: got " + std::to_string(words.size()) + " words, expecting " +
                    std::to_string(k_aezeed_word_count) + " words",
                {{"words", words.size()}});
  }
  util::SecureBytes bytes(k_aezeed_enciphered_size);
  for (std::size_t k = 0; k < words.size(); ++k) {
    const std::optional<int> index = lookup_word(words[k]);
    if (!index) {
      // Never any part of the token: a mistyped seed word is most of a seed
      // word, and a token may be two words run together or a word with the
      // passphrase glued on. Its position is enough to find it.
      const std::size_t position = k + 1;
      const bool letters = is_letters(words[k]);
      return fail(ExitClass::malformed, "aezeed_bad_word",
                  "word " + std::to_string(position) + " of " + std::to_string(k_aezeed_word_count) +
                      (letters ? " is not in the aezeed word list" : " is not a word: it holds characters other than letters"),
                  {{"position", position}, {"reason", letters ? "not_in_word_list" : "not_a_word"}});
    }
    // Word k is bits [11k, 11k + 11) of the 264-bit big-endian string.
    for (std::size_t bit = 0; bit < k_bits_per_word; ++bit) {
      const std::size_t position = k * k_bits_per_word + bit;
      const auto value = static_cast<std::uint8_t>((*index >> (k_bits_per_word - 1 - bit)) & 1);
      bytes[position / 8] |= static_cast<std::uint8_t>(value << (7 - position % 8));
    }
  }
  return bytes;
}

std::string aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, k_aezeed_enciphered_size> bytes) {
  std::string out;
  out.reserve(k_aezeed_word_count * (k_max_word_length + 1));  // no reallocation leaves copies behind
  for (std::size_t k = 0; k < k_aezeed_word_count; ++k) {
    std::size_t index = 0;
    for (std::size_t bit = 0; bit < k_bits_per_word; ++bit) {
      const std::size_t position = k * k_bits_per_word + bit;
      index = index << 1 | ((bytes[position / 8] >> (7 - position % 8)) & 1);
    }
    if (k != 0) out += ' ';
    out += k_bip39_english[index];
  }
  return out;
}

Result<AezeedSeed> aezeed_decipher(std::string_view mnemonic, std::string_view passphrase, std::uint64_t scrypt_n) {
  const util::SecureBytes bytes = LNSTORE_TRY(aezeed_mnemonic_to_bytes(mnemonic));
  const std::span<const std::uint8_t> all = bytes.span();

  if (bytes[0] != k_aezeed_cipher_seed_version) {
    return fail(ExitClass::malformed, "aezeed_unknown_version",
                "wrong seed version: got " + std::to_string(bytes[0]) + ", expected " +
                    std::to_string(k_aezeed_cipher_seed_version),
                {{"version", bytes[0]}});
  }
  if (util::crc32c(all.first(k_checksum_offset)) != read_be32(all.subspan(k_checksum_offset)))
    return malformed("aezeed_bad_checksum", "mnemonic phrase checksum doesn't match");

  const auto salt = all.subspan(k_salt_offset, k_aezeed_salt_size);
  const util::SecureBytes key = LNSTORE_TRY(derive_key(passphrase, salt, scrypt_n));
  const auto ad = associated_data(bytes[0], salt);
  const std::span<const std::uint8_t> ad_strings[] = {ad};
  auto plaintext = crypto::aez_decrypt(key.span(), {}, ad_strings, k_aez_tau,
                               all.subspan(k_ciphertext_offset, k_ciphertext_size));
  if (!plaintext) {
    if (plaintext.error().code == "aez_authentication_failed")
      return fail(ExitClass::auth, "aezeed_wrong_passphrase", "invalid passphrase");
    return std::unexpected(std::move(plaintext).error());
  }
  if (plaintext->size() != k_plaintext_size)
    return fail(ExitClass::internal, "aezeed_internal", "AEZ returned a plaintext of unexpected length");

  AezeedSeed seed;
  seed.internal_version = (*plaintext)[0];
  seed.birthday = static_cast<std::uint16_t>((*plaintext)[1] << 8 | (*plaintext)[2]);
  seed.birthday_date = aezeed_birthday_date(seed.birthday);
  seed.entropy = util::SecureBytes(plaintext->span().subspan(3, k_aezeed_entropy_size));
  std::copy(salt.begin(), salt.end(), seed.salt.begin());
  return seed;
}

Result<std::string> aezeed_encipher(const AezeedSeed& seed, std::string_view passphrase, std::uint64_t scrypt_n) {
  if (seed.entropy.size() != k_aezeed_entropy_size)
    return malformed("aezeed_bad_entropy_length",
                     "aezeed entropy must be 16 bytes, got " + std::to_string(seed.entropy.size()));
  const util::SecureBytes key = LNSTORE_TRY(derive_key(passphrase, seed.salt, scrypt_n));

  util::SecureBytes plaintext(k_plaintext_size);
  plaintext[0] = seed.internal_version;
  plaintext[1] = static_cast<std::uint8_t>(seed.birthday >> 8);
  plaintext[2] = static_cast<std::uint8_t>(seed.birthday);
  std::copy(seed.entropy.begin(), seed.entropy.end(), plaintext.begin() + 3);

  const auto ad = associated_data(k_aezeed_cipher_seed_version, seed.salt);
  const std::span<const std::uint8_t> ad_strings[] = {ad};
  util::Bytes ciphertext = crypto::aez_encrypt(key.span(), {}, ad_strings, k_aez_tau, plaintext.span());

  util::SecureBytes bytes(k_aezeed_enciphered_size);
  bytes[0] = k_aezeed_cipher_seed_version;
  std::copy(ciphertext.begin(), ciphertext.end(), bytes.begin() + k_ciphertext_offset);
  std::copy(seed.salt.begin(), seed.salt.end(), bytes.begin() + k_salt_offset);
  util::secure_wipe(ciphertext.data(), ciphertext.size());
  const std::uint32_t checksum = util::crc32c(std::span(bytes.data(), k_checksum_offset));
  for (int k = 0; k < 4; ++k) bytes[k_checksum_offset + k] = static_cast<std::uint8_t>(checksum >> (24 - 8 * k));
  return aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, k_aezeed_enciphered_size>(bytes.data(), bytes.size()));
}

std::uint16_t aezeed_birthday_from_unix(std::int64_t unix_seconds) {
  constexpr std::int64_t k_day = 24 * 60 * 60;
  // C++ integer division truncates toward zero, like Go's Duration division.
  return static_cast<std::uint16_t>((unix_seconds - k_bitcoin_genesis_unix) / k_day);
}

std::string aezeed_birthday_date(std::uint16_t birthday) {
  using namespace std::chrono;
  const sys_seconds when{seconds{k_bitcoin_genesis_unix + std::int64_t{birthday} * 24 * 60 * 60}};
  const year_month_day date{floor<days>(when)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

}  // namespace lnstore::keys
