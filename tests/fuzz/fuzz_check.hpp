// Invariant checks shared by the fuzz targets. A broken invariant prints what
// broke and aborts, which libFuzzer reports as a crash and saves the input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"

namespace lnstore::fuzz {

[[noreturn]] inline void fail_check(const char* what, const char* file, int line, const std::string& extra = {}) {
  std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s%s%s\n", file, line, what, extra.empty() ? "" : ": ",
               extra.c_str());
  std::abort();
}

// A result as lnstore prints it. Decoded data must be valid UTF-8 by
// construction (names escaped, bytes in hex), so this dumps strictly: a
// string that is not valid UTF-8 throws, which the fuzzer reports as a crash.
inline std::string printed(const nlohmann::ordered_json& value) { return value.dump(); }

// The `-o json` form of an error, which must always be printable. Messages
// may quote the offending input, whatever its bytes; app/context.cpp prints
// them with invalid UTF-8 replaced, and so does this.
inline std::string printed(const Error& e) {
  return nlohmann::ordered_json{{"error", {{"code", e.code}, {"message", e.message}, {"details", e.details}}}}.dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// Checks that a decoder's error is the documented one: exit class `exit` and
// one of `codes`, with a non-empty message, printable as JSON.
inline void check_error(const Error& e, ExitClass exit, std::initializer_list<std::string_view> codes,
                        const char* file, int line) {
  bool known = false;
  for (std::string_view code : codes) known = known || e.code == code;
  if (e.exit != exit || !known || e.message.empty())
    fail_check("unexpected error", file, line,
               "exit " + std::to_string(static_cast<int>(e.exit)) + " code " + e.code + ": " + e.message);
  (void)printed(e);
}

// Checks that a decoded value re-encodes, decodes back to the same value, and
// that its encoding is a fixed point (lnd could always write what it read).
template <class T, class Encode, class Decode>
void check_round_trip(const T& value, Encode encode, Decode decode, const char* file, int line) {
  auto encoded = encode(value);
  if (!encoded) fail_check("encoded.has_value()", file, line, encoded.error().message);
  auto again = decode(*encoded);
  if (!again) fail_check("again.has_value()", file, line, again.error().message);
  if (!(*again == value)) fail_check("*again == value", file, line);
  auto encoded_again = encode(*again);
  if (!(encoded_again.has_value() && *encoded_again == *encoded))
    fail_check("encoded_again.has_value() && *encoded_again == *encoded", file, line);
}

}  // namespace lnstore::fuzz

#define LNSTORE_FUZZ_CHECK(cond) \
  ((cond) ? void(0) : ::lnstore::fuzz::fail_check(#cond, __FILE__, __LINE__))
#define LNSTORE_FUZZ_CHECK_MSG(cond, extra) \
  ((cond) ? void(0) : ::lnstore::fuzz::fail_check(#cond, __FILE__, __LINE__, (extra)))
#define LNSTORE_FUZZ_CHECK_ERROR(error, exit, ...) \
  ::lnstore::fuzz::check_error((error), (exit), {__VA_ARGS__}, __FILE__, __LINE__)
#define LNSTORE_FUZZ_CHECK_ROUND_TRIP(value, encode, decode) \
  ::lnstore::fuzz::check_round_trip((value), (encode), (decode), __FILE__, __LINE__)
