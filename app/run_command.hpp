// run_command: the wiring every command shares. A command is its options,
// a body that calls core and returns a typed Result, and this: the result
// printed through the output writer, or the error reported, as one exit code.
#pragma once

#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/context.hpp"

namespace lnstore::app {

// Success exits 0 unless the command says otherwise for its result.
struct ExitZero {
  template <class T>
  int operator()(const T&) const {
    return 0;
  }
};

// What a command that wrote its own output (a stream of lines) returns:
// the exit code it ends with.
struct Streamed {
  int exit = 0;
};

namespace detail {
inline const nlohmann::ordered_json& as_json(const nlohmann::ordered_json& value) { return value; }
// A core result type: its to_json sits next to it (found by ADL).
template <class T>
nlohmann::ordered_json as_json(const T& value) {
  return to_json(value);
}
}  // namespace detail

// Runs `body()`, which returns Result<T>. On success a T is printed as the
// command's result (a JSON document or a core type with a to_json) and the
// command exits with exit_of(value); a T of void or Streamed means the body
// wrote its own output, and exits 0 or Streamed::exit. The body's error, or
// a failed write of the result, goes to Context::report and becomes the
// exit code.
template <class Body, class ExitOf = ExitZero>
int run_command(Context& ctx, Body&& body, ExitOf exit_of = {}) {
  auto result = std::invoke(std::forward<Body>(body));
  using T = typename decltype(result)::value_type;
  if (!result) return ctx.report(result.error());
  if constexpr (std::is_void_v<T>) {
    return 0;
  } else if constexpr (std::is_same_v<T, Streamed>) {
    return result->exit;
  } else {
    if (auto written = ctx.out.result(detail::as_json(*result)); !written) return ctx.report(written.error());
    return exit_of(*result);
  }
}

// A read command: `body(store)` in one read transaction (Context::read).
template <class Body>
int run_read(Context& ctx, Body&& body) {
  return run_command(ctx, [&] { return ctx.read(body); });
}

// A write command that is one named operation of core/ops (Context::write_operation).
inline int run_operation(Context& ctx, std::string_view name, const nlohmann::ordered_json& params) {
  return run_command(ctx, [&] { return ctx.write_operation(name, params); });
}

// Makes `run` what happens when `command` is chosen on the command line (it
// runs after parsing and the config file, from app/cli.cpp).
inline void on_run(CLI::App* command, Context& ctx, std::function<int()> run) {
  command->callback([&ctx, run = std::move(run)] { ctx.action = run; });
}

// A command group (`lnstore tower ...`): one subcommand required, and the
// global options accepted after the group name too.
inline CLI::App* add_group(CLI::App& app, std::string name, std::string description) {
  CLI::App* group = app.add_subcommand(std::move(name), std::move(description));
  group->require_subcommand(1);
  group->fallthrough();
  return group;
}

}  // namespace lnstore::app
