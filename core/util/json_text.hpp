// Parsing JSON text that came from outside (channel documents, apply lines)
// with a bound on nesting.
//
// nlohmann's parser itself keeps its stack on the heap, but copying,
// comparing, dumping and destroying a parsed value recurse once per level,
// so a document nested 100,000 deep would overflow the stack long after it
// parsed. The depth is therefore checked on the text, before any value is
// built, by a scan that knows JSON strings (a bracket inside "..." does not
// count).
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"

namespace lnstore::util {

// The deepest nesting of arrays and objects lnstore accepts in a JSON
// input. lnstore's own documents are at most 5 levels deep (an apply line
// holding a channel document holding its key descriptors); 64 leaves room
// for any tool that wraps them, and is far below what the recursion of a
// JSON value can take on an 8 MiB stack.
inline constexpr std::size_t k_max_json_depth = 64;

// The deepest nesting of `text` as far as it needs to be read to know
// whether it exceeds `limit` (the scan stops at the first level past it).
// Malformed text is scanned as far as it goes; the parser reports it.
[[nodiscard]] std::size_t json_depth(std::string_view text, std::size_t limit);

// Parses `text` as one JSON value.
// Errors (exit 3): "json_too_deep" when arrays and objects nest deeper than
// k_max_json_depth (details "limit"), checked before parsing;
// "malformed_json" when the text is not JSON (a NUL byte anywhere outside a
// string escape is not JSON either). `what` names the input in messages
// ("input", "line 7").
[[nodiscard]] Result<nlohmann::ordered_json> parse_json(std::string_view text, std::string_view what);

}  // namespace lnstore::util
