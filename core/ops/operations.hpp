// Operations: every state-changing command as a named operation over a JSON
// object of snake_case fields. The CLI commands and `apply` lines both go
// through here, so a command and its batch form behave identically.
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/storage/store.hpp"

namespace lnstore::ops {

// The longest line `apply` reads by default (--max-line-bytes raises it):
// a channel document, the largest operation, may hold 16 MiB
// (k_max_document_bytes in app), and a longer line is refused as that
// line's error after at most this much of it was held in memory.
inline constexpr std::size_t k_apply_default_max_line_bytes = 16u << 20;
// The most --max-line-bytes may say: 1 GiB, well below what a line's
// parsed JSON (several times its text) may take on a small machine.
inline constexpr std::size_t k_apply_max_line_bytes_limit = 1u << 30;

// Hooks an operation may need beyond the database (e.g. keeping a backup
// file current); empty by default.
struct OperationContext {
  bool backup_data_changed = false;  // set by operations that change what a channel backup holds
};

// Runs operation `name` (e.g. "tower.add") inside the caller's transaction.
// Returns the operation's result object. Unknown names fail with malformed
// "unknown_operation"; bad fields with malformed errors; rule violations
// with rule errors. On failure the caller must roll back.
[[nodiscard]] Result<nlohmann::ordered_json> run_operation(storage::Store& store, std::string_view name, const nlohmann::ordered_json& params,
                                                   OperationContext& context);

bool is_known_operation(std::string_view name);

}  // namespace lnstore::ops
