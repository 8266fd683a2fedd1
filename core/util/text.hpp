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

// True when `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), which JSON output requires.
[[nodiscard]] constexpr bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xbf;  // the allowed range of the second byte
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c == 0xe0) n = 2, lo = 0xa0;
    else if (c == 0xed) n = 2, hi = 0x9f;
    else if (c >= 0xe1 && c <= 0xef) n = 2;
    else if (c == 0xf0) n = 3, lo = 0x90;
    else if (c == 0xf4) n = 3, hi = 0x8f;
    else if (c >= 0xf1 && c <= 0xf3) n = 3;
    else return false;
    if (i + n >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf)) return false;
    }
    i += n + 1;
  }
  return true;
}

}  // namespace lnstore::util
