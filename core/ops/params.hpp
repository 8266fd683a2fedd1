// Params: typed, validated access to the fields of an operation's JSON
// object (an `apply` line, or the options a CLI command collected). Every
// failure is malformed input (exit 3) naming the field.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::ops {

class Params {
 public:
  explicit Params(const nlohmann::ordered_json& object) : m_json(object) {}

  // Refuses a field not in `known` (the field "op", which names the
  // operation in an apply line, is always allowed): malformed
  // "unknown_field" naming the first unknown field, with `where` (e.g.
  // "policy.") before its name. A typo is an error, never a silent default.
  [[nodiscard]] Result<void> only(std::span<const std::string_view> known, std::string_view where = {}) const;

  bool has(const char* key) const;
  [[nodiscard]] Result<std::string> text(const char* key) const;
  [[nodiscard]] Result<std::optional<std::string>> opt_text(const char* key) const;
  // An integer in [min, max]; JSON numbers, or strings of decimal digits.
  [[nodiscard]] Result<std::int64_t> integer(const char* key, std::int64_t min, std::int64_t max) const;
  [[nodiscard]] Result<std::optional<std::int64_t>> opt_integer(const char* key, std::int64_t min,
                                                                 std::int64_t max) const;
  [[nodiscard]] Result<bool> flag(const char* key) const;  // absent = false
  // Hex bytes; `len` 0 means any length.
  [[nodiscard]] Result<util::Bytes> hex(const char* key, std::size_t len = 0) const;
  [[nodiscard]] Result<std::optional<util::Bytes>> opt_hex(const char* key, std::size_t len = 0) const;
  [[nodiscard]] Result<const nlohmann::ordered_json*> object(const char* key) const;
  const nlohmann::ordered_json& json() const { return m_json; }

 private:
  const nlohmann::ordered_json& m_json;
};

}  // namespace lnstore::ops
