// WireReader: a bounds-checked cursor over untrusted bytes for the binary
// decoders (backups, lnd addresses, transactions, lnd's database values). It
// never reads past the end; every failure is an Error of one code and exit
// class (malformed input unless told otherwise: a damaged lnd database is
// "incompatible") whose message names the field and whose details carry the
// field and byte offset.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/hex.hpp"

namespace lnstore::codec {

class WireReader {
 public:
  // `error_code` is the code of every error (e.g. "bad_backup"); `context`
  // prefixes messages (e.g. "backup single 2: ").
  WireReader(std::span<const std::uint8_t> data, std::string error_code, std::string context = {},
             ExitClass exit = ExitClass::malformed)
      : m_data(data), m_code(std::move(error_code)), m_context(std::move(context)), m_exit(exit) {}

  std::size_t offset() const { return m_offset; }
  std::size_t remaining() const { return m_data.size() - m_offset; }
  bool at_end() const { return m_offset == m_data.size(); }
  std::span<const std::uint8_t> rest() const { return m_data.subspan(m_offset); }
  void set_context(std::string context) { m_context = std::move(context); }

  // An error for `field` at the current offset, e.g. "...: field capacity: truncated".
  std::unexpected<Error> error(std::string_view field, std::string_view problem) const {
    return fail(m_exit, m_code, m_context + std::string(field) + ": " + std::string(problem),
                {{"field", std::string(field)}, {"offset", m_offset}});
  }

  // The next n bytes (a view into the input), or a "truncated" error naming `field`.
  Result<std::span<const std::uint8_t>> bytes(std::size_t n, std::string_view field) {
    if (n > remaining())
      return error(field, "truncated (needs " + std::to_string(n) + " bytes, " + std::to_string(remaining()) +
                              " left at offset " + std::to_string(m_offset) + ")");
    auto out = m_data.subspan(m_offset, n);
    m_offset += n;
    return out;
  }

  // The next n bytes, copied.
  Result<util::Bytes> owned(std::size_t n, std::string_view field) {
    auto span = LNSTORE_TRY(bytes(n, field));
    return util::Bytes(span.begin(), span.end());
  }

  template <std::size_t N>
  Result<std::array<std::uint8_t, N>> array(std::string_view field) {
    auto span = LNSTORE_TRY(bytes(N, field));
    std::array<std::uint8_t, N> out;
    std::copy(span.begin(), span.end(), out.begin());
    return out;
  }

  Result<std::uint8_t> u8(std::string_view field) { return big_endian<std::uint8_t>(1, field); }
  Result<std::uint16_t> u16_be(std::string_view field) { return big_endian<std::uint16_t>(2, field); }
  Result<std::uint32_t> u32_be(std::string_view field) { return big_endian<std::uint32_t>(4, field); }
  Result<std::uint64_t> u64_be(std::string_view field) { return big_endian<std::uint64_t>(8, field); }
  Result<std::uint32_t> u32_le(std::string_view field) { return little_endian<std::uint32_t>(4, field); }
  Result<std::uint64_t> u64_le(std::string_view field) { return little_endian<std::uint64_t>(8, field); }

  // Bitcoin CompactSize, refusing non-minimal encodings as btcd's ReadVarInt does.
  Result<std::uint64_t> compact_size(std::string_view field) {
    const std::uint8_t first = LNSTORE_TRY(u8(field));
    std::uint64_t value = first;
    std::uint64_t minimum = 0;
    if (first == 0xfd) {
      value = LNSTORE_TRY(little_endian<std::uint64_t>(2, field));
      minimum = 0xfd;
    } else if (first == 0xfe) {
      value = LNSTORE_TRY(little_endian<std::uint64_t>(4, field));
      minimum = 0x10000;
    } else if (first == 0xff) {
      value = LNSTORE_TRY(little_endian<std::uint64_t>(8, field));
      minimum = 0x100000000;
    }
    if (value < minimum) return error(field, "non-canonical variable-length integer");
    return value;
  }

  // BOLT 1 BigSize (lnd's TLV varint): big-endian, minimal encoding required.
  Result<std::uint64_t> bigsize(std::string_view field) {
    const std::uint8_t first = LNSTORE_TRY(u8(field));
    if (first < 0xfd) return first;
    std::uint64_t value = 0;
    std::uint64_t minimum = 0;
    if (first == 0xfd) {
      value = LNSTORE_TRY(u16_be(field));
      minimum = 0xfd;
    } else if (first == 0xfe) {
      value = LNSTORE_TRY(u32_be(field));
      minimum = 0x10000;
    } else {
      value = LNSTORE_TRY(u64_be(field));
      minimum = 0x100000000ull;
    }
    if (value < minimum) return error(field, "BigSize not minimally encoded");
    return value;
  }

  // A CompactSize length, then that many bytes (btcd's ReadVarBytes), the
  // length capped at `max_length` as its callers cap it.
  Result<util::Bytes> var_bytes(std::string_view field, std::uint64_t max_length) {
    const std::uint64_t length = LNSTORE_TRY(compact_size(field));
    if (length > max_length)
      return error(field, "length " + std::to_string(length) + " exceeds the limit of " + std::to_string(max_length));
    return owned(static_cast<std::size_t>(length), field);
  }

  // Fails if bytes are left over after the last field of `what`.
  Result<void> finish(std::string_view what) const {
    if (!at_end()) return error(what, std::to_string(remaining()) + " unexpected trailing bytes");
    return {};
  }

 private:
  template <class T>
  Result<T> big_endian(std::size_t n, std::string_view field) {
    auto span = LNSTORE_TRY(bytes(n, field));
    T value = 0;
    for (std::uint8_t b : span) value = static_cast<T>((static_cast<std::uint64_t>(value) << 8) | b);
    return value;
  }
  template <class T>
  Result<T> little_endian(std::size_t n, std::string_view field) {
    auto span = LNSTORE_TRY(bytes(n, field));
    std::uint64_t value = 0;
    for (std::size_t i = n; i-- > 0;) value = (value << 8) | span[i];
    return static_cast<T>(value);
  }

  std::span<const std::uint8_t> m_data;
  std::size_t m_offset = 0;
  std::string m_code;
  std::string m_context;
  ExitClass m_exit;
};

}  // namespace lnstore::codec
