// Human-readable rendering of a JSON result for `-o text`: a list wrapped in
// an object becomes an aligned table, anything else "key: value" lines.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lnstore::app {

// How `-o text` is shown. On a terminal, lists show their default columns
// in short forms a person recognises (keys as 0279be66…1798, amounts with
// thousands separators, short times) and drop their least important columns
// until the table fits `width`; through a pipe every value is whole.
// `wide` shows every field, whole; `columns` (comma-separated JSON field
// paths, e.g. "chan_point,policy.blob_type") picks them.
struct TextOptions {
  bool terminal = false;
  std::size_t width = 0;  // 0: no limit
  bool wide = false;
  std::string columns;
};

std::string to_text(const nlohmann::ordered_json& value, const TextOptions& options = {});

// `text` safe to write to a terminal: C0 control bytes, DEL and bytes that
// are not valid UTF-8 become \xNN (and '\' itself "\\"); valid UTF-8 is
// kept. Stored or typed data can hold anything, and a raw ESC or NUL would
// change or cut what the operator sees.
std::string printable(std::string_view text);

}  // namespace lnstore::app
