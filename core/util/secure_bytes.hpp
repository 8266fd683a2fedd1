// SecureBytes: an owning, fixed-size byte buffer for secrets (private keys,
// chain codes, symmetric keys, seeds) that is wiped when it dies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string.h>  // explicit_bzero (glibc)
#include <utility>

namespace lnstore::util {

// Overwrites n bytes at p with zeros in a way the optimiser may not remove
// (glibc's explicit_bzero), for secrets held in buffers we do not own.
inline void secure_wipe(void* p, std::size_t n) noexcept {
  if (p != nullptr && n != 0) ::explicit_bzero(p, n);
}

// The size is fixed at construction: a growing buffer would leave stale
// copies of the secret behind in freed memory. Copies are deep; moves steal
// the storage and leave the source empty. Every destructor and assignment
// wipes the storage it releases.
class SecureBytes {
 public:
  SecureBytes() = default;

  // n zero bytes.
  explicit SecureBytes(std::size_t n) : m_data(n ? std::make_unique<std::uint8_t[]>(n) : nullptr), m_size(n) {}

  // A copy of `bytes`; the caller remains responsible for wiping the source.
  explicit SecureBytes(std::span<const std::uint8_t> bytes) : SecureBytes(bytes.size()) {
    if (m_size) std::memcpy(m_data.get(), bytes.data(), m_size);
  }

  SecureBytes(const SecureBytes& other) : SecureBytes(other.span()) {}
  SecureBytes(SecureBytes&& other) noexcept : m_data(std::move(other.m_data)), m_size(std::exchange(other.m_size, 0)) {}

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
      m_data = std::move(other.m_data);
      m_size = std::exchange(other.m_size, 0);
    }
    return *this;
  }

  ~SecureBytes() { clear(); }

  // Wipes and releases the storage; size() becomes 0.
  void clear() noexcept {
    secure_wipe(m_data.get(), m_size);
    m_data.reset();
    m_size = 0;
  }

  void swap(SecureBytes& other) noexcept {
    std::swap(m_data, other.m_data);
    std::swap(m_size, other.m_size);
  }

  std::uint8_t* data() noexcept { return m_data.get(); }
  const std::uint8_t* data() const noexcept { return m_data.get(); }
  std::size_t size() const noexcept { return m_size; }
  bool empty() const noexcept { return m_size == 0; }
  std::uint8_t& operator[](std::size_t i) noexcept { return m_data[i]; }
  std::uint8_t operator[](std::size_t i) const noexcept { return m_data[i]; }
  std::uint8_t* begin() noexcept { return m_data.get(); }
  std::uint8_t* end() noexcept { return m_data.get() + m_size; }
  const std::uint8_t* begin() const noexcept { return m_data.get(); }
  const std::uint8_t* end() const noexcept { return m_data.get() + m_size; }
  std::span<std::uint8_t> span() noexcept { return {m_data.get(), m_size}; }
  std::span<const std::uint8_t> span() const noexcept { return {m_data.get(), m_size}; }

  // Constant-time in the contents (not the sizes): secrets are compared
  // without leaking where they first differ.
  friend bool operator==(const SecureBytes& a, const SecureBytes& b) noexcept {
    if (a.m_size != b.m_size) return false;
    std::uint8_t diff = 0;
    for (std::size_t i = 0; i < a.m_size; ++i) diff |= static_cast<std::uint8_t>(a.m_data[i] ^ b.m_data[i]);
    return diff == 0;
  }

 private:
  std::unique_ptr<std::uint8_t[]> m_data;
  std::size_t m_size = 0;
};

}  // namespace lnstore::util
