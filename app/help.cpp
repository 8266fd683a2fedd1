#include "app/help.hpp"

#include <algorithm>
#include <numeric>
#include <sstream>

namespace lnstore::app {

namespace {

// Commands and options without a group are hidden from help (CLI11's rule).
bool visible(const CLI::App* command) { return !command->get_group().empty(); }

std::vector<CLI::App*> visible_commands(const CLI::App& group) {
  auto all = const_cast<CLI::App&>(group).get_subcommands([](CLI::App* c) { return visible(c); });
  return all;
}

// Every spelling of an option ("-o", "--output"), for suggestions.
std::vector<std::string> option_names(const CLI::Option* opt) {
  std::vector<std::string> names;
  for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
  return names;
}

std::vector<std::string> rank(std::string_view typed, const std::vector<std::string>& candidates) {
  // A suggestion is worth showing when it is a few edits away (a third of
  // the word, at least 1, at most 3) or extends what was typed.
  const std::size_t limit = std::clamp<std::size_t>(typed.size() / 3, 1, 3);
  std::vector<std::pair<std::size_t, std::string>> hits;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(typed, c);
    if (d <= limit || (typed.size() >= 2 && c.starts_with(typed))) hits.emplace_back(d, c);
  }
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& [d, c] : hits)
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(std::move(c));
  if (out.size() > 3) out.resize(3);
  return out;
}

// "--status active|inactive", "--db FILE", "--max-updates INT": the value's
// type as CLI11 names it, without the validator text CLI11 appends, or the
// values themselves when the option takes one of a set.
std::string value_label(const CLI::Option* opt) {
  std::string type = opt->get_type_name();
  if (auto colon = type.find(':'); colon != std::string::npos) {
    std::string rest = type.substr(colon + 1);
    type.resize(colon);
    if (rest.size() > 2 && rest.front() == '{' && rest.back() == '}') {
      type = rest.substr(1, rest.size() - 2);
      std::replace(type.begin(), type.end(), ',', '|');
    }
  }
  return type;
}

std::string option_label(const CLI::Option* opt) {
  if (opt->get_positional() && opt->get_lnames().empty() && opt->get_snames().empty()) return opt->get_name();
  std::string label = opt->get_name(false, true);
  if (opt->get_type_size() != 0) label += " " + value_label(opt);
  return label;
}

void list_options(std::ostringstream& out, const std::vector<const CLI::Option*>& options) {
  std::size_t width = 0;
  for (const auto* o : options) width = std::max(width, option_label(o).size());
  for (const auto* o : options) {
    std::string label = option_label(o);
    out << "  " << label << std::string(width - label.size() + 2, ' ') << o->get_description() << "\n";
  }
}

bool positional(const CLI::Option* o) { return o->get_positional() && o->get_lnames().empty() && o->get_snames().empty(); }

// A command's help: usage with its arguments, description, arguments and
// options (the global ones are in `lnstore help`).
std::string command_help(const CLI::App& command) {
  std::ostringstream out;
  auto shown = command.get_options([](const CLI::Option* o) { return !o->get_group().empty(); });
  std::vector<const CLI::Option*> args, options;
  for (const auto* o : shown) (positional(o) ? args : options).push_back(o);
  out << "Usage: " << command_path(command) << " [OPTIONS]";
  for (const auto* a : args) out << " " << (a->get_required() ? a->get_name() : "[" + a->get_name() + "]");
  out << "\n\n";
  if (!command.get_description().empty()) out << command.get_description() << "\n\n";
  if (!args.empty()) {
    out << "Arguments:\n";
    list_options(out, args);
    out << "\n";
  }
  out << "Options:\n";
  list_options(out, options);
  out << "\nGlobal options (--db, --network, -o, ...): 'lnstore help'.\n";
  return out.str();
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[n][m];
}

std::string command_path(const CLI::App& command) {
  std::vector<std::string> words;
  for (const CLI::App* c = &command; c != nullptr; c = c->get_parent()) words.push_back(c->get_name());
  std::reverse(words.begin(), words.end());
  std::string path;
  for (const auto& w : words) path += (path.empty() ? "" : " ") + w;
  return path;
}

CLI::App* chosen_command(CLI::App& app) {
  CLI::App* current = &app;
  for (;;) {
    auto parsed = current->get_subcommands();
    if (parsed.empty()) return current;
    current = parsed.front();
  }
}

bool is_group(const CLI::App& command) { return !visible_commands(command).empty(); }

std::string help_text(const CLI::App& command) {
  if (!is_group(command)) return command_help(command);
  std::ostringstream out;
  const std::string path = command_path(command);
  out << "Usage: " << path << " COMMAND [OPTIONS]\n\n";
  if (!command.get_description().empty()) out << command.get_description() << "\n\n";
  auto commands = visible_commands(command);
  std::size_t width = 0;
  for (const auto* c : commands) width = std::max(width, c->get_name().size());
  // The application's groups come first, then its standalone commands.
  out << "Commands:\n";
  for (const auto* c : commands) {
    out << "  " << c->get_name() << std::string(width - c->get_name().size() + 2, ' ') << c->get_description() << "\n";
  }
  if (command.get_parent() == nullptr) {
    out << "\nGlobal options (before or after the command):\n";
    list_options(out, command.get_options([](const CLI::Option* o) { return !o->get_group().empty(); }));
    out << "\nRun 'lnstore help GROUP' for a group's commands and 'lnstore help GROUP COMMAND' for a command's options.\n";
  } else {
    out << "\nRun 'lnstore help " << path.substr(path.find(' ') + 1)
        << " COMMAND' for a command's options, 'lnstore help' for the global options.\n";
  }
  return out.str();
}

std::vector<std::string> suggest_commands(const CLI::App& group, std::string_view typed) {
  std::vector<std::string> names;
  for (const auto* c : visible_commands(group)) names.push_back(c->get_name());
  return rank(typed, names);
}

std::vector<std::string> suggest_options(const CLI::App& command, std::string_view typed) {
  std::vector<std::string> names;
  for (const CLI::App* c = &command; c != nullptr; c = c->get_parent())
    for (const auto* o : c->get_options()) {
      auto more = option_names(o);
      names.insert(names.end(), more.begin(), more.end());
    }
  return rank(typed, names);
}

CLI::App* find_command(CLI::App& app, const std::vector<std::string>& words, std::string& unknown, CLI::App*& parent) {
  CLI::App* current = &app;
  for (const auto& w : words) {
    CLI::App* next = nullptr;
    for (auto* c : visible_commands(*current))
      if (c->get_name() == w) next = c;
    if (next == nullptr) {
      unknown = w;
      parent = current;
      return nullptr;
    }
    current = next;
  }
  return current;
}

}  // namespace lnstore::app
