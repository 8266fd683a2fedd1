#include "core/util/file_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/util/fault_injection.hpp"
#include "core/util/process_hardening.hpp"

namespace lnstore::util {

namespace {

using Json = nlohmann::ordered_json;

std::string errno_name(int err) {
  const char* name = ::strerrorname_np(err);
  return name ? name : std::to_string(err);
}

std::unexpected<Error> io_failure(const std::string& name, const char* what, int err) {
  std::string code = "io_error";
  if (err == ENOENT || err == ENOTDIR) code = "file_not_found";
  else if (err == EACCES || err == EPERM) code = "permission_denied";
  return fail(ExitClass::io, std::move(code), std::string(what) + " " + name + ": " + std::strerror(err),
              Json{{"path", name}, {"errno", errno_name(err)}});
}

std::unexpected<Error> too_large(const std::string& name, std::size_t limit) {
  return fail(ExitClass::malformed, "file_too_large",
              name + " is larger than " + std::to_string(limit) + " bytes, the most this input may hold",
              Json{{"path", name}, {"limit_bytes", limit}});
}

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

std::unexpected<Error> not_regular(const std::string& name, mode_t mode) {
  return fail(ExitClass::io, "not_a_regular_file", name + " is " + kind_of(mode) + ", not a regular file",
              Json{{"path", name}});
}

}  // namespace

Result<bool> regular_file_exists(const std::filesystem::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) {
    if (errno == ENOENT) return false;
    return io_failure(path.string(), "cannot stat", errno);
  }
  if (!S_ISREG(status.st_mode)) return not_regular(path.string(), status.st_mode);
  return true;
}

Result<InputFile> InputFile::open(const std::filesystem::path& path) {
  const std::string name = path.string();
  // O_NONBLOCK: opening a FIFO that has no writer would otherwise wait
  // forever, before fstat could tell us it is not a file.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return io_failure(name, "cannot open", errno);
  InputFile file(fd, name, true, std::nullopt);
  struct stat status {};
  if (::fstat(fd, &status) != 0) return io_failure(name, "cannot stat", errno);
  if (!S_ISREG(status.st_mode)) return not_regular(name, status.st_mode);
  // Reads of a regular file never block; clear the flag anyway so the
  // descriptor behaves as an ordinary one for whoever uses fd().
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) return io_failure(name, "cannot set flags of", errno);
  file.m_size = static_cast<std::uint64_t>(status.st_size);
  return file;
}

InputFile InputFile::standard_input() {
  std::optional<std::uint64_t> size;
  struct stat status {};
  if (::fstat(STDIN_FILENO, &status) == 0 && S_ISREG(status.st_mode)) size = static_cast<std::uint64_t>(status.st_size);
  return InputFile(STDIN_FILENO, "standard input", false, size);
}

InputFile::InputFile(InputFile&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)),
      m_name(std::move(other.m_name)),
      m_owned(std::exchange(other.m_owned, false)),
      m_size(other.m_size),
      m_pending(std::move(other.m_pending)),
      m_start(other.m_start),
      m_eof(other.m_eof),
      m_skip_line(other.m_skip_line) {}

InputFile::~InputFile() {
  if (m_owned && m_fd >= 0) ::close(m_fd);
}

Result<std::size_t> InputFile::read_some(std::uint8_t* data, std::size_t size) {
  for (;;) {
    if (fault::should_fail("file.read")) return io_failure(m_name, "cannot read", EIO);
    const ssize_t n = ::read(m_fd, data, size);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EBADF && !m_owned)
      // app's start-up puts a write-only /dev/null where a closed standard
      // input was, so that no file lnstore opens lands on descriptor 0 and
      // a closed input reads as this error, never as an empty one.
      return fail(ExitClass::io, "input_closed", m_name + " is closed", Json{{"path", m_name}, {"errno", "EBADF"}});
    if (errno != EINTR) return io_failure(m_name, "cannot read", errno);
  }
}

Result<std::vector<std::uint8_t>> InputFile::read_all(std::size_t limit) {
  if (m_size && *m_size > limit) return too_large(m_name, limit);
  std::vector<std::uint8_t> out;
  // One byte past the size fstat reported: a file that grew is still read to its end.
  out.reserve(static_cast<std::size_t>(m_size.value_or(0)) + 1);
  std::uint8_t buffer[1 << 16];
  for (;;) {
    const std::size_t n = LNSTORE_TRY(read_some(buffer, sizeof buffer));
    if (n == 0) return out;
    if (out.size() + n > limit) return too_large(m_name, limit);
    out.insert(out.end(), buffer, buffer + n);
  }
}

