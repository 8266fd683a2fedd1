// AtomicFile: replace a file so that a crash at any moment leaves either the
// complete old file or the complete new one. Writes go to a temporary file
// in the target's directory (O_EXCL, 0600), which is fsynced, renamed over
// the target, and the directory fsynced.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>

#include "core/util/error.hpp"

namespace lnstore::util {

class AtomicFile {
 public:
  // Creates the temporary file next to `target`. io errors on failure.
  [[nodiscard]] static Result<AtomicFile> create(const std::filesystem::path& target);

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  ~AtomicFile();  // removes the temporary file unless committed

  const std::filesystem::path& temp_path() const { return m_temp; }
  const std::filesystem::path& target() const { return m_target; }

  [[nodiscard]] Result<void> write(std::span<const std::uint8_t> data);
  // fsync, close, rename over the target, fsync the directory.
  [[nodiscard]] Result<void> commit();
  // For content another writer (e.g. SQLite) put at temp_path(): reopen,
  // fsync, then rename and fsync the directory as commit() does.
  [[nodiscard]] Result<void> commit_existing();

 private:
  AtomicFile(std::filesystem::path target, std::filesystem::path temp, int fd)
      : m_target(std::move(target)), m_temp(std::move(temp)), m_fd(fd) {}
  [[nodiscard]] Result<void> rename_into_place();

  std::filesystem::path m_target;
  std::filesystem::path m_temp;
  int m_fd = -1;
  bool m_committed = false;
};

// fsyncs a directory so a rename inside it is durable.
[[nodiscard]] Result<void> fsync_directory(const std::filesystem::path& dir);

}  // namespace lnstore::util
