// Shell completion scripts for bash, zsh and fish, generated from the parser
// itself (`lnstore completion SHELL`): the commands, options, enum values
// (an option's CLI::IsMember set) and file arguments (type name FILE) are
// read from the CLI::App tree, so completion cannot drift from what the
// parser accepts. The build writes the three scripts and `cmake --install`
// puts them where each shell looks.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/context.hpp"
#include "core/util/error.hpp"

namespace lnstore::app {

// The completion script for `shell` ("bash", "zsh" or "fish").
[[nodiscard]] Result<std::string> completion_script(const CLI::App& app, std::string_view shell);

// A validator that accepts anything but names the usual values, for an
// option that also takes other spellings (--blob-type takes numbers too):
// help shows the names and completion offers them.
CLI::Validator usual_values(const std::vector<std::string>& values);

// The blob type names, for --blob-type.
std::vector<std::string> blob_type_names();

// `lnstore completion bash|zsh|fish`.
void setup_completion(CLI::App& app, Context& ctx);

}  // namespace lnstore::app
