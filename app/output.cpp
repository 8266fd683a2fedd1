#include "app/output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>

#include "app/context.hpp"
#include "app/text_format.hpp"

namespace lnstore::app {

namespace {

// Writes all of `bytes` to `stream`; false with errno set on failure.
bool put(std::FILE* stream, std::string_view bytes, bool flush) {
  errno = 0;
  if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), stream) != bytes.size()) return false;
  if (flush && std::fflush(stream) != 0) return false;
  return true;
}

Result<void> put_stdout(std::string_view bytes, bool flush) {
  if (!put(stdout, bytes, flush)) return std::unexpected(output_error(errno));
  return {};
}

void put_stderr(std::string_view bytes) {
  // Nothing is left to report a failed stderr write to; the exit status stands.
  (void)put(stderr, bytes, true);
}

}  // namespace

Error output_error(int err) {
  const char* name = err ? strerrorname_np(err) : nullptr;
  Error e{ExitClass::io, "output_failed", std::string("cannot write the result to stdout: ") + (err ? std::strerror(err) : "write failed")};
  e.details = {{"errno", name ? nlohmann::ordered_json(name) : nlohmann::ordered_json(err)}};
  return e;
}

bool Output::text() const { return m_options.output == "text"; }
bool Output::compact() const { return m_options.compact; }

std::string Output::dump(const Json& value, int indent) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// How wide stdout's terminal is: the window size, else $COLUMNS, else 80.
std::size_t terminal_width() {
  struct winsize ws {};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS"); c && *c) {
    const long n = std::strtol(c, nullptr, 10);
    if (n > 0) return static_cast<std::size_t>(n);
  }
  return 80;
}

Result<void> Output::result(const Json& value) {
  std::string out;
  if (text()) {
    TextOptions o;
    o.terminal = ::isatty(STDOUT_FILENO) == 1;
    o.width = o.terminal ? terminal_width() : 0;
    o.wide = m_options.wide;
    o.columns = m_options.columns;
    out = to_text(value, o);
  } else {
    out = dump(value) + "\n";
  }
  return put_stdout(out, true);
}

Result<void> Output::line(const Json& value) { return line_text(dump(value, -1)); }

Result<void> Output::line_text(std::string_view serialized) {
  std::string out;
  out.reserve(serialized.size() + 1);
  out.append(serialized);
  out += '\n';
  return put_stdout(out, true);
}

Result<void> Output::write(std::string_view bytes, bool flush) { return put_stdout(bytes, flush); }

void Output::error(const Error& error) const {
  if (text()) {
    put_stderr("lnstore: error: " + printable(error.message) + "\n");
    return;
  }
  // One line, always: scripts read stderr line by line.
  Json e = {{"error", {{"code", error.code}, {"message", error.message}, {"details", error.details}}}};
  put_stderr(dump(e, -1) + "\n");
}

void Output::log(int level, std::string_view message) const {
  if (level <= m_options.verbose - m_options.quiet) note(message);
}

void Output::help(std::string_view text) const { put_stderr(text); }

void Output::note(std::string_view message) const { put_stderr("lnstore: " + printable(message) + "\n"); }

}  // namespace lnstore::app
