// The one definition of blank space for text inputs (key files, config
// files, apply lines): space, tab, CR and LF.
#pragma once

#include <string_view>

namespace lnstore::util {

inline constexpr std::string_view k_blank_chars = " \t\r\n";

// `s` without leading and trailing blanks (a view into `s`).
[[nodiscard]] constexpr std::string_view trim(std::string_view s) {
  const auto begin = s.find_first_not_of(k_blank_chars);
  if (begin == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(k_blank_chars);
  return s.substr(begin, end - begin + 1);
}

// True when `s` holds nothing but blanks (or nothing).
[[nodiscard]] constexpr bool is_blank(std::string_view s) { return trim(s).empty(); }

}  // namespace lnstore::util
