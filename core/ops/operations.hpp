// Operations: every state-changing command as a named operation over a JSON
// object of snake_case fields. The CLI commands and `apply` lines both go
// through here, so a command and its batch form behave identically.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"
#include "core/storage/store.hpp"

namespace lnstore::ops {

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
