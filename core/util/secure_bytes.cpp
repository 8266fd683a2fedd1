#include "core/util/secure_bytes.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

namespace lnstore::util {

namespace {

std::size_t page_size() noexcept {
  static const std::size_t size = [] {
    const long n = ::sysconf(_SC_PAGESIZE);
    return n > 0 ? static_cast<std::size_t>(n) : std::size_t{4096};
  }();
  return size;
}

// Whole pages for n bytes.
std::size_t mapping_size(std::size_t n) noexcept {
  const std::size_t page = page_size();
  return (n + page - 1) / page * page;
}

}  // namespace

std::uint8_t* secure_allocate(std::size_t n) {
  if (n == 0 || n > SIZE_MAX - page_size()) throw std::bad_alloc();
  const std::size_t length = mapping_size(n);
  void* p = ::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  // Both are best effort: a kernel without MADV_DONTDUMP (before 3.4) still
  // has the process-wide guard of harden_process_for_secrets, and mlock is
  // refused beyond RLIMIT_MEMLOCK (64 KiB on some systems) for unprivileged
  // processes, which must not stop lnstore from working.
  (void)::madvise(p, length, MADV_DONTDUMP);
  (void)::mlock(p, length);
#if defined(__SANITIZE_ADDRESS__)
  // Past the n bytes asked for, the page is ours but not the caller's: keep
  // AddressSanitizer's overflow checks that a heap buffer would have had.
  ASAN_POISON_MEMORY_REGION(static_cast<std::uint8_t*>(p) + n, length - n);
#endif
  return static_cast<std::uint8_t*>(p);
}

void secure_deallocate(std::uint8_t* p, std::size_t n) noexcept {
  if (p == nullptr) return;
  secure_wipe(p, n);
  const std::size_t length = mapping_size(n);
#if defined(__SANITIZE_ADDRESS__)
  ASAN_UNPOISON_MEMORY_REGION(p + n, length - n);
#endif
  (void)::munmap(p, length);
}

}  // namespace lnstore::util
