// The BIP-39 English word list, which lnd's aezeed uses for its 24-word
// mnemonic (spec/aezeed.md section 4).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace lnstore::keys {

inline constexpr std::size_t k_bip39_word_count = 2048;

// Index 0 = "abandon" ... 2047 = "zoo", lowercase ASCII, sorted.
extern const std::array<std::string_view, k_bip39_word_count> k_bip39_english;

// The position of `word` in the list, or nullopt if it is not an entry.
// Exact, case-sensitive match (callers lower-case first): no prefix or
// four-letter abbreviation matching, so "hear" is not "heart".
[[nodiscard]] std::optional<int> word_index(std::string_view word);

}  // namespace lnstore::keys
