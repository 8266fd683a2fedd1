#include "core/codec/channel_type.hpp"

#include <algorithm>

namespace lnstore::codec {

namespace {
template <class Enum, std::size_t N>
std::optional<Enum> find_name(const std::array<std::string_view, N>& names, std::string_view name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return static_cast<Enum>(it - names.begin());
}
}  // namespace

std::string_view to_string(ChannelType type) { return k_channel_type_names.at(static_cast<std::size_t>(type)); }

std::optional<ChannelType> parse_channel_type(std::string_view name) {
  return find_name<ChannelType>(k_channel_type_names, name);
}

bool is_taproot(ChannelType type) {
  return type == ChannelType::simple_taproot || type == ChannelType::tapscript_root ||
         type == ChannelType::simple_taproot_final;
}

std::string_view to_string(CloseType type) { return k_close_type_names.at(static_cast<std::size_t>(type)); }

std::optional<CloseType> parse_close_type(std::string_view name) {
  return find_name<CloseType>(k_close_type_names, name);
}

}  // namespace lnstore::codec
