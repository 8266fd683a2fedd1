// Reading command input from a file argument or stdin ("-" or absent),
// through core's one file reader (core/util/file_reader.hpp).
#pragma once

#include <cstddef>
#include <string>

#include "core/util/error.hpp"

namespace lnstore::app {

// Limits of what a command reads: larger input is refused (exit 3
// "file_too_large"), never truncated.
inline constexpr std::size_t k_max_document_bytes = 16u << 20;  // channel documents
inline constexpr std::size_t k_max_config_bytes = 1u << 20;     // the config file
inline constexpr std::size_t k_max_blob_bytes = 1u << 20;       // update commit --blob @FILE

// Reads the whole of `path` ("" or "-" is stdin), at most `limit` bytes.
// Errors are those of util::InputFile: a missing file, a directory, FIFO or
// device (exit 7), more than `limit` bytes (exit 3), a read error (exit 7).
[[nodiscard]] Result<std::string> read_input(const std::string& path, std::size_t limit);

}  // namespace lnstore::app
