#include <doctest/doctest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "core/util/secure_bytes.hpp"

using namespace lnstore;

using lnstore::util::SecureBytes;

TEST_SUITE_BEGIN("secure_bytes");

TEST_CASE("secure_wipe zeroes the buffer and tolerates empty input") {
  std::array<std::uint8_t, 8> buffer{1, 2, 3, 4, 5, 6, 7, 8};
  lnstore::util::secure_wipe(buffer.data(), buffer.size());
  for (auto b : buffer) CHECK(b == 0);
  lnstore::util::secure_wipe(nullptr, 0);
  lnstore::util::secure_wipe(buffer.data(), 0);
}

TEST_CASE("construction, copy and move") {
  util::SecureBytes zeros(4);
  REQUIRE(zeros.size() == 4);
  for (auto b : zeros) CHECK(b == 0);

  const std::array<std::uint8_t, 3> source{0xaa, 0xbb, 0xcc};
  util::SecureBytes a(source);
  util::SecureBytes copy = a;
  CHECK(copy == a);
  CHECK(copy.data() != a.data());  // deep copy
  copy[0] = 0x00;
  CHECK(a[0] == 0xaa);
  CHECK_FALSE(copy == a);

  util::SecureBytes moved = std::move(a);
  CHECK(moved.size() == 3);
  CHECK(moved[2] == 0xcc);
  CHECK(a.empty());  // NOLINT: a moved-from SecureBytes is defined to be empty

  moved.clear();
  CHECK(moved.empty());
  CHECK(moved.data() == nullptr);

  util::SecureBytes assigned;
  assigned = copy;
  CHECK(assigned == copy);
  assigned = util::SecureBytes(source);
  CHECK(assigned.span().size() == 3);
  CHECK(assigned[1] == 0xbb);
}

TEST_CASE("equality depends on size and every byte") {
  const std::array<std::uint8_t, 2> ab{1, 2}, ac{1, 3};
  const std::array<std::uint8_t, 3> abc{1, 2, 3};
  CHECK(util::SecureBytes(ab) == util::SecureBytes(ab));
  CHECK_FALSE(util::SecureBytes(ab) == util::SecureBytes(ac));
  CHECK_FALSE(util::SecureBytes(ab) == util::SecureBytes(abc));
  CHECK(util::SecureBytes() == util::SecureBytes(0));
}

namespace {

// The VmFlags of the mapping of /proc/self/smaps that holds `address`, or
// "" when none does.
std::string vm_flags_of(const void* address) {
  const auto where = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream header(line);
    // A mapping's header line: "begin-end perms offset dev inode [path]".
    if (line.find('-') != std::string::npos && (header >> std::hex >> begin >> dash >> end) && dash == '-' &&
        line.find(':') > line.find(' ')) {
      inside = begin <= where && where < end;
      continue;
    }
    if (inside && line.starts_with("VmFlags:")) return line.substr(8) + " ";
  }
  return "";
}

}  // namespace

TEST_CASE("storage is page-aligned, left out of core dumps (MADV_DONTDUMP) and locked where permitted") {
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  for (std::size_t n : {1u, 32u, 4095u, 4096u, 4097u, 70000u}) {
    INFO(n << " bytes");
    util::SecureBytes secret(n);
    REQUIRE(secret.size() == n);
    CHECK(reinterpret_cast<std::uintptr_t>(secret.data()) % page == 0);
    for (auto b : secret) REQUIRE(b == 0);
    secret[n - 1] = 0x5a;  // the last byte is writable
    const std::string flags = vm_flags_of(secret.data());
    REQUIRE_MESSAGE(!flags.empty(), "no mapping in /proc/self/smaps holds the buffer");
    CHECK_MESSAGE(flags.find(" dd ") != std::string::npos, flags);  // VM_DONTDUMP
    CHECK(vm_flags_of(secret.data() + n - 1) == flags);            // one mapping to its end
    struct rlimit memlock {};
    ::getrlimit(RLIMIT_MEMLOCK, &memlock);
    // AddressSanitizer intercepts mlock and ignores it ("AddressSanitizer
    // ignores mlock"), so a sanitizer build cannot show the lock.
#if !defined(__SANITIZE_ADDRESS__)
    if (::geteuid() == 0 || memlock.rlim_cur == RLIM_INFINITY)
      CHECK_MESSAGE(flags.find(" lo ") != std::string::npos, flags);  // VM_LOCKED: nothing could refuse it
#endif
  }
  // Copies get storage of their own, as guarded.
  const std::array<std::uint8_t, 3> source{1, 2, 3};
  const util::SecureBytes a(source);
  const util::SecureBytes copy(a);
  CHECK(reinterpret_cast<std::uintptr_t>(copy.data()) % page == 0);
  CHECK(vm_flags_of(copy.data()).find(" dd ") != std::string::npos);
}

TEST_CASE("a lock refused for RLIMIT_MEMLOCK is not an error") {
  struct rlimit saved {};
  REQUIRE(::getrlimit(RLIMIT_MEMLOCK, &saved) == 0);
  const struct rlimit none {0, saved.rlim_max};
  REQUIRE(::setrlimit(RLIMIT_MEMLOCK, &none) == 0);
  {
    util::SecureBytes secret(64);  // root (CAP_IPC_LOCK) still locks it; anyone else gets an unlocked buffer
    CHECK(secret.size() == 64);
    CHECK(vm_flags_of(secret.data()).find(" dd ") != std::string::npos);
    secret[0] = 1;
    CHECK(secret[0] == 1);
  }
  CHECK(::setrlimit(RLIMIT_MEMLOCK, &saved) == 0);
}

TEST_SUITE_END();
