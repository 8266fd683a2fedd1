// Help for people: a group's command list, `lnstore help [GROUP [CMD]]`,
// and "did you mean" for a mistyped command or option. Everything here reads
// the parser's own definitions (CLI::App), so help cannot drift from what
// the parser accepts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace lnstore::app {

// "lnstore tower": the words that name `command` on the command line.
std::string command_path(const CLI::App& command);

// The deepest command chosen on the command line (the application itself
// when none was).
CLI::App* chosen_command(CLI::App& app);

// True for a command that only groups others (`tower`, the application).
bool is_group(const CLI::App& command);

// A group's help: usage, description and its commands with their one-line
// descriptions. A leaf command's help is CLI11's (options with their types).
std::string help_text(const CLI::App& command);

// The visible names of `group`'s commands within a small edit distance of
// `typed` (or starting with it), closest first.
std::vector<std::string> suggest_commands(const CLI::App& group, std::string_view typed);
// The same for an option name ("--sttaus") among the options `command`
// accepts, its parents' (global) options included.
std::vector<std::string> suggest_options(const CLI::App& command, std::string_view typed);

// Optimal string alignment distance (adjacent transpositions count 1), the
// measure of "did you mean": "lst" is 1 from "list", "towre" 1 from "tower".
std::size_t edit_distance(std::string_view a, std::string_view b);

// Follows `words` from `app` through subcommands ("tower", "add"): the
// command they name, or nullptr with `unknown` set to the first word that
// names nothing and `parent` to where it was looked up.
CLI::App* find_command(CLI::App& app, const std::vector<std::string>& words, std::string& unknown, CLI::App*& parent);

}  // namespace lnstore::app
