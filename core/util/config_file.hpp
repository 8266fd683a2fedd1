// The configuration file's syntax: `key = value` lines in a TOML subset,
// turned into entries over a closed set of keys. What a value means (and
// whether it is valid for its option) is for the caller, which knows the
// options; this part only reads text, so the fuzz target reaches it without
// the CLI.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace lnstore::util {

struct ConfigEntry {
  std::string key;      // as the closed set spells it: underscores read as dashes
  std::string written;  // as the file spells it, for messages
  std::string value;    // trimmed, one pair of matching quotes (" or ') removed
  int line = 0;         // 1-based line number
};

// Reads `text` line by line ('\n'; a '\r' before it is trimmed): a '#'
// starts a comment anywhere on a line (so a value cannot hold '#', even
// quoted); blank lines and `[section]` lines are skipped; every other line
// must be `key = value` (the first '=' splits; spaces and tabs around both
// are trimmed; the value may be empty). Entries come in file order,
// duplicates included. `name` (the file's path) is only for messages.
//
// Errors, at the first bad line, nothing returned:
//   exit 2 "bad_config"     a line without '=' ("NAME:LINE: expected key = value")
//   exit 3 "unknown_field"  a key (after '_' -> '-') not in `keys`; details
//                           "path", "line", "key" (as written)
[[nodiscard]] Result<std::vector<ConfigEntry>> parse_config_file(std::string_view text, std::string_view name,
                                                                 std::span<const std::string_view> keys);

}  // namespace lnstore::util
