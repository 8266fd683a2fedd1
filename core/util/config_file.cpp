#include "core/util/config_file.hpp"

#include "core/util/text.hpp"

#include <algorithm>

namespace lnstore::util {

Result<std::vector<ConfigEntry>> parse_config_file(std::string_view text, std::string_view name,
                                                   std::span<const std::string_view> keys) {
  std::vector<ConfigEntry> entries;
  int number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++number;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty() || line.front() == '[') continue;  // TOML section headers carry no meaning here
    const auto eq = line.find('=');
    if (eq == std::string_view::npos)
      return fail(ExitClass::usage, "bad_config", std::string(name) + ":" + std::to_string(number) + ": expected key = value");
    ConfigEntry entry;
    entry.written = std::string(trim(line.substr(0, eq)));
    std::string_view value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    entry.value = std::string(value);
    entry.key = entry.written;
    std::replace(entry.key.begin(), entry.key.end(), '_', '-');
    // A closed set: a misspelt key is an error, never a silently ignored line.
    if (std::find(keys.begin(), keys.end(), entry.key) == keys.end())
      return fail(ExitClass::malformed, "unknown_field",
                  "unknown key '" + entry.written + "' in config file " + std::string(name) + " (line " +
                      std::to_string(number) + ")",
                  {{"path", name}, {"line", number}, {"key", entry.written}});
    entry.line = number;
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace lnstore::util
