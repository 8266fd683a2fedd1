// Error: the one failure type that crosses core's API. Every fallible core
// function returns Result<T>; app/ turns an Error into stderr and an exit code
// in exactly one place (app::Context::report, writing through app/output.cpp).
#pragma once

#include <expected>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace lnstore::util {

// The exit class of an error, with the process exit codes of SPEC section 2.
enum class ExitClass : int {
  rule = 1,          // refused by a rule of the data model
  usage = 2,         // bad or missing option
  malformed = 3,     // malformed input
  auth = 4,          // does not decrypt / authenticate
  busy = 5,          // database locked past the busy timeout
  incompatible = 6,  // newer, foreign or corrupt database
  io = 7,            // missing file, permission, disk full
  internal = 70,     // a bug
};

struct Error {
  ExitClass exit = ExitClass::internal;
  std::string code;     // stable snake_case API, e.g. "tower_not_found"
  std::string message;  // human text; may improve between versions
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
};

template <class T>
using Result = std::expected<T, Error>;

[[nodiscard]] inline std::unexpected<Error> fail(ExitClass exit, std::string code, std::string message,
                                                 nlohmann::ordered_json details = nlohmann::ordered_json::object()) {
  return std::unexpected<Error>(Error{exit, std::move(code), std::move(message), std::move(details)});
}

[[nodiscard]] inline std::unexpected<Error> rule_error(std::string code, std::string message) {
  return fail(ExitClass::rule, std::move(code), std::move(message));
}

[[nodiscard]] inline std::unexpected<Error> malformed(std::string code, std::string message) {
  return fail(ExitClass::malformed, std::move(code), std::move(message));
}

}  // namespace lnstore::util

namespace lnstore {
// Every part returns these, so they are spoken project-wide as std's
// vocabulary is: the one set of names re-exported from a part.
using util::Error;
using util::ExitClass;
using util::fail;
using util::malformed;
using util::Result;
using util::rule_error;
}  // namespace lnstore

// Propagate an error from an expression returning Result<T>; evaluates to the
// value on success. (A GNU statement expression: g++ and clang both accept it.)
// Each expansion gets its own variable name so that nested uses do not shadow.
#define LNSTORE_TRY_CAT_(a, b) a##b
#define LNSTORE_TRY_NAME_(n) LNSTORE_TRY_CAT_(lnstore_try_result_, n)
#define LNSTORE_TRY_IMPL_(expr, name)                       \
  ({                                                        \
    auto&& name = (expr);                                   \
    if (!name) [[unlikely]]                                 \
      return std::unexpected(std::move(name).error());      \
    std::move(name).value();                                \
  })
#define LNSTORE_TRY(expr) LNSTORE_TRY_IMPL_(expr, LNSTORE_TRY_NAME_(__COUNTER__))
