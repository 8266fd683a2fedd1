// Reading command input from a file argument or stdin ("-" or absent).
#pragma once

#include <string>

#include "core/util/error.hpp"

namespace lnstore::app {

// Reads the whole of `path` ("" or "-" is stdin). io errors name the file.
[[nodiscard]] Result<std::string> read_input(const std::string& path);

}  // namespace lnstore::app
