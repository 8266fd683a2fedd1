#include "app/completion.hpp"

#include <map>
#include <sstream>
#include <vector>

#include "app/run_command.hpp"
#include "core/codec/blob_type.hpp"

namespace lnstore::app {

namespace {

// What completion needs of one option or positional argument.
struct OptionModel {
  std::vector<std::string> names;    // "-o", "--output"; empty for a positional
  std::string description;
  bool takes_value = false;
  bool file = false;                 // type name FILE: complete paths
  std::vector<std::string> choices;  // from an IsMember validator
  bool global = false;               // the application's own (accepted after any command)
};

// One command path: "lnstore", "lnstore/tower", "lnstore/tower/add".
struct CommandModel {
  std::string key;
  std::vector<std::pair<std::string, std::string>> commands;  // name, description
  std::vector<OptionModel> options;                           // its own and its parents'
  std::vector<OptionModel> positionals;
};

// An IsMember validator describes itself as "{a,b,c}".
std::vector<std::string> choices_of(const CLI::Option* opt) {
  auto* o = const_cast<CLI::Option*>(opt);
  for (int i = 0;; ++i) {
    CLI::Validator* v = nullptr;
    try {
      v = o->get_validator(i);
    } catch (const CLI::OptionNotFound&) {
      return {};
    }
    std::string d = v->get_description();
    if (d.size() < 2 || d.front() != '{' || d.back() != '}') continue;
    std::vector<std::string> out;
    std::stringstream in(d.substr(1, d.size() - 2));
    for (std::string item; std::getline(in, item, ',');) out.push_back(item);
    return out;
  }
}

OptionModel model_of(const CLI::Option* opt) {
  OptionModel m;
  for (const auto& s : opt->get_snames()) m.names.push_back("-" + s);
  for (const auto& l : opt->get_lnames()) m.names.push_back("--" + l);
  m.description = opt->get_description();
  m.takes_value = opt->get_type_size() != 0;
  m.file = opt->get_type_name() == "FILE";
  m.choices = choices_of(opt);
  return m;
}

bool visible(const CLI::App* c) { return !c->get_group().empty(); }

void walk(const CLI::App& command, const std::string& key, std::vector<OptionModel> inherited, std::vector<CommandModel>& out) {
  CommandModel m;
  m.key = key;
  for (const auto* opt : command.get_options([](const CLI::Option* o) { return !o->get_group().empty(); })) {
    if (opt->get_positional() && opt->get_lnames().empty() && opt->get_snames().empty())
      m.positionals.push_back(model_of(opt));
    else {
      inherited.push_back(model_of(opt));
      inherited.back().global = command.get_parent() == nullptr;
    }
  }
  m.options = inherited;
  auto subs = const_cast<CLI::App&>(command).get_subcommands([](CLI::App* c) { return visible(c); });
  for (const auto* s : subs) m.commands.emplace_back(s->get_name(), s->get_description());
  out.push_back(m);
  for (const auto* s : subs) walk(*s, key + "/" + s->get_name(), inherited, out);
}

std::vector<CommandModel> model(const CLI::App& app) {
  std::vector<CommandModel> out;
  walk(app, "lnstore", {}, out);
  return out;
}

// Single-quoted for any of the three shells ('\'' closes, escapes, reopens).
std::string quote(std::string_view s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

std::string join(const std::vector<std::string>& items, char sep = ' ') {
  std::string s;
  for (const auto& i : items) s += (s.empty() ? "" : std::string(1, sep)) + i;
  return s;
}

// What a value or positional completes to: "@file", or the choices, or ""
// (free text: nothing to offer).
std::string value_spec(const OptionModel& o) {
  if (o.file) return "@file";
  return join(o.choices);
}

// The tables both bash and zsh scripts read: commands per path, options per
// path, value specs per "path option", positional spec per path.
struct Tables {
  std::vector<std::pair<std::string, std::string>> cmds, opts, vals, pos, cmd_desc, opt_desc;
};

Tables tables(const std::vector<CommandModel>& models) {
  Tables t;
  for (const auto& m : models) {
    std::vector<std::string> names, descs, onames, odescs;
    for (const auto& [n, d] : m.commands) {
      names.push_back(n);
      descs.push_back(n + ":" + d);
    }
    for (const auto& o : m.options) {
      for (const auto& n : o.names) {
        onames.push_back(n);
        odescs.push_back(n + ":" + o.description);
        if (o.takes_value) t.vals.emplace_back(m.key + " " + n, value_spec(o));
      }
    }
    t.cmds.emplace_back(m.key, join(names));
    t.cmd_desc.emplace_back(m.key, join(descs, '\n'));
    t.opts.emplace_back(m.key, join(onames));
    t.opt_desc.emplace_back(m.key, join(odescs, '\n'));
    if (!m.positionals.empty()) t.pos.emplace_back(m.key, value_spec(m.positionals.front()));
  }
  return t;
}

void emit_bash_array(std::ostringstream& out, const std::string& name, const std::vector<std::pair<std::string, std::string>>& rows) {
  out << "declare -gA " << name << "=(\n";
  for (const auto& [k, v] : rows) out << "  [" << quote(k) << "]=" << quote(v) << "\n";
  out << ")\n";
}

void emit_zsh_array(std::ostringstream& out, const std::string& name, const std::vector<std::pair<std::string, std::string>>& rows) {
  out << "typeset -gA " << name << "\n" << name << "=(\n";
  for (const auto& [k, v] : rows) out << "  " << quote(k) << " " << quote(v) << "\n";
  out << ")\n";
}

// The walk that finds the command path from the words typed so far: a word
// that names a subcommand of the current path extends it; an option that
// takes a value (and has no "=") skips the next word.
constexpr std::string_view k_bash_body = R"(
_lnstore() {
  local cur prev words cword
  if declare -F _init_completion >/dev/null; then
    _init_completion -n = || return
  else
    words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
    cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
  fi
  local cpath=lnstore i w
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    if [[ $w == -* ]]; then
      [[ $w != *=* && -n ${_lnstore_vals["$cpath $w"]+x} ]] && ((i++))
    elif [[ " ${_lnstore_cmds[$cpath]} " == *" $w "* ]]; then
      cpath=$cpath/$w
    fi
  done
  local spec
  if [[ $cur == --*=* ]]; then
    prev=${cur%%=*}; cur=${cur#*=}
  elif [[ $prev == -* && $prev != *=* && -n ${_lnstore_vals["$cpath $prev"]+x} ]]; then
    :
  else
    prev=
  fi
  if [[ -n $prev ]]; then
    spec=${_lnstore_vals["$cpath $prev"]}
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "${_lnstore_opts[$cpath]}" -- "$cur"))
    return
  elif [[ -n ${_lnstore_cmds[$cpath]} ]]; then
    COMPREPLY=($(compgen -W "${_lnstore_cmds[$cpath]}" -- "$cur"))
    return
  else
    spec=${_lnstore_pos[$cpath]}
  fi
  if [[ $spec == @file ]]; then
    if declare -F _filedir >/dev/null; then _filedir; else COMPREPLY=($(compgen -f -- "$cur")); fi
  elif [[ -n $spec ]]; then
    COMPREPLY=($(compgen -W "$spec" -- "$cur"))
  fi
}
complete -F _lnstore lnstore
)";

constexpr std::string_view k_zsh_body = R"(
_lnstore() {
  local cpath=lnstore i w spec
  local -a items
  for ((i = 2; i < CURRENT; i++)); do
    w=${words[i]}
    if [[ $w == -* ]]; then
      [[ $w != *=* && ${+_lnstore_vals[$cpath $w]} == 1 ]] && ((i++))
    elif [[ " ${_lnstore_cmds[$cpath]} " == *" $w "* ]]; then
      cpath=$cpath/$w
    fi
  done
  local cur=${words[CURRENT]} prev=${words[CURRENT-1]}
  if [[ $cur == --*=* ]]; then
    compset -P '*='
    spec=${_lnstore_vals[${cpath} ${cur%%=*}]}
  elif [[ $prev == -* && $prev != *=* && ${+_lnstore_vals[$cpath $prev]} == 1 ]]; then
    spec=${_lnstore_vals[$cpath $prev]}
  elif [[ $cur == -* ]]; then
    items=(${(f)_lnstore_optdesc[$cpath]})
    _describe -t options 'option' items
    return
  elif [[ -n ${_lnstore_cmds[$cpath]} ]]; then
    items=(${(f)_lnstore_cmddesc[$cpath]})
    _describe -t commands 'command' items
    return
  else
    spec=${_lnstore_pos[$cpath]}
  fi
  if [[ $spec == @file ]]; then
    _files
  elif [[ -n $spec ]]; then
    items=(${=spec})
    compadd -a items
  fi
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _lnstore "$@"
else
  compdef _lnstore lnstore
fi
)";

std::string bash_script(const std::vector<CommandModel>& models) {
  const Tables t = tables(models);
  std::ostringstream out;
  out << "# bash completion for lnstore (generated by 'lnstore completion bash'; do not edit)\n";
  emit_bash_array(out, "_lnstore_cmds", t.cmds);
  emit_bash_array(out, "_lnstore_opts", t.opts);
  emit_bash_array(out, "_lnstore_vals", t.vals);
  emit_bash_array(out, "_lnstore_pos", t.pos);
  out << k_bash_body;
  return out.str();
}

std::string zsh_script(const std::vector<CommandModel>& models) {
  const Tables t = tables(models);
  std::ostringstream out;
  out << "#compdef lnstore\n# zsh completion for lnstore (generated by 'lnstore completion zsh'; do not edit)\n";
  emit_zsh_array(out, "_lnstore_cmds", t.cmds);
  emit_zsh_array(out, "_lnstore_cmddesc", t.cmd_desc);
  emit_zsh_array(out, "_lnstore_optdesc", t.opt_desc);
  emit_zsh_array(out, "_lnstore_vals", t.vals);
  emit_zsh_array(out, "_lnstore_pos", t.pos);
  out << k_zsh_body;
  return out.str();
}

// fish: one `complete` line per command, option and value, each under a
// condition on the command path the typed words name.
std::string fish_script(const std::vector<CommandModel>& models) {
  std::ostringstream out;
  out << "# fish completion for lnstore (generated by 'lnstore completion fish'; do not edit)\n";
  // The value-taking options of every path, so the path walk skips values.
  std::vector<std::string> paths, value_options, global_value_options;
  for (const auto& m : models) {
    paths.push_back(quote(m.key));
    for (const auto& o : m.options) {
      if (!o.takes_value) continue;
      for (const auto& n : o.names) {
        if (!o.global) value_options.push_back(quote(m.key + " " + n));
        else if (m.key == "lnstore") global_value_options.push_back(quote(n));
      }
    }
  }
  out << "function __lnstore_path\n"
         "  set -l known " << join(paths) << "\n"
         "  set -l valued " << join(value_options) << "\n"
         "  set -l valued_global " << join(global_value_options) << "\n"
         "  set -l path lnstore\n"
         "  set -l tokens (commandline -opc)\n"
         "  set -l skip 0\n"
         "  for w in $tokens[2..-1]\n"
         "    if test $skip -eq 1\n"
         "      set skip 0\n"
         "      continue\n"
         "    end\n"
         "    if string match -q -- '-*' $w\n"
         "      if not string match -q -- '*=*' $w; and begin; contains -- $w $valued_global; or contains -- \"$path $w\" $valued; end\n"
         "        set skip 1\n"
         "      end\n"
         "    else if contains -- \"$path/$w\" $known\n"
         "      set path \"$path/$w\"\n"
         "    end\n"
         "  end\n"
         "  echo $path\n"
         "end\n"
         "complete -c lnstore -f\n";
  for (const auto& m : models) {
    const std::string cond = "-n " + quote("test (__lnstore_path) = " + m.key);
    for (const auto& [n, d] : m.commands) out << "complete -c lnstore " << cond << " -a " << quote(n) << " -d " << quote(d) << "\n";
    for (const auto& o : m.options) {
      // Global options are written once, for every path.
      if (o.global && m.key != "lnstore") continue;
      out << "complete -c lnstore " << (o.global ? std::string() : cond);
      for (const auto& n : o.names) out << (n.starts_with("--") ? " -l " + quote(n.substr(2)) : " -s " + quote(n.substr(1)));
      if (o.takes_value) out << (o.file ? " -r -F" : " -x");
      if (!o.choices.empty()) out << " -a " << quote(join(o.choices));
      out << " -d " << quote(o.description) << "\n";
    }
    if (m.commands.empty() && !m.positionals.empty()) {
      const auto& p = m.positionals.front();
      if (p.file) out << "complete -c lnstore " << cond << " -F\n";
      else if (!p.choices.empty()) out << "complete -c lnstore " << cond << " -a " << quote(join(p.choices)) << "\n";
    }
  }
  return out.str();
}

}  // namespace

