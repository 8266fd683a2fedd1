// InputFile: the one way lnstore reads a file it is given (a document, a
// key, a passphrase, a config file, a backup, an lnd database, apply's
// lines) or standard input.
//
// A path must name a regular file: it is opened with O_NONBLOCK so that a
// FIFO with no writer never blocks the process, then fstat'ed, and a
// directory, FIFO, socket or device is refused before a byte is read. Every
// read is bounded by a limit the caller chooses, and every read error is
// reported, never taken for the end of the file.
//
// Errors (all name the path in the message and in details "path"):
//   exit 7 "file_not_found"      the path does not exist
//   exit 7 "permission_denied"   the path cannot be opened for reading
//   exit 7 "not_a_regular_file"  a directory, FIFO, socket or device
//   exit 7 "io_error"            open, fstat or read failed (details "errno")
//   exit 7 "input_closed"        standard input was closed when lnstore started
//   exit 3 "file_too_large"      more bytes than the caller's limit (details "limit_bytes")
//   exit 3 "line_too_long"       read_line: a line longer than its limit
//   exit 7 "process_hardening_failed"  read_secret: core dumps cannot be
//                                      disabled (this one names no path)
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/util/error.hpp"
#include "core/util/secure_bytes.hpp"

namespace lnstore::util {

class InputFile {
 public:
  // Opens `path` (which must be a regular file) for reading.
  [[nodiscard]] static Result<InputFile> open(const std::filesystem::path& path);
  // Standard input, as it is (a pipe, a terminal or a redirected file); it
  // stays open when the InputFile dies.
  [[nodiscard]] static InputFile standard_input();

  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&&) = delete;
  InputFile(const InputFile&) = delete;
  ~InputFile();

  int fd() const { return m_fd; }
  // The path, or "standard input": what error messages call the file.
  const std::string& name() const { return m_name; }
  // The size fstat reported when the file was opened; nullopt for standard
  // input that is not a regular file.
  std::optional<std::uint64_t> size() const { return m_size; }

  // Everything from the current position to the end: at most `limit` bytes,
  // else "file_too_large" (and nothing is returned).
  [[nodiscard]] Result<std::vector<std::uint8_t>> read_all(std::size_t limit);
  // The same for a secret: read into one buffer sized once (from fstat, or
  // `limit` for standard input) and wiped on every path; the result holds
  // exactly the bytes read. Before the first byte is read the process is
  // hardened (harden_process_for_secrets: no core dumps, not dumpable), so
  // every way a key or passphrase enters lnstore gets it; that can fail with
  // exit 7 "process_hardening_failed", and then nothing is read.
  [[nodiscard]] Result<SecureBytes> read_secret(std::size_t limit);
  // The next line without its '\n' into `line`; false (and `line` empty) at
  // the end of the input. A last line without '\n' is still a line.
  // "line_too_long" when a line exceeds `limit` bytes: at most `limit` plus
  // one chunk of it is held in memory; the next call first reads the rest
  // of it up to and including its '\n' and drops it, then returns the next
  // line.
  // A read error is never the end of the input: it is returned, and the
  // position after it is unknown.
  [[nodiscard]] Result<bool> read_line(std::string& line, std::size_t limit);

 private:
  InputFile(int fd, std::string name, bool owned, std::optional<std::uint64_t> size)
      : m_fd(fd), m_name(std::move(name)), m_owned(owned), m_size(size) {}
  // read(2) with EINTR retried; io_error on failure.
  [[nodiscard]] Result<std::size_t> read_some(std::uint8_t* data, std::size_t size);
  // read_line's helpers: append one chunk to m_pending (m_eof at the end);
  // drop bytes through the next '\n'; the error of an over-long line.
  static constexpr std::size_t k_chunk = 1 << 16;
  [[nodiscard]] Result<void> read_chunk();
  [[nodiscard]] Result<void> skip_rest_of_line();
  std::unexpected<Error> line_too_long(std::size_t limit) const;

  int m_fd = -1;
  std::string m_name;
  bool m_owned = false;
  std::optional<std::uint64_t> m_size;
  std::string m_pending;    // read_line: bytes read past the last line
  std::size_t m_start = 0;  // read_line: where the unread part of m_pending begins
  bool m_eof = false;
  bool m_skip_line = false;  // read_line: the rest of an over-long line is still to be dropped
};

// Whether a regular file is at `path` (false when nothing is), without
// opening it. A directory, FIFO, socket or device is exit 7
// "not_a_regular_file", as InputFile::open reports it; a failing stat
// (other than ENOENT) is exit 7 too.
[[nodiscard]] Result<bool> regular_file_exists(const std::filesystem::path& path);

// Reads the whole of the regular file `path`; at most `limit` bytes.
[[nodiscard]] Result<std::vector<std::uint8_t>> read_file(const std::filesystem::path& path, std::size_t limit);
// The same into a wiped buffer, for keys and passphrases.
[[nodiscard]] Result<SecureBytes> read_secret_file(const std::filesystem::path& path, std::size_t limit);

// "-" is standard input, anything else a path: for options that document
// '-' for stdin.
[[nodiscard]] Result<InputFile> open_input(const std::string& path_or_dash);

}  // namespace lnstore::util
