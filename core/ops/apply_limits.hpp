// Limits of `apply`'s input, shared by the command and its tests.
#pragma once

#include <cstddef>

namespace lnstore::ops {

// The longest line `apply` reads by default (--max-line-bytes raises it):
// a channel document, the largest operation, may hold 16 MiB
// (k_max_document_bytes in app), and a longer line is refused as that
// line's error after at most this much of it was held in memory.
inline constexpr std::size_t k_apply_default_max_line_bytes = 16u << 20;
// The most --max-line-bytes may say: 1 GiB, well below what a line's
// parsed JSON (several times its text) may take on a small machine.
inline constexpr std::size_t k_apply_max_line_bytes_limit = 1u << 30;

}  // namespace lnstore::ops
