// Human-readable rendering of a JSON result for `-o text`: a list wrapped in
// an object becomes an aligned table, anything else "key: value" lines.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace lnstore::app {

std::string to_text(const nlohmann::ordered_json& value);

}  // namespace lnstore::app
