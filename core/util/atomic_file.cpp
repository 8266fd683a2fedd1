#include "core/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "core/util/fault_injection.hpp"

namespace lnstore::util {

namespace {
std::unexpected<Error> io_error(const std::string& what, const std::filesystem::path& path) {
  int err = errno;
  return fail(ExitClass::io, err == ENOSPC ? "disk_full" : "io_error",
              what + " " + path.string() + ": " + std::strerror(err));
}

// An injected fault behaves like the system call failing with `err`.
bool injected(std::string_view point, int err) {
  if (!util::fault::should_fail(point)) return false;
  errno = err;
  return true;
}


std::filesystem::path directory_of(const std::filesystem::path& p) {
  auto dir = p.parent_path();
  return dir.empty() ? std::filesystem::path(".") : dir;
}
}  // namespace

Result<void> fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open directory", dir);
  int rc = injected("file.dir_fsync", EIO) ? -1 : ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot fsync directory", dir);
  return {};
}

Result<AtomicFile> AtomicFile::create(const std::filesystem::path& target) {
  std::random_device rd;
  for (int attempt = 0; attempt < 16; ++attempt) {
    auto temp = directory_of(target) /
                ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    int fd = injected("file.create", EACCES) ? -1 : ::open(temp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd >= 0) return AtomicFile(target, temp, fd);
    if (errno != EEXIST) return io_error("cannot create temporary file in", directory_of(target));
  }
  return fail(ExitClass::io, "io_error", "cannot create a unique temporary file next to " + target.string());
}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : m_target(std::move(other.m_target)), m_temp(std::move(other.m_temp)), m_fd(other.m_fd), m_committed(other.m_committed) {
  other.m_fd = -1;
  other.m_committed = true;  // the moved-from object owns nothing
}

AtomicFile::~AtomicFile() {
  if (m_fd >= 0) ::close(m_fd);
  if (!m_committed) ::unlink(m_temp.c_str());
}

Result<void> AtomicFile::write(std::span<const std::uint8_t> data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = injected("file.write", ENOSPC) ? -1 : ::write(m_fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("cannot write", m_temp);
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

Result<void> AtomicFile::commit() {
  if (injected("file.fsync", EIO) || ::fsync(m_fd) != 0) return io_error("cannot fsync", m_temp);
  int rc = ::close(m_fd);
  m_fd = -1;
  if (rc != 0) return io_error("cannot close", m_temp);
  return rename_into_place();
}

Result<void> AtomicFile::commit_existing() {
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
  int fd = ::open(m_temp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot reopen", m_temp);
  int rc = injected("file.fsync", EIO) ? -1 : ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot fsync", m_temp);
  return rename_into_place();
}

Result<void> AtomicFile::rename_into_place() {
  if (injected("file.rename", EIO) || ::rename(m_temp.c_str(), m_target.c_str()) != 0)
    return io_error("cannot rename into", m_target);
  m_committed = true;
  return fsync_directory(directory_of(m_target));
}

}  // namespace lnstore::util
