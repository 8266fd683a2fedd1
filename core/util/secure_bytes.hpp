// SecureBytes: an owning, fixed-size byte buffer for secrets (private keys,
// chain codes, symmetric keys, seeds) that is wiped when it dies.
//
// Its storage comes from secure_allocate: whole pages of their own, marked
// MADV_DONTDUMP (left out of any core dump) and locked in RAM with mlock
// where RLIMIT_MEMLOCK allows (never swapped out; a refused lock is not an
// error). Together with harden_process_for_secrets (process_hardening.hpp)
// a key never reaches a core file or, while the lock holds, swap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string.h>  // explicit_bzero (glibc)
#include <utility>

namespace lnstore::util {

// Overwrites n bytes at p with zeros in a way the optimiser may not remove
// (glibc's explicit_bzero), for secrets held in buffers we do not own.
inline void secure_wipe(void* p, std::size_t n) noexcept {
  if (p != nullptr && n != 0) ::explicit_bzero(p, n);
}

// n zero bytes (n > 0) at the start of a private anonymous mapping of whole
// pages, madvise(MADV_DONTDUMP)'d and mlock'd where permitted (an mlock
// refused for RLIMIT_MEMLOCK or privileges is ignored: the buffer is then
// only excluded from core dumps). Throws std::bad_alloc when the mapping
// cannot be made.
[[nodiscard]] std::uint8_t* secure_allocate(std::size_t n);
// Wipes the n bytes at p, then unmaps (and so unlocks) the pages
// secure_allocate(n) returned. p == nullptr is a no-op.
void secure_deallocate(std::uint8_t* p, std::size_t n) noexcept;

// The size is fixed at construction: a growing buffer would leave stale
// copies of the secret behind in freed memory. Copies are deep; moves steal
// the storage and leave the source empty. Every destructor and assignment
// wipes the storage it releases.
class SecureBytes {
 public:
  SecureBytes() = default;

  // n zero bytes.
  explicit SecureBytes(std::size_t n) : m_data(n ? secure_allocate(n) : nullptr), m_size(n) {}

  // A copy of `bytes`; the caller remains responsible for wiping the source.
  explicit SecureBytes(std::span<const std::uint8_t> bytes) : SecureBytes(bytes.size()) {
    if (m_size) std::memcpy(m_data, bytes.data(), m_size);
  }

  SecureBytes(const SecureBytes& other) : SecureBytes(other.span()) {}
  SecureBytes(SecureBytes&& other) noexcept
      : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)) {}

  SecureBytes& operator=(const SecureBytes& other) {
    if (this != &other) {
      SecureBytes copy(other);
      swap(copy);
    }
    return *this;
  }
  SecureBytes& operator=(SecureBytes&& other) noexcept {
    if (this != &other) {
      clear();
      m_data = std::exchange(other.m_data, nullptr);
      m_size = std::exchange(other.m_size, 0);
    }
    return *this;
  }

  ~SecureBytes() { clear(); }

  // Wipes and releases the storage; size() becomes 0.
  void clear() noexcept {
    secure_deallocate(m_data, m_size);
    m_data = nullptr;
    m_size = 0;
  }

  void swap(SecureBytes& other) noexcept {
    std::swap(m_data, other.m_data);
    std::swap(m_size, other.m_size);
  }

  std::uint8_t* data() noexcept { return m_data; }
  const std::uint8_t* data() const noexcept { return m_data; }
  std::size_t size() const noexcept { return m_size; }
  bool empty() const noexcept { return m_size == 0; }
  std::uint8_t& operator[](std::size_t i) noexcept { return m_data[i]; }
  std::uint8_t operator[](std::size_t i) const noexcept { return m_data[i]; }
  std::uint8_t* begin() noexcept { return m_data; }
  std::uint8_t* end() noexcept { return m_data + m_size; }
  const std::uint8_t* begin() const noexcept { return m_data; }
  const std::uint8_t* end() const noexcept { return m_data + m_size; }
  std::span<std::uint8_t> span() noexcept { return {m_data, m_size}; }
  std::span<const std::uint8_t> span() const noexcept { return {m_data, m_size}; }

  // Constant-time in the contents (not the sizes): secrets are compared
  // without leaking where they first differ.
  friend bool operator==(const SecureBytes& a, const SecureBytes& b) noexcept {
    if (a.m_size != b.m_size) return false;
    std::uint8_t diff = 0;
    for (std::size_t i = 0; i < a.m_size; ++i) diff |= static_cast<std::uint8_t>(a.m_data[i] ^ b.m_data[i]);
    return diff == 0;
  }

 private:
  std::uint8_t* m_data = nullptr;  // from secure_allocate(m_size), or null when empty
  std::size_t m_size = 0;
};

}  // namespace lnstore::util
