// Lowercase hex encoding and strict decoding of byte strings.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace lnstore::util {

using Bytes = std::vector<std::uint8_t>;

std::string to_hex(std::span<const std::uint8_t> bytes);

// Decodes hex (either case). Fails with malformed "bad_hex" naming `what` on
// odd length or a non-hex character, and "bad_length" when `expected_len` is
// set and the decoded length differs. Nothing is returned on failure.
[[nodiscard]] Result<Bytes> from_hex(std::string_view hex, std::string_view what,
                                     std::size_t expected_len = 0);

}  // namespace lnstore::util
