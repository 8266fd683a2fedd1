// lnd's aezeed: the 24-word mnemonic lnd gives an operator, enciphered with
// AEZ under a scrypt key from the seed passphrase (spec/aezeed.md).
//
// What the wallet root key is built from: lnd feeds only the 16 entropy bytes
// (AezeedSeed::entropy) to BIP-32 as the seed (HMAC-SHA512 keyed with
// "Bitcoin seed"); version, birthday and salt do not enter the key.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::keys {

inline constexpr std::size_t k_aezeed_word_count = 24;
inline constexpr std::size_t k_aezeed_enciphered_size = 33;  // version, 23 ciphertext, 5 salt, 4 CRC
inline constexpr std::size_t k_aezeed_entropy_size = 16;
inline constexpr std::size_t k_aezeed_salt_size = 5;
inline constexpr std::uint8_t k_aezeed_cipher_seed_version = 0;  // the only external version
inline constexpr std::uint8_t k_aezeed_max_internal_version = 1;  // lnd refuses higher at wallet creation
inline constexpr std::uint64_t k_aezeed_scrypt_n = 32768;          // production cost (lnd's tests use 16)
inline constexpr std::int64_t k_bitcoin_genesis_unix = 1231006505;  // 2009-01-03T18:15:05Z

// A deciphered cipher seed.
struct AezeedSeed {
  std::uint8_t internal_version = 0;  // 0 legacy, 1 taproot-era; not checked here (see k_aezeed_max_internal_version)
  std::uint16_t birthday = 0;         // whole days since the genesis timestamp
  std::string birthday_date;          // genesis + birthday days, UTC, "YYYY-MM-DD"
  util::SecureBytes entropy;                // 16 bytes, the BIP-32 seed; wiped on destruction
  std::array<std::uint8_t, k_aezeed_salt_size> salt{};  // scrypt salt, kept across passphrase changes
};

// Splits a mnemonic on any whitespace (spaces, tabs, one or several lines),
// lower-cases ASCII, and packs the 24 word indices MSB-first into 33 bytes.
// Fails (exit malformed) with "aezeed_wrong_length" when there are not
// exactly 24 words (details.words = the count), else "aezeed_bad_word" for
// the first word not in the list: details.position (1-based, as in the
// message) and details.reason, "not_in_word_list" (letters only) or
// "not_a_word". No error repeats any part of the input: a token that is not a
// word may be a seed word with the passphrase glued on, or two words run
// together. No version or checksum check here. Intermediate buffers are wiped.
[[nodiscard]] Result<util::SecureBytes> aezeed_mnemonic_to_bytes(std::string_view mnemonic);

// The 24 lowercase words, single-space separated, for 33 enciphered bytes.
// The result is as secret as the seed; the caller wipes it. Total function.
[[nodiscard]] std::string aezeed_bytes_to_mnemonic(std::span<const std::uint8_t, k_aezeed_enciphered_size> bytes);

// Deciphers a mnemonic with `passphrase` (raw bytes; empty means "aezeed")
// and scrypt cost `scrypt_n` (r = 8, p = 1). Checks in lnd's order, each a
// distinct error: word count "aezeed_wrong_length", unknown word
// "aezeed_bad_word", external version byte != 0 "aezeed_unknown_version"
// (before the CRC), CRC-32C mismatch "aezeed_bad_checksum" (all exit
// malformed), then AEZ redundancy not zero "aezeed_wrong_passphrase" (exit
// auth; also what a corrupted ciphertext that passes the CRC gives). An
// invalid `scrypt_n` (not a power of two >= 2) fails with internal
// "aezeed_bad_scrypt_cost". On success the seed; on failure nothing, and
// every intermediate secret (key, plaintext, packed bytes) is wiped.
[[nodiscard]] Result<AezeedSeed> aezeed_decipher(std::string_view mnemonic, std::string_view passphrase,
                                                 std::uint64_t scrypt_n = k_aezeed_scrypt_n);

// Enciphers `seed` (internal_version, birthday, entropy, salt; birthday_date
// is ignored) under `passphrase` into 24 words, as lnd's CipherSeed.ToMnemonic.
// Re-enciphering a deciphered seed with another passphrase is lnd's
// ChangePass (same salt). Fails with malformed "aezeed_bad_entropy_length"
// when the entropy is not 16 bytes, and as aezeed_decipher for a bad
// `scrypt_n`. The result is as secret as the seed; the caller wipes it.
[[nodiscard]] Result<std::string> aezeed_encipher(const AezeedSeed& seed, std::string_view passphrase,
                                                  std::uint64_t scrypt_n = k_aezeed_scrypt_n);

// Birthday (days since genesis) of a wallet created at `unix_seconds`: Go
// duration division (truncates toward zero) then a wrapping cast to u16, as
// lnd does. Total function.
[[nodiscard]] std::uint16_t aezeed_birthday_from_unix(std::int64_t unix_seconds);

// "YYYY-MM-DD" (UTC) of genesis + birthday x 24 h, the wallet birthday lnd
// uses as its rescan start. Total function.
[[nodiscard]] std::string aezeed_birthday_date(std::uint16_t birthday);

}  // namespace lnstore::keys