Result<SecureBytes> InputFile::read_secret(std::size_t limit) {
  LNSTORE_TRY(harden_process_for_secrets());
  if (m_size && *m_size > limit) return too_large(m_name, limit);
  // Sized once: a growing buffer would leave copies of the secret behind.
  // One byte more than expected tells a file that grew past its limit.
  const std::size_t expected = m_size ? static_cast<std::size_t>(*m_size) : limit;
  SecureBytes buffer(expected + 1);
  std::size_t used = 0;
  for (;;) {
    const std::size_t n = LNSTORE_TRY(read_some(buffer.data() + used, buffer.size() - used));
    if (n == 0) break;
    used += n;
    if (used == buffer.size()) {
      if (used > limit) return too_large(m_name, limit);
      return fail(ExitClass::io, "io_error", m_name + " changed while it was read", Json{{"path", m_name}});
    }
  }
  return SecureBytes(std::span<const std::uint8_t>(buffer.data(), used));
}

Result<bool> InputFile::read_line(std::string& line, std::size_t limit) {
  line.clear();
  if (m_skip_line) {
    m_skip_line = false;
    LNSTORE_TRY(skip_rest_of_line());
  }
  for (;;) {
    const auto nl = m_pending.find('\n', m_start);
    if (nl != std::string::npos) {
      if (nl - m_start > limit) {
        m_start = nl + 1;
        return line_too_long(limit);
      }
      line.assign(m_pending, m_start, nl - m_start);
      m_start = nl + 1;
      return true;
    }
    if (m_pending.size() - m_start > limit) {
      // Over the limit with no end in sight: the next call reads the rest
      // of the line and drops it chunk by chunk, never keeping it. Not
      // now: a caller that stops here must not wait for an end that may
      // never come (a pipe, /dev/zero).
      m_pending.clear();
      m_start = 0;
      m_skip_line = true;
      return line_too_long(limit);
    }
    if (m_eof) {
      if (m_start == m_pending.size()) return false;
      line.assign(m_pending, m_start, std::string::npos);
      m_start = m_pending.size();
      return true;
    }
    // Keep only the unread part, then append the next chunk.
    m_pending.erase(0, m_start);
    m_start = 0;
    LNSTORE_TRY(read_chunk());
  }
}

Result<void> InputFile::read_chunk() {
  const std::size_t old = m_pending.size();
  m_pending.resize(old + k_chunk);
  auto got = read_some(reinterpret_cast<std::uint8_t*>(m_pending.data()) + old, k_chunk);
  m_pending.resize(old + (got ? *got : 0));
  if (!got) return std::unexpected(got.error());
  if (*got == 0) m_eof = true;
  return {};
}

Result<void> InputFile::skip_rest_of_line() {
  while (!m_eof) {
    LNSTORE_TRY(read_chunk());
    const auto nl = m_pending.find('\n');
    if (nl != std::string::npos) {
      m_pending.erase(0, nl + 1);
      return {};
    }
    m_pending.clear();
  }
  return {};
}

std::unexpected<Error> InputFile::line_too_long(std::size_t limit) const {
  return fail(ExitClass::malformed, "line_too_long",
              "a line of " + m_name + " is longer than " + std::to_string(limit) + " bytes",
              Json{{"path", m_name}, {"limit_bytes", limit}});
}

Result<std::vector<std::uint8_t>> read_file(const std::filesystem::path& path, std::size_t limit) {
  auto file = LNSTORE_TRY(InputFile::open(path));
  return file.read_all(limit);
}

Result<SecureBytes> read_secret_file(const std::filesystem::path& path, std::size_t limit) {
  auto file = LNSTORE_TRY(InputFile::open(path));
  return file.read_secret(limit);
}

Result<InputFile> open_input(const std::string& path_or_dash) {
  if (path_or_dash.empty() || path_or_dash == "-") return InputFile::standard_input();
  return InputFile::open(path_or_dash);
}

}  // namespace lnstore::util
