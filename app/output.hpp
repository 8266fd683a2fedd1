// Output: the one writer of everything lnstore prints (SPEC section 2).
// stdout carries only results: a whole document (JSON with a 2-space indent,
// one line with --compact, or app/text_format's tables with -o text), the
// pieces of a streamed listing, or one line per event for `apply` and
// `backup watch`. stderr carries errors (one line: JSON with -o json, else
// "lnstore: error: MESSAGE") and log lines. JSON is always dumped the same
// way, with bytes that are not UTF-8 replaced by U+FFFD, never thrown on.
//
// Every stdout write is checked and flushed where a reader waits for it: a
// failed fwrite or fflush becomes io "output_failed" naming errno, so a
// command never exits 0 with its result undelivered. stderr failures have
// nowhere to be reported: they are checked and dropped, and the exit status
// still tells.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"

namespace lnstore::app {

struct GlobalOptions;

class Output {
 public:
  using Json = nlohmann::ordered_json;

  explicit Output(const GlobalOptions& options) : m_options(options) {}

  bool text() const;
  bool compact() const;

  // The one JSON serialization: `indent` -1 is one line.
  static std::string dump(const Json& value, int indent);
  // As results print: 2-space indent, or one line with --compact.
  std::string dump(const Json& value) const { return dump(value, compact() ? -1 : 2); }

  // A whole result, as the options say, written and flushed.
  [[nodiscard]] Result<void> result(const Json& value);
  // One line of a line stream: compact JSON, written and flushed at once.
  [[nodiscard]] Result<void> line(const Json& value);
  // The same for a line already serialized (without its newline).
  [[nodiscard]] Result<void> line_text(std::string_view serialized);
  // Bytes of a streamed document; with `flush` they leave stdio's buffer now.
  [[nodiscard]] Result<void> write(std::string_view bytes, bool flush);

  // The error on stderr, in the format of -o.
  void error(const Error& error) const;
  // A log line on stderr when `level` <= verbosity (-v minus -q).
  void log(int level, std::string_view message) const;
  // A progress note on stderr, whatever the verbosity.
  void note(std::string_view message) const;
  // Help text on stderr as it is (after a usage error: what the operator
  // could have typed).
  void help(std::string_view text) const;

 private:
  const GlobalOptions& m_options;
};

// The error a failed stdout write becomes (io, "output_failed"); `err` is
// the errno of the failure.
Error output_error(int err);

}  // namespace lnstore::app