CLI::Validator usual_values(const std::vector<std::string>& values) {
  return CLI::Validator([](std::string&) { return std::string{}; }, "{" + join(values, ',') + "}");
}

std::vector<std::string> blob_type_names() {
  std::vector<std::string> names;
  for (std::uint16_t t : {codec::k_blob_legacy, codec::k_blob_anchor, codec::k_blob_reward, codec::k_blob_taproot,
                          codec::k_blob_taproot_final})
    names.push_back(codec::blob_type_name(t));
  return names;
}

Result<std::string> completion_script(const CLI::App& app, std::string_view shell) {
  const auto models = model(app);
  if (shell == "bash") return bash_script(models);
  if (shell == "zsh") return zsh_script(models);
  if (shell == "fish") return fish_script(models);
  return fail(ExitClass::usage, "usage", "no completion for shell '" + std::string(shell) + "' (bash, zsh or fish)");
}

void setup_completion(CLI::App& app, Context& ctx) {
  auto shell = std::make_shared<std::string>();
  auto* c = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  c->add_option("SHELL", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
  on_run(c, ctx, [&ctx, &app, shell] {
    return run_command(ctx, [&]() -> Result<Streamed> {
      auto script = LNSTORE_TRY(completion_script(app, *shell));
      LNSTORE_TRY(ctx.out.write(script, true));
      return Streamed{0};
    });
  });
}

}  // namespace lnstore::app
