// Checks on a Result<T> shared by the decoder tests.
#pragma once

#include <string_view>
#include <utility>

#include <doctest/doctest.h>

#include "core/util/error.hpp"

namespace lnstore::test {

// The value of a Result that must hold one; the test stops otherwise.
template <class T>
T require_value(Result<T> result) {
  REQUIRE_MESSAGE(result.has_value(), (result ? "" : result.error().message));
  return std::move(*result);
}

// The error of a Result that must be refused with `code` and `exit`.
template <class T>
Error require_error(const Result<T>& result, std::string_view code, ExitClass exit) {
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == code);
  CHECK(result.error().exit == exit);
  return result.error();
}

}  // namespace lnstore::test
