#include "core/util/json_text.hpp"

#include <string>

namespace lnstore::util {

std::size_t json_depth(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > deepest) deepest = depth;
        if (deepest > limit) return deepest;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return deepest;
}

Result<nlohmann::ordered_json> parse_json(std::string_view text, std::string_view what) {
  if (json_depth(text, k_max_json_depth) > k_max_json_depth)
    return fail(ExitClass::malformed, "json_too_deep",
                std::string(what) + " nests arrays and objects more than " + std::to_string(k_max_json_depth) +
                    " levels deep",
                {{"limit", k_max_json_depth}});
  // Said outright rather than left to the parser's wording: a NUL byte
  // ends a C string, and a reader that stopped there would apply a prefix.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos)
    return fail(ExitClass::malformed, "malformed_json",
                std::string(what) + " holds a NUL byte (at byte " + std::to_string(nul + 1) + "), which JSON does not allow",
                {{"offset", nul}});
  auto value = nlohmann::ordered_json::parse(text, nullptr, false);
  if (value.is_discarded()) return malformed("malformed_json", std::string(what) + " is not valid JSON");
  return value;
}

}  // namespace lnstore::util
