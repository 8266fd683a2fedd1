#include "core/ops/params.hpp"

#include <algorithm>
#include <charconv>

namespace lnstore::ops {

namespace {
std::unexpected<Error> missing(const char* key) {
  return malformed("missing_field", std::string("missing field '") + key + "'");
}
std::unexpected<Error> bad(const char* key, std::string_view why) {
  return malformed("bad_field", std::string("field '") + key + "': " + std::string(why));
}
}  // namespace

Result<void> Params::only(std::span<const std::string_view> known, std::string_view where) const {
  for (auto it = m_json.begin(); it != m_json.end(); ++it) {
    const std::string& key = it.key();
    if (where.empty() && key == "op") continue;
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    const std::string name = std::string(where) + key;
    return fail(ExitClass::malformed, "unknown_field", "unknown field '" + name + "'", {{"field", name}});
  }
  return {};
}

bool Params::has(const char* key) const {
  auto it = m_json.find(key);
  return it != m_json.end() && !it->is_null();
}

Result<std::string> Params::text(const char* key) const {
  auto it = m_json.find(key);
  if (it == m_json.end() || it->is_null()) return missing(key);
  if (!it->is_string()) return bad(key, "expected a string");
  return it->get<std::string>();
}

Result<std::optional<std::string>> Params::opt_text(const char* key) const {
  if (!has(key)) return std::optional<std::string>{};
  return LNSTORE_TRY(text(key));
}

Result<std::int64_t> Params::integer(const char* key, std::int64_t min, std::int64_t max) const {
  auto it = m_json.find(key);
  if (it == m_json.end() || it->is_null()) return missing(key);
  std::int64_t value = 0;
  if (it->is_number_unsigned()) {
    auto u = it->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return bad(key, "out of range");
    value = static_cast<std::int64_t>(u);
  } else if (it->is_number_integer()) {
    value = it->get<std::int64_t>();
  } else if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc{} || p != s.data() + s.size()) return bad(key, "expected an integer");
  } else {
    return bad(key, "expected an integer");
  }
  if (value < min || value > max)
    return bad(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return value;
}

Result<std::optional<std::int64_t>> Params::opt_integer(const char* key, std::int64_t min, std::int64_t max) const {
  if (!has(key)) return std::optional<std::int64_t>{};
  return LNSTORE_TRY(integer(key, min, max));
}

Result<bool> Params::flag(const char* key) const {
  if (!has(key)) return false;
  const auto& v = m_json.at(key);
  if (!v.is_boolean()) return bad(key, "expected true or false");
  return v.get<bool>();
}

Result<util::Bytes> Params::hex(const char* key, std::size_t len) const {
  auto s = LNSTORE_TRY(text(key));
  return util::from_hex(s, key, len);
}

Result<std::optional<util::Bytes>> Params::opt_hex(const char* key, std::size_t len) const {
  if (!has(key)) return std::optional<util::Bytes>{};
  return LNSTORE_TRY(hex(key, len));
}

Result<const nlohmann::ordered_json*> Params::object(const char* key) const {
  auto it = m_json.find(key);
  if (it == m_json.end() || it->is_null()) return missing(key);
  if (!it->is_object()) return bad(key, "expected an object");
  return &*it;
}

}  // namespace lnstore::ops
