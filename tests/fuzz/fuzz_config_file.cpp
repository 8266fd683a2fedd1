// libFuzzer target: the configuration file (`--config`, LNSTORE_CONFIG,
// ~/.config/lnstore/config.toml), read by util::parse_config_file before
// app/cli.cpp hands each value to its option. Checked:
//  - errors are usage "bad_config" or malformed "unknown_field", and print
//    as JSON;
//  - an accepted entry has a key of the closed set, a line number that
//    grows and lies within the text, and a key and value that hold no '#'
//    or newline (a comment or the next line never leaks into a value);
//  - writing the entries back as `written = "value"` lines reads back to the
//    same entries.
// Seeds: tests/fuzz/corpus/config_file/ (the man page's example, every
// key, comments and sections, quoting, CRLF, each error).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/config_file.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using namespace lnstore;

// The global options a config file may set (app/cli.cpp k_config_keys).
constexpr std::array<std::string_view, 10> k_keys = {
    "db", "network", "root-key-file", "backup-file", "output", "compact", "busy-timeout", "no-archive", "verbose", "quiet"};

bool has_any(std::string_view s, std::string_view chars) { return s.find_first_of(chars) != std::string_view::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto entries = util::parse_config_file(text, "config.toml", k_keys);
  if (!entries) {
    if (entries.error().exit == ExitClass::usage)
      LNSTORE_FUZZ_CHECK_ERROR(entries.error(), ExitClass::usage, "bad_config");
    else
      LNSTORE_FUZZ_CHECK_ERROR(entries.error(), ExitClass::malformed, "unknown_field");
    return 0;
  }
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  int previous = 0;
  std::string again_text;
  for (const util::ConfigEntry& e : *entries) {
    LNSTORE_FUZZ_CHECK_MSG(std::find(k_keys.begin(), k_keys.end(), e.key) != k_keys.end(), e.key);
    LNSTORE_FUZZ_CHECK(e.line > previous && e.line <= lines);
    previous = e.line;
    LNSTORE_FUZZ_CHECK(!has_any(e.written, "#\n=") && !has_any(e.value, "#\n"));
    std::string key = e.written;
    std::replace(key.begin(), key.end(), '_', '-');
    LNSTORE_FUZZ_CHECK(key == e.key);
    // A value may be any bytes (a path): printed with invalid UTF-8 replaced, as app/ does.
    (void)nlohmann::ordered_json{{"key", e.key}, {"value", e.value}}.dump(
        -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    again_text += e.written + " = \"" + e.value + "\"\n";
  }
  auto again = util::parse_config_file(again_text, "again.toml", k_keys);
  LNSTORE_FUZZ_CHECK_MSG(again.has_value(), again ? "" : again.error().message);
  LNSTORE_FUZZ_CHECK(again->size() == entries->size());
  for (std::size_t k = 0; k < again->size(); ++k) {
    LNSTORE_FUZZ_CHECK((*again)[k].key == (*entries)[k].key && (*again)[k].written == (*entries)[k].written);
    LNSTORE_FUZZ_CHECK_MSG((*again)[k].value == (*entries)[k].value, (*entries)[k].value);
  }
  return 0;
}
