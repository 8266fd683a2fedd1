#include "core/codec/blob_type.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace lnstore::codec {

namespace {
constexpr std::array<std::pair<std::string_view, std::uint16_t>, 5> k_names{{
    {"legacy", k_blob_legacy},
    {"anchor", k_blob_anchor},
    {"reward", k_blob_reward},
    {"taproot", k_blob_taproot},
    {"taproot-final", k_blob_taproot_final},
}};
}  // namespace

Result<std::uint16_t> parse_blob_type(std::string_view text) {
  for (auto [name, value] : k_names)
    if (text == name) return value;
  unsigned value = 0;
  int base = 10;
  std::string_view digits = text;
  if (digits.starts_with("0x") || digits.starts_with("0X")) {
    digits.remove_prefix(2);
    base = 16;
  }
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (!digits.empty() && ec == std::errc{} && p == digits.data() + digits.size()) {
    for (auto [name, known] : k_names)
      if (value == known) return known;
  }
  return malformed("unsupported_blob_type", "unsupported blob type '" + std::string(text) +
                                                "' (legacy, anchor, reward, taproot, taproot-final)");
}

std::string blob_type_name(std::uint16_t type) {
  for (auto [name, value] : k_names)
    if (value == type) return std::string(name);
  return std::to_string(type);
}

}  // namespace lnstore::codec
