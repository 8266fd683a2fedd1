// Human-readable rendering of a JSON result for `-o text`: a list wrapped in
// an object becomes an aligned table, anything else "key: value" lines.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lnstore::app {

std::string to_text(const nlohmann::ordered_json& value);

// `text` safe to write to a terminal: C0 control bytes, DEL and bytes that
// are not valid UTF-8 become \xNN (and '\' itself "\\"); valid UTF-8 is
// kept. Stored or typed data can hold anything, and a raw ESC or NUL would
// change or cut what the operator sees.
std::string printable(std::string_view text);

}  // namespace lnstore::app
